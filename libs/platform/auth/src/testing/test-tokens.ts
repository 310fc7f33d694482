import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { JSONWebKeySet } from 'jose';
import { API_AUDIENCE } from '../demo-users';

/** The issuer every service test trusts (never a real one: it has no discovery document). */
export const TEST_ISSUER = 'https://issuer.test/realms/luotsi';
const KID = 'luotsi-test-key-1';

let keys: { privateKey: KeyObject; jwks: JSONWebKeySet } | undefined;

/** One RSA key per test process, made on first use. */
function testKeys(): { privateKey: KeyObject; jwks: JSONWebKeySet } {
  if (!keys) {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const jwk = publicKey.export({ format: 'jwk' });
    keys = { privateKey, jwks: { keys: [{ ...jwk, kid: KID, alg: 'RS256', use: 'sig' } as JSONWebKeySet['keys'][number]] } };
  }
  return keys;
}

/** The public keys a test app's token verifier is configured with. */
export const testJwks = (): JSONWebKeySet => testKeys().jwks;

export interface TestClaims {
  sub: string;
  roles: readonly string[];
  providerId?: string;
  municipality?: string;
  organisation?: string;
  /** A resident's identity code (the `hetu` claim). */
  hetu?: string;
  acr?: string;
  preferred_username?: string;
  [claim: string]: unknown;
}

const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/**
 * A signed access token, made synchronously so that tests can keep writing `.set(COUNTY)`: RS256
 * over the test key, issuer TEST_ISSUER, audience luotsi-api, valid for an hour of real time.
 */
export function testToken(claims: TestClaims, options: { expiresInSec?: number; audience?: string; issuer?: string } = {}): string {
  const now = Math.floor(Date.now() / 1000);
  const payload = {
    iss: options.issuer ?? TEST_ISSUER,
    aud: options.audience ?? API_AUDIENCE,
    iat: now,
    exp: now + (options.expiresInSec ?? 3600),
    typ: 'Bearer',
    ...claims,
  };
  const input = `${b64({ alg: 'RS256', typ: 'JWT', kid: KID })}.${b64(payload)}`;
  const signature = createSign('RSA-SHA256').update(input).sign(testKeys().privateKey).toString('base64url');
  return `${input}.${signature}`;
}

/** `{ Authorization: 'Bearer …' }` for supertest's `.set(...)`. */
export const bearer = (claims: TestClaims, options?: Parameters<typeof testToken>[1]) => ({
  Authorization: `Bearer ${testToken(claims, options)}`,
});
