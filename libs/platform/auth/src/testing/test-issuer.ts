import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWK, type JWTPayload, type KeyLike, SignJWT } from 'jose';

export interface TestIssuerOptions {
  /** Default 'RS256'. */
  alg?: 'RS256' | 'ES256';
  /** The audience signed into tokens by default: 'luotsi-api'. */
  audience?: string;
  /** Seconds since the epoch, for iat/exp defaults; default Date.now(). Pass the test's clock. */
  now?: () => Date;
}

export interface SignOptions {
  /** Seconds from now until `exp` (negative: already expired). Default 300. */
  expiresInSec?: number;
  /** Sign with this key id instead of the current key's; the signature is still the current key's. */
  kid?: string;
  /** Overrides the JWS header's alg (for refusal tests); the key signs with its own alg. */
  headerAlg?: string;
  /** Leaves `kid` out of the header. */
  omitKid?: boolean;
}

interface Key {
  kid: string;
  alg: 'RS256' | 'ES256';
  privateKey: KeyLike;
  publicJwk: JWK;
  published: boolean;
}

/**
 * A throwaway OIDC issuer for tests: generates a key pair, serves discovery and the JWKS over
 * node:http on 127.0.0.1 (counting the hits), and signs tokens with whatever claims a test needs.
 *
 *   const issuer = await TestIssuer.start();
 *   const verifier = createTokenVerifier({ issuer: issuer.issuer, audience: 'luotsi-api' });
 *   await verifier.verify(`Bearer ${await issuer.sign({ sub: 'u1', roles: ['finance'] })}`);
 *   await issuer.close();
 */
export class TestIssuer {
  /** Requests answered per path ('/jwks', '/.well-known/openid-configuration'). */
  readonly hits = new Map<string, number>();
  private keys: Key[] = [];
  private server!: Server;
  private url = '';

  private constructor(private readonly opts: Required<TestIssuerOptions>) {}

  static async start(options: TestIssuerOptions = {}): Promise<TestIssuer> {
    const issuer = new TestIssuer({
      alg: options.alg ?? 'RS256',
      audience: options.audience ?? 'luotsi-api',
      now: options.now ?? (() => new Date()),
    });
    await issuer.rotate();
    await issuer.listen();
    return issuer;
  }

  /** The issuer URL, `iss` of its tokens. */
  get issuer(): string {
    return this.url;
  }

  get jwksUri(): string {
    return `${this.url}/jwks`;
  }

  get currentKid(): string {
    return this.keys[this.keys.length - 1]!.kid;
  }

  /** JWKS requests served so far. */
  get jwksHits(): number {
    return this.hits.get('/jwks') ?? 0;
  }

  /**
   * Adds a new current key. `publish: false` signs with it but keeps it out of the JWKS (a
   * forged or not-yet-published kid); `retireOld` drops the earlier keys from the JWKS.
   */
  async rotate(opts: { publish?: boolean; retireOld?: boolean; alg?: 'RS256' | 'ES256' } = {}): Promise<string> {
    const alg = opts.alg ?? this.opts.alg;
    const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
    const kid = `test-${alg.toLowerCase()}-${this.keys.length + 1}-${Math.random().toString(36).slice(2, 8)}`;
    const publicJwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
    if (opts.retireOld) for (const k of this.keys) k.published = false;
    this.keys.push({ kid, alg, privateKey, publicJwk, published: opts.publish ?? true });
    return kid;
  }

  /** The JWKS as served now. */
  jwks(): { keys: JWK[] } {
    return { keys: this.keys.filter((k) => k.published).map((k) => k.publicJwk) };
  }

  /**
   * A signed access token. Defaults: iss (this issuer), aud (the audience), iat, exp (+300 s),
   * typ 'Bearer'; `claims` override them (`aud: 'other'`, `iss: 'https://evil'`, `exp: …`).
   */
  async sign(claims: JWTPayload & Record<string, unknown>, options: SignOptions = {}): Promise<string> {
    const key = this.keys[this.keys.length - 1]!;
    const nowSec = Math.floor(this.opts.now().getTime() / 1000);
    const payload = {
      iss: this.url,
      aud: this.opts.audience,
      iat: nowSec,
      exp: nowSec + (options.expiresInSec ?? 300),
      typ: 'Bearer',
      ...claims,
    };
    const header: Record<string, unknown> = { alg: key.alg, typ: 'JWT' };
    if (!options.omitKid) header['kid'] = options.kid ?? key.kid;
    const jwt = await new SignJWT(payload).setProtectedHeader(header as { alg: string }).sign(key.privateKey);
    if (!options.headerAlg) return jwt;
    // Re-label the header after signing: the signature no longer matches what the header claims.
    const [, body, signature] = jwt.split('.');
    return `${b64url(JSON.stringify({ ...header, alg: options.headerAlg }))}.${body}.${signature}`;
  }

  /** An unsecured JWT (`alg: none`, empty signature) with the default claims. */
  unsigned(claims: JWTPayload & Record<string, unknown>): string {
    const nowSec = Math.floor(this.opts.now().getTime() / 1000);
    const payload = { iss: this.url, aud: this.opts.audience, iat: nowSec, exp: nowSec + 300, typ: 'Bearer', ...claims };
    return `${b64url(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${b64url(JSON.stringify(payload))}.`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections?.();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async listen(): Promise<void> {
    this.server = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      this.hits.set(path, (this.hits.get(path) ?? 0) + 1);
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
        res.end(JSON.stringify(body));
      };
      if (path === '/jwks') return send(200, this.jwks());
      if (path === '/.well-known/openid-configuration')
        return send(200, { issuer: this.url, jwks_uri: this.jwksUri, id_token_signing_alg_values_supported: [this.opts.alg] });
      send(404, { error: 'not_found' });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }
}

const b64url = (s: string) => Buffer.from(s).toString('base64url');
