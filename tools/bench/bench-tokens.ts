import { createSign, generateKeyPairSync } from 'node:crypto';
import type { JSONWebKeySet } from 'jose';
import { API_AUDIENCE } from '@luotsi/auth';

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

export { BENCH_DECODE_ONLY_CLAIM } from './bench-claims';
