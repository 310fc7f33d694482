import { createSign, generateKeyPairSync } from 'node:crypto';
import type { JSONWebKeySet } from 'jose';
import { API_AUDIENCE, demoSubject } from '@luotsi/auth';
import { BENCH_DECODE_ONLY_CLAIM } from './bench-claims';

/** The bench's own issuer and key: the service it starts trusts the public half in-process (BENCH_JWKS). */
export const BENCH_ISSUER = 'https://bench.invalid/realms/luotsi';
const KID = 'luotsi-bench-key-1';
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
export const benchJwks: JSONWebKeySet = {
  keys: [{ ...publicKey.export({ format: 'jwk' }), kid: KID, alg: 'RS256', use: 'sig' } as JSONWebKeySet['keys'][number]],
};

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** An RS256 access token as Keycloak shapes them (typ Bearer, aud luotsi-api), valid for `ttlSec`. */
export function benchToken(claims: Record<string, unknown>, ttlSec = 4 * 3600): string {
  const now = Math.floor(Date.now() / 1000);
  const input = `${b64({ alg: 'RS256', typ: 'JWT', kid: KID })}.${b64({ iss: BENCH_ISSUER, aud: API_AUDIENCE, iat: now, exp: now + ttlSec, typ: 'Bearer', ...claims })}`;
  return `${input}.${createSign('RSA-SHA256').update(input).sign(privateKey).toString('base64url')}`;
}

/**
 * Resident `i`'s bearer token, signed in with their identity code as the edge expects from a strong
 * sign-in. `decodeOnly` marks it for the bench's provider choice service to decode without
 * verifying (fixtures/provider-choice-service.ts), the baseline of "without token validation".
 */
export const residentToken = (identityCode: string, i: number, decodeOnly = false) =>
  `Bearer ${benchToken({ sub: demoSubject(`bench-resident-${i}`), roles: ['resident'], hetu: identityCode, acr: 'high', preferred_username: `bench-resident-${i}`, ...(decodeOnly ? { [BENCH_DECODE_ONLY_CLAIM]: true } : {}) })}`;

export { BENCH_DECODE_ONLY_CLAIM };
