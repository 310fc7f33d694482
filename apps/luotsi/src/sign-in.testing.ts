import { DEMO_DIRECTORY, WEB_CLIENT } from '@luotsi/auth';

/**
 * Tokens for the e2e and README tests, asked from a real token endpoint (Keycloak, or the
 * development issuer of `npm start`) the way a client does, never signed by the test itself.
 * Keycloak's URL comes from LUOTSI_TEST_KEYCLOAK_URL (tools/test/run-tiers.mjs sets it when its
 * probe finds Keycloak; .ci/run starts one).
 */
export function testKeycloakUrl(): string | undefined {
  const url = process.env['LUOTSI_TEST_KEYCLOAK_URL'];
  return url ? url.replace(/\/+$/, '') : undefined;
}

export const keycloakIssuer = (baseUrl: string): string => `${baseUrl}/realms/luotsi`;

export type AuthHeaders = { Authorization: string };

async function tokenFrom(issuer: string, form: Record<string, string>): Promise<string> {
  const res = await fetch(`${issuer}/protocol/openid-connect/token`, { method: 'POST', body: new URLSearchParams(form) });
  const body = (await res.json().catch(() => ({}))) as { access_token?: string; error?: string; error_description?: string };
  if (!res.ok || !body.access_token)
    throw new Error(`token endpoint of ${issuer} answered ${res.status}: ${body.error ?? ''} ${body.error_description ?? ''}`);
  return body.access_token;
}

/** A demo user signed in by the direct grant through the web client (password luotsi-demo). */
export async function userToken(issuer: string, username: string): Promise<AuthHeaders> {
  const jwt = await tokenFrom(issuer, {
    grant_type: 'password',
    client_id: WEB_CLIENT.clientId,
    username,
    password: DEMO_DIRECTORY.password,
  });
  return { Authorization: `Bearer ${jwt}` };
}

/** A service account (client credentials) of demo-users.json, with its dev secret. */
export async function serviceAccountToken(issuer: string, clientId: string): Promise<AuthHeaders> {
  const account = DEMO_DIRECTORY.serviceAccounts.find((a) => a.clientId === clientId);
  if (!account) throw new Error(`no service account ${clientId} in demo-users.json`);
  const jwt = await tokenFrom(issuer, { grant_type: 'client_credentials', client_id: account.clientId, client_secret: account.secret });
  return { Authorization: `Bearer ${jwt}` };
}

/** The identity code demo-users.json gives a demo resident (temporary range 900–999). */
export function demoIdentityCode(username: string): string {
  const user = DEMO_DIRECTORY.users.find((u) => u.username === username);
  const code = user?.attributes.hetu;
  if (!code) throw new Error(`${username} is not a demo resident with an identity code`);
  return code;
}
