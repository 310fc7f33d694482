import { demoSubject } from '@luotsi/auth';
import { bearer, type TestClaims } from '@luotsi/auth/testing';

type Headers = { Authorization: string };
type Extra = Partial<TestClaims> & { expiresInSec?: number; audience?: string; issuer?: string };

function headersOf(claims: TestClaims, extra: Extra = {}): Headers {
  const { expiresInSec, audience, issuer, ...more } = extra;
  return bearer({ ...claims, ...more } as TestClaims, {
    ...(expiresInSec !== undefined ? { expiresInSec } : {}),
    ...(audience ? { audience } : {}),
    ...(issuer ? { issuer } : {}),
  });
}

const staff = (role: string, name: string, extra?: Extra): Headers =>
  headersOf(
    { sub: demoSubject(`${name}.${role}`), roles: [role], preferred_username: `${name}.${role}`, organisation: 'pirkanmaa' },
    extra,
  );

/**
 * The usual callers of a test, as `Authorization: Bearer …` headers signed with the test key
 * (synchronously: `.set(as.county())`). The subject is derived from the name, so one name is one
 * person, and two names are two people (finance's four eyes). Extra claims override, e.g.
 * `as.provider('mehilainen', { expiresInSec: -30 })`.
 */
export const as = {
  county: (name = 'anna', extra?: Extra) => staff('county', name, extra),
  guidance: (name = 'gunilla', extra?: Extra) => staff('guidance', name, extra),
  finance: (name = 'eeva', extra?: Extra) => staff('finance', name, extra),
  auditor: (name = 'aino', extra?: Extra) => staff('auditor', name, extra),
  operator: (name = 'olli', extra?: Extra) => staff('operator', name, extra),
  planWorker: (name = 'paula', extra?: Extra) => staff('plan-worker', name, extra),
  /** A provider's service account: scoped to its providerId. */
  provider: (providerId: string, extra?: Extra) =>
    headersOf(
      {
        sub: demoSubject(`service-account-provider-${providerId}`),
        roles: ['provider'],
        providerId,
        preferred_username: `service-account-provider-${providerId}`,
      },
      extra,
    ),
  /** A municipality's service account: scoped to its three-digit code. */
  municipality: (code: string, extra?: Extra) =>
    headersOf(
      {
        sub: demoSubject(`service-account-municipality-${code}`),
        roles: ['municipality'],
        municipality: code,
        preferred_username: `service-account-municipality-${code}`,
      },
      extra,
    ),
  /**
   * A resident signed in at level `high` (override with `{ acr }`), carrying their identity code: the
   * edge resolves it to their personRef, so register the person first (PersonRegistry.resolve(code, true)).
   */
  resident: (identityCode: string, extra?: Extra) => {
    const sub = demoSubject(`resident-${identityCode}`);
    // The username must not carry any part of the code (it goes to the access log).
    return headersOf(
      { sub, roles: ['resident'], hetu: identityCode, acr: 'high', preferred_username: `resident-${sub.slice(0, 8)}` },
      extra,
    );
  },
  /** Any claims (several roles, no roles, odd scopes). */
  token: (claims: TestClaims, extra?: Extra) => headersOf(claims, extra),
};
