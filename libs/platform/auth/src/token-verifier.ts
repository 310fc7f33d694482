import { type Clock, Hetu, Municipalities, systemClock } from '@luotsi/kernel';
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  errors,
  type JSONWebKeySet,
  type JWTPayload,
  type ProtectedHeaderParameters,
} from 'jose';
import { checkSignature, SUPPORTED_ALGORITHMS } from './jws-signature';
import { AuthError, IssuerUnavailableError } from './errors';
import { isLuotsiRole, makePrincipal, type Principal } from './principal';

export interface TokenVerifierOptions {
  /** The `iss` every token must carry, exactly (Keycloak: http://host/realms/luotsi). */
  issuer: string;
  /** The `aud` a token must include: the API's, 'luotsi-api', never a client's. */
  audience: string;
  /** The issuer's JWKS; without it, `jwks_uri` of `<issuer>/.well-known/openid-configuration`, fetched once. */
  jwksUri?: string;
  /**
   * The issuer's public keys given in-process instead of fetched: the embedded development issuer
   * and service tests, where the issuer lives in the same process. Takes precedence over jwksUri.
   */
  jwks?: JSONWebKeySet;
  /** Signature algorithms accepted; anything else (`none`, HS256 with a public key as secret) is refused. */
  algorithms?: string[];
  /** Allowed clock skew for `exp` and `nbf`, in seconds. */
  clockToleranceSec?: number;
  clock?: Clock;
  /**
   * Minimum time between two JWKS fetches caused by an unknown `kid`: within it, a token with an
   * unknown kid is refused without asking the issuer, so a stream of forged kids costs one fetch.
   */
  jwksCooldownMs?: number;
  /** How long a fetched JWKS is used before it is fetched again anyway. */
  jwksMaxAgeMs?: number;
  /** Timeout of one discovery or JWKS fetch. */
  fetchTimeoutMs?: number;
}

export interface TokenVerifier {
  /**
   * Verifies an `Authorization` header value ('Bearer <jwt>') or a bare compact JWT and returns
   * who is calling. Refuses with AuthError (401): TOKEN_MISSING (no header or no token),
   * TOKEN_INVALID (wrong scheme, not a JWT, algorithm not allowed, unknown key, bad signature,
   * wrong issuer or audience, not yet valid, malformed claims), TOKEN_EXPIRED (past `exp` plus
   * the tolerance). An unreachable issuer is IssuerUnavailableError (503).
   */
  verify(bearer: string | undefined | null): Promise<Principal>;
  readonly issuer: string;
  readonly audience: string;
}

export const DEFAULT_ALGORITHMS = ['RS256', 'ES256'];
export const DEFAULT_CLOCK_TOLERANCE_SEC = 5;

const invalid = (reason: string, details: Record<string, unknown> = {}) =>
  new AuthError('TOKEN_INVALID', `the bearer token is not valid: ${reason}`, details);

export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const { issuer, audience } = options;
  if (!issuer || !audience) throw new Error('createTokenVerifier: issuer and audience are required');
  const algorithms = options.algorithms ?? DEFAULT_ALGORITHMS;
  if (algorithms.length === 0 || algorithms.some((a) => a.toLowerCase() === 'none' || a.startsWith('HS'))) {
    throw new Error(`createTokenVerifier: algorithms must be asymmetric signature algorithms, got ${algorithms.join(', ')}`);
  }
  const unsupported = algorithms.filter((a) => !SUPPORTED_ALGORITHMS.includes(a));
  if (unsupported.length) throw new Error(`createTokenVerifier: unsupported algorithms ${unsupported.join(', ')}`);
  const clockTolerance = options.clockToleranceSec ?? DEFAULT_CLOCK_TOLERANCE_SEC;
  const clock = options.clock ?? systemClock;
  const timeoutDuration = options.fetchTimeoutMs ?? 5000;

  let keySet: Promise<ReturnType<typeof createRemoteJWKSet> | ReturnType<typeof createLocalJWKSet>> | undefined;
  const local = options.jwks ? Promise.resolve(createLocalJWKSet(options.jwks)) : undefined;
  const keys = () => {
    if (local) return local;
    // One discovery at a time; a failed one is forgotten so the next request tries again.
    if (keySet) return keySet;
    const pending = jwksUriOf(options, timeoutDuration).then((uri) =>
      createRemoteJWKSet(new URL(uri), {
        cooldownDuration: options.jwksCooldownMs ?? 30_000,
        cacheMaxAge: options.jwksMaxAgeMs ?? 600_000,
        timeoutDuration,
      }),
    );
    keySet = pending;
    pending.catch(() => {
      if (keySet === pending) keySet = undefined;
    });
    return pending;
  };

  async function verify(bearer: string | undefined | null): Promise<Principal> {
    const token = tokenOf(bearer);
    const parts = token.split('.');
    // Checked before any key is looked up, so `alg: none` or an HMAC token never costs a fetch.
    let header: ProtectedHeaderParameters;
    try {
      if (parts.length !== 3) throw new Error('not three parts');
      header = decodeProtectedHeader(token);
    } catch {
      throw invalid('not a signed JWT');
    }
    const alg: unknown = header.alg;
    if (typeof alg !== 'string' || !algorithms.includes(alg))
      throw invalid('algorithm not allowed', { alg: typeof alg === 'string' ? alg : null, allowed: algorithms });
    // RFC 7515 4.1.11: a header naming extensions the recipient does not understand is refused.
    if (header.crit !== undefined) throw invalid('critical header parameters are not supported', { header: 'crit' });
    const jwks = await keys();
    let key: unknown;
    try {
      // jose finds the key: by kid, refetching the issuer's key set once per cooldown on an unknown one.
      key = await jwks(header, { protected: parts[0]!, payload: parts[1]!, signature: parts[2]! });
    } catch (e) {
      throw refusal(e);
    }
    const signature = checkSignature(token, alg, key);
    if (signature === 'key-unusable') throw invalid('the issuer publishes no key usable with this algorithm', { alg });
    if (signature === 'invalid') throw invalid('signature verification failed');
    let payload: JWTPayload;
    try {
      payload = decodeJwt(token);
    } catch {
      throw invalid('malformed');
    }
    checkClaims(payload, Math.floor(clock.now().getTime() / 1000));
    return principalOf(payload);
  }

  /** The registered claims as jose's jwtVerify checks them (RFC 7519 4.1), in its order. */
  function checkClaims(payload: JWTPayload, now: number): void {
    if (payload.iss !== issuer) throw invalid('claim iss does not match', { claim: 'iss' });
    const aud = payload.aud;
    if (!(typeof aud === 'string' ? aud === audience : Array.isArray(aud) && aud.includes(audience)))
      throw invalid('claim aud does not match', { claim: 'aud' });
    for (const claim of ['iat', 'nbf', 'exp'] as const) {
      const value = payload[claim];
      if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value)))
        throw invalid(`claim ${claim} must be a number`, { claim });
    }
    if (payload.sub === undefined) throw invalid('claim sub missing', { claim: 'sub' });
    if (payload.exp === undefined) throw invalid('claim exp missing', { claim: 'exp' });
    if (payload.nbf !== undefined && payload.nbf > now + clockTolerance) throw invalid('claim nbf does not match', { claim: 'nbf' });
    if (payload.exp <= now - clockTolerance) throw new AuthError('TOKEN_EXPIRED', 'the bearer token has expired; get a new one', {});
  }

  return { verify, issuer, audience };
}

function tokenOf(bearer: string | undefined | null): string {
  const value = (bearer ?? '').trim();
  if (!value || value.toLowerCase() === 'bearer')
    throw new AuthError('TOKEN_MISSING', 'send Authorization: Bearer <access token>', { header: 'Authorization' });
  const m = /^(\S+)\s+(.*)$/.exec(value);
  if (!m) return value;
  if (m[1]!.toLowerCase() !== 'bearer') throw invalid('the scheme must be Bearer', { scheme: m[1] });
  const token = m[2]!.trim();
  if (!token) throw new AuthError('TOKEN_MISSING', 'send Authorization: Bearer <access token>', { header: 'Authorization' });
  return token;
}

function refusal(e: unknown): Error {
  if (e instanceof errors.JWTExpired) return new AuthError('TOKEN_EXPIRED', 'the bearer token has expired; get a new one', {});
  if (e instanceof errors.JWTClaimValidationFailed)
    return invalid(`claim ${e.claim} ${e.reason === 'check_failed' ? 'does not match' : e.reason}`, { claim: e.claim });
  if (e instanceof errors.JWKSNoMatchingKey) return invalid('signed with a key the issuer does not publish');
  if (e instanceof errors.JWKSMultipleMatchingKeys) return invalid('the token names no key id and the issuer publishes several');
  if (e instanceof errors.JWSSignatureVerificationFailed) return invalid('signature verification failed');
  if (e instanceof errors.JOSEAlgNotAllowed) return invalid('algorithm not allowed');
  if (e instanceof errors.JWKSTimeout || e instanceof errors.JWKSInvalid || e instanceof IssuerUnavailableError)
    return e instanceof IssuerUnavailableError ? e : new IssuerUnavailableError({ reason: e.code });
  // jose's generic error is what a JWKS fetch answered with something other than 200 and a key set.
  if (e instanceof errors.JOSEError && e.code === 'ERR_JOSE_GENERIC') return new IssuerUnavailableError({ reason: e.message });
  if (e instanceof errors.JOSEError) return invalid(e.code === 'ERR_JWT_INVALID' || e.code === 'ERR_JWS_INVALID' ? 'malformed' : e.code);
  // A network error fetching the JWKS (ECONNREFUSED, a non-200 answer).
  return new IssuerUnavailableError({ reason: e instanceof Error ? e.message : String(e) });
}

const optionalString = (payload: JWTPayload, claim: string): string | undefined => {
  const v = payload[claim];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string' || v === '') throw invalid(`claim ${claim} must be a non-empty string`, { claim });
  return v;
};

function principalOf(payload: JWTPayload): Principal {
  // Keycloak marks ID and refresh tokens by `typ`; only an access token authorises a call.
  if (payload['typ'] !== undefined && payload['typ'] !== 'Bearer') throw invalid('not an access token', { claim: 'typ' });
  const subject = optionalString(payload, 'sub');
  if (!subject) throw invalid('claim sub is missing', { claim: 'sub' });
  const roleClaim = payload['roles'] ?? (payload['realm_access'] as { roles?: unknown } | undefined)?.roles ?? [];
  if (!Array.isArray(roleClaim)) throw invalid('claim roles must be an array', { claim: 'roles' });
  const identityCode = optionalString(payload, 'hetu');
  // Details never name the value: error bodies and logs must not carry an identity code.
  if (identityCode !== undefined && !Hetu.isValid(identityCode))
    throw invalid('claim hetu is not a valid identity code', { claim: 'hetu' });
  const municipality = optionalString(payload, 'municipality');
  // Checked against the classification of municipalities, so a scope can only name a real one.
  if (municipality !== undefined && !Municipalities.isCode(municipality))
    throw invalid('claim municipality must be a municipality code of the classification', { claim: 'municipality' });
  return makePrincipal({
    subject,
    roles: [...new Set(roleClaim.filter(isLuotsiRole))],
    providerId: optionalString(payload, 'providerId'),
    municipality,
    organisation: optionalString(payload, 'organisation'),
    identityCode: identityCode === undefined ? undefined : Hetu.parse(identityCode).value,
    acr: optionalString(payload, 'acr'),
    username: optionalString(payload, 'preferred_username'),
    clientId: optionalString(payload, 'azp') ?? optionalString(payload, 'client_id'),
  });
}

async function jwksUriOf(options: TokenVerifierOptions, timeoutMs: number): Promise<string> {
  if (options.jwksUri) return options.jwksUri;
  const url = `${options.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
  let doc: { issuer?: unknown; jwks_uri?: unknown };
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'application/json' } });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    doc = (await res.json()) as typeof doc;
  } catch (e) {
    throw new IssuerUnavailableError({ reason: `discovery at ${url}: ${e instanceof Error ? e.message : String(e)}` });
  }
  // OIDC Discovery 1.0 §4.3: the document must name the issuer it was fetched for.
  if (doc.issuer !== options.issuer || typeof doc.jwks_uri !== 'string') {
    throw new IssuerUnavailableError({ reason: `discovery at ${url} names issuer ${String(doc.issuer)}, expected ${options.issuer}` });
  }
  return doc.jwks_uri;
}
