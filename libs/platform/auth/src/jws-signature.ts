import { constants, KeyObject, verify as verifySignature, type VerifyKeyObjectInput } from 'node:crypto';
import { LruMap } from '@luotsi/kernel';

/**
 * The signature check of a compact JWS, synchronous, with node's crypto. jose's `jwtVerify` runs
 * the same check through the libuv thread pool (a promisified `crypto.verify`), which costs every
 * request one more turn of the event loop: on a loaded service that turn, not the ~40 µs of RSA
 * verification, was the overhead of token validation (+10 % at p50 with 32 clients, see
 * docs/benchmarks.md). jose still finds the key (JWKS fetch, `kid` rotation, cooldown) and decodes
 * the claims; only the arithmetic moves here.
 */
interface AlgorithmSpec {
  digest: string | null;
  /** The key types this algorithm accepts (jose's check_key_type, by node's names). */
  keyTypes: readonly string[];
  /** For EC algorithms, the curve the key must be on. */
  curve?: string;
  options?: Omit<VerifyKeyObjectInput, 'key'>;
}

const PSS = { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST };
const P1363 = { dsaEncoding: 'ieee-p1363' } as const;

const ALGORITHMS: Record<string, AlgorithmSpec> = {
  RS256: { digest: 'sha256', keyTypes: ['rsa'] },
  RS384: { digest: 'sha384', keyTypes: ['rsa'] },
  RS512: { digest: 'sha512', keyTypes: ['rsa'] },
  PS256: { digest: 'sha256', keyTypes: ['rsa', 'rsa-pss'], options: PSS },
  PS384: { digest: 'sha384', keyTypes: ['rsa', 'rsa-pss'], options: PSS },
  PS512: { digest: 'sha512', keyTypes: ['rsa', 'rsa-pss'], options: PSS },
  ES256: { digest: 'sha256', keyTypes: ['ec'], curve: 'prime256v1', options: P1363 },
  ES384: { digest: 'sha384', keyTypes: ['ec'], curve: 'secp384r1', options: P1363 },
  ES512: { digest: 'sha512', keyTypes: ['ec'], curve: 'secp521r1', options: P1363 },
  EdDSA: { digest: null, keyTypes: ['ed25519', 'ed448'] },
};

export const SUPPORTED_ALGORITHMS: readonly string[] = Object.keys(ALGORITHMS);

export type SignatureOutcome = 'valid' | 'invalid' | 'key-unusable';

/**
 * Checks `token`'s signature with `key` under `alg` (already on the allow-list). 'key-unusable'
 * when the key cannot sign with that algorithm (an EC key for RS256, RSA under 2048 bits), so a
 * key set with a wrong key is never mistaken for a forged token's fault.
 */
export function checkSignature(token: string, alg: string, key: unknown): SignatureOutcome {
  const spec = ALGORITHMS[alg];
  const keyObject = asKeyObject(key);
  if (!spec || !keyObject || (keyObject.type !== 'public' && keyObject.type !== 'private')) return 'key-unusable';
  const type = keyObject.asymmetricKeyType ?? '';
  if (!spec.keyTypes.includes(type)) return 'key-unusable';
  const details = keyObject.asymmetricKeyDetails;
  if (spec.curve && details?.namedCurve !== spec.curve) return 'key-unusable';
  // RFC 7518 3.3: RSA keys of 2048 bits or more (jose refuses smaller ones too).
  if (type.startsWith('rsa') && (details?.modulusLength ?? 0) < 2048) return 'key-unusable';
  const seen = verified.get(keyObject);
  const checked = `${alg} ${token}`;
  if (seen?.has(checked)) return 'valid';
  const dot = token.lastIndexOf('.');
  const signature = Buffer.from(token.slice(dot + 1), 'base64url');
  const signingInput = Buffer.from(token.slice(0, dot), 'ascii');
  let valid: boolean;
  try {
    valid = verifySignature(spec.digest, signingInput, { key: keyObject, ...spec.options }, signature);
  } catch {
    // A signature of the wrong length for the key, or bytes that are no signature at all.
    return 'invalid';
  }
  if (valid) remember(keyObject, seen, checked);
  return valid ? 'valid' : 'invalid';
}

/**
 * Tokens whose signature a key object verified. A caller sends the same token with each request
 * for its lifetime, and the check of the same bytes with the same key is the same answer, so it is
 * made once: only the arithmetic is kept (the claims, expiry included, are checked on every use),
 * per key object, and a key set fetched again brings new objects, so a rotated-out key verifies
 * nothing from before. Bounded per key (the least recently used goes first).
 */
const verified = new WeakMap<KeyObject, LruMap<string, true>>();
const VERIFIED_PER_KEY = 1000;

function remember(key: KeyObject, seen: LruMap<string, true> | undefined, checked: string): void {
  const map = seen ?? new LruMap<string, true>(VERIFIED_PER_KEY);
  if (!seen) verified.set(key, map);
  map.set(checked, true);
}

function asKeyObject(key: unknown): KeyObject | undefined {
  if (key instanceof KeyObject) return key;
  // jose may hand back a WebCrypto key where node gives it one (its browser build, or a JWK import).
  if (key && typeof key === 'object' && (key as { type?: unknown }).type !== undefined && 'algorithm' in key) {
    try {
      return KeyObject.from(key as Parameters<typeof KeyObject.from>[0]);
    } catch {
      return undefined;
    }
  }
  return undefined;
}
