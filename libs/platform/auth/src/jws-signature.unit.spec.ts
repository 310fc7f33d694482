import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { checkSignature } from './jws-signature';

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const input = (alg: string) => `${b64({ alg, typ: 'JWT' })}.${b64({ sub: 'u-1' })}`;
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });

function compact(alg: string, privateKey: KeyObject, digest: string | null, options: object = {}): string {
  const data = input(alg);
  return `${data}.${sign(digest, Buffer.from(data), { key: privateKey, ...options }).toString('base64url')}`;
}

describe('checkSignature (synchronous JWS signature check)', () => {
  it('accepts RS256, PS256, ES256 and EdDSA signatures made with the matching key', () => {
    const ed = generateKeyPairSync('ed25519');
    expect(checkSignature(compact('RS256', rsa.privateKey, 'sha256'), 'RS256', rsa.publicKey)).toBe('valid');
    expect(checkSignature(compact('PS256', rsa.privateKey, 'sha256', { padding: 6, saltLength: 32 }), 'PS256', rsa.publicKey)).toBe(
      'valid',
    );
    expect(checkSignature(compact('ES256', ec.privateKey, 'sha256', { dsaEncoding: 'ieee-p1363' }), 'ES256', ec.publicKey)).toBe('valid');
    expect(checkSignature(compact('EdDSA', ed.privateKey, null), 'EdDSA', ed.publicKey)).toBe('valid');
  });

  it('refuses a tampered payload, a truncated signature and a signature by another key', () => {
    const token = compact('RS256', rsa.privateKey, 'sha256');
    const [h, , s] = token.split('.');
    expect(checkSignature(`${h}.${b64({ sub: 'admin' })}.${s}`, 'RS256', rsa.publicKey)).toBe('invalid');
    expect(checkSignature(token.slice(0, -10), 'RS256', rsa.publicKey)).toBe('invalid');
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
    expect(checkSignature(token, 'RS256', other.publicKey)).toBe('invalid');
    // DER-encoded ECDSA (node's default) is not the JWS encoding: refused, not accepted.
    expect(checkSignature(compact('ES256', ec.privateKey, 'sha256'), 'ES256', ec.publicKey)).toBe('invalid');
  });

  it('keeps a valid check per key object only: the same token under another key, or tampered, is checked again', () => {
    const token = compact('RS256', rsa.privateKey, 'sha256');
    expect(checkSignature(token, 'RS256', rsa.publicKey)).toBe('valid');
    expect(checkSignature(token, 'RS256', rsa.publicKey)).toBe('valid');
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
    expect(checkSignature(token, 'RS256', other.publicKey)).toBe('invalid');
    expect(checkSignature(token, 'RS256', ec.publicKey)).toBe('key-unusable');
    expect(checkSignature(token.slice(0, -4) + 'AAAA', 'RS256', rsa.publicKey)).toBe('invalid');
    expect(checkSignature(token, 'PS256', rsa.publicKey)).toBe('invalid');
  });

  it('says the key is unusable when its type, curve or size does not fit the algorithm', () => {
    const token = compact('RS256', rsa.privateKey, 'sha256');
    expect(checkSignature(token, 'RS256', ec.publicKey)).toBe('key-unusable');
    const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' });
    expect(checkSignature(compact('ES256', p384.privateKey, 'sha256', { dsaEncoding: 'ieee-p1363' }), 'ES256', p384.publicKey)).toBe(
      'key-unusable',
    );
    const small = generateKeyPairSync('rsa', { modulusLength: 1024 });
    expect(checkSignature(compact('RS256', small.privateKey, 'sha256'), 'RS256', small.publicKey)).toBe('key-unusable');
    expect(checkSignature(token, 'HS256', rsa.publicKey)).toBe('key-unusable');
    expect(checkSignature(token, 'RS256', 'not a key')).toBe('key-unusable');
  });
});
