import { FixedClock, Hetu } from '@luotsi/kernel';
import { requireAcr } from './acr';
import { createTokenVerifier, type TokenVerifier } from './token-verifier';
import { TestIssuer } from './testing';

const NOW = '2026-11-24T10:00:00.000Z';
const RESIDENT_CODE = Hetu.generate('1985-04-12' as never, 901);

describe('createTokenVerifier against a local JWKS', () => {
  let clock: FixedClock;
  let issuer: TestIssuer;
  let verifier: TokenVerifier;

  beforeEach(async () => {
    clock = new FixedClock(NOW);
    issuer = await TestIssuer.start({ now: () => clock.now() });
    verifier = createTokenVerifier({ issuer: issuer.issuer, audience: 'luotsi-api', clock, clockToleranceSec: 5 });
  });
  afterEach(() => issuer.close());

  const refusal = async (bearer: string | undefined) => {
    try {
      await verifier.verify(bearer);
    } catch (e) {
      return e as { status: number; code: string; details: Record<string, unknown>; getStatus(): number; getResponse(): unknown };
    }
    throw new Error('expected a refusal');
  };

  it('accepts a good token and maps its claims to a Principal (found the JWKS by discovery)', async () => {
    const token = await issuer.sign({
      sub: 'u-1',
      roles: ['resident', 'offline_access'],
      hetu: RESIDENT_CODE,
      acr: 'high',
      preferred_username: 'matti.resident',
      azp: 'luotsi-web',
    });
    const p = await verifier.verify(`Bearer ${token}`);
    expect(p).toEqual({ subject: 'u-1', roles: ['resident'], acr: 'high', username: 'matti.resident', clientId: 'luotsi-web' });
    expect(p.identityCode).toBe(RESIDENT_CODE);
    expect(JSON.stringify(p)).not.toContain(RESIDENT_CODE);
    expect({ ...p }).not.toHaveProperty('identityCode');
    expect(issuer.hits.get('/.well-known/openid-configuration')).toBe(1);
  });

  it('carries a service account scope and a staff organisation', async () => {
    const provider = await verifier.verify(await issuer.sign({ sub: 'sa-1', roles: ['provider'], providerId: 'mehilainen' }));
    expect(provider).toMatchObject({ roles: ['provider'], providerId: 'mehilainen' });
    const muni = await verifier.verify(await issuer.sign({ sub: 'sa-2', roles: ['municipality'], municipality: '837' }));
    expect(muni.municipality).toBe('837');
    const staff = await verifier.verify(await issuer.sign({ sub: 's-1', realm_access: { roles: ['finance'] }, organisation: 'pirkanmaa' }));
    expect(staff).toMatchObject({ roles: ['finance'], organisation: 'pirkanmaa' });
  });

  it('401 TOKEN_MISSING without a header or with an empty Bearer', async () => {
    for (const h of [undefined, '', '  ', 'Bearer ', 'Bearer']) {
      const e = await refusal(h);
      expect({ status: e.getStatus(), code: e.code }).toEqual({ status: 401, code: 'TOKEN_MISSING' });
    }
  });

  it('401 TOKEN_INVALID for another scheme or garbage', async () => {
    expect((await refusal('Basic dXNlcjpwYXNz')).code).toBe('TOKEN_INVALID');
    expect((await refusal('Bearer not-a-jwt')).code).toBe('TOKEN_INVALID');
  });

  it('vector: a token whose aud is not the API’s → 401 TOKEN_INVALID', async () => {
    const e = await refusal(`Bearer ${await issuer.sign({ sub: 'u-1', roles: ['resident'], aud: 'luotsi-web' })}`);
    expect({ status: e.getStatus(), code: e.code, claim: e.details['claim'] }).toEqual({
      status: 401,
      code: 'TOKEN_INVALID',
      claim: 'aud',
    });
  });

  it('vector: alg none → 401 TOKEN_INVALID, without fetching any key', async () => {
    const e = await refusal(`Bearer ${issuer.unsigned({ sub: 'u-1', roles: ['finance'] })}`);
    expect({ status: e.getStatus(), code: e.code }).toEqual({ status: 401, code: 'TOKEN_INVALID' });
    expect(issuer.jwksHits).toBe(0);
  });

  it('refuses an algorithm outside the allow-list even when the header only claims it', async () => {
    const e = await refusal(await issuer.sign({ sub: 'u-1' }, { headerAlg: 'HS256' }));
    expect(e.code).toBe('TOKEN_INVALID');
  });

  it('vector: another issuer → 401 TOKEN_INVALID', async () => {
    const e = await refusal(await issuer.sign({ sub: 'u-1', iss: 'https://evil.example/realms/luotsi' }));
    expect({ status: e.getStatus(), code: e.code, claim: e.details['claim'] }).toEqual({
      status: 401,
      code: 'TOKEN_INVALID',
      claim: 'iss',
    });
  });

  it('vector: another issuer’s key (same kid) → 401 TOKEN_INVALID', async () => {
    const other = await TestIssuer.start({ now: () => clock.now() });
    try {
      const e = await refusal(await other.sign({ sub: 'u-1', iss: issuer.issuer }, { kid: issuer.currentKid }));
      expect(e.code).toBe('TOKEN_INVALID');
    } finally {
      await other.close();
    }
  });

  it('vector: a tampered signature → 401 TOKEN_INVALID', async () => {
    const [h, body, sig] = (await issuer.sign({ sub: 'u-1', roles: ['resident'] })).split('.');
    const flipped = sig!.slice(0, 10) + (sig![10] === 'A' ? 'B' : 'A') + sig!.slice(11);
    expect((await refusal(`Bearer ${h}.${body}.${flipped}`)).code).toBe('TOKEN_INVALID');
    // A payload changed under the original signature: roles raised to finance.
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(body!, 'base64url').toString()), roles: ['finance'] })).toString(
      'base64url',
    );
    expect((await refusal(`Bearer ${h}.${forged}.${sig}`)).code).toBe('TOKEN_INVALID');
  });

  it('refuses a token with critical header parameters or more than three parts', async () => {
    const [h, body, sig] = (await issuer.sign({ sub: 'u-1', roles: ['resident'] })).split('.');
    const header = JSON.parse(Buffer.from(h!, 'base64url').toString());
    const crit = Buffer.from(JSON.stringify({ ...header, crit: ['exp'] })).toString('base64url');
    expect((await refusal(`Bearer ${crit}.${body}.${sig}`)).code).toBe('TOKEN_INVALID');
    expect((await refusal(`Bearer ${h}.${body}.${sig}.${sig}`)).code).toBe('TOKEN_INVALID');
  });

  it('accepts an aud given as a list that names the API, and refuses a non-numeric exp', async () => {
    expect((await verifier.verify(await issuer.sign({ sub: 'u-1', aud: ['account', 'luotsi-api'] }))).subject).toBe('u-1');
    expect((await refusal(await issuer.sign({ sub: 'u-1', exp: 'tomorrow' as unknown as number }))).details).toEqual({ claim: 'exp' });
  });

  it('vector: expired 30 s ago with a 5 s tolerance → 401 TOKEN_EXPIRED', async () => {
    const e = await refusal(await issuer.sign({ sub: 'u-1' }, { expiresInSec: -30 }));
    expect({ status: e.getStatus(), code: e.code }).toEqual({ status: 401, code: 'TOKEN_EXPIRED' });
  });

  it('vector: expired 3 s ago → accepted (inside the 5 s tolerance)', async () => {
    await expect(verifier.verify(await issuer.sign({ sub: 'u-1' }, { expiresInSec: -3 }))).resolves.toMatchObject({ subject: 'u-1' });
  });

  it('nbf in the future beyond the tolerance → TOKEN_INVALID; within it → accepted', async () => {
    const nowSec = Math.floor(clock.now().getTime() / 1000);
    expect((await refusal(await issuer.sign({ sub: 'u-1', nbf: nowSec + 30 }))).code).toBe('TOKEN_INVALID');
    await expect(verifier.verify(await issuer.sign({ sub: 'u-1', nbf: nowSec + 3 }))).resolves.toMatchObject({ subject: 'u-1' });
  });

  it('refuses ID tokens, tokens without sub, and malformed scope claims', async () => {
    expect((await refusal(await issuer.sign({ sub: 'u-1', typ: 'ID' }))).code).toBe('TOKEN_INVALID');
    expect((await refusal(await issuer.sign({ roles: ['finance'] }))).code).toBe('TOKEN_INVALID');
    expect((await refusal(await issuer.sign({ sub: 'u-1', municipality: 837 }))).code).toBe('TOKEN_INVALID');
    const bad = await refusal(await issuer.sign({ sub: 'u-1', roles: ['resident'], hetu: '120485-901X' }));
    expect(bad.code).toBe('TOKEN_INVALID');
    expect(JSON.stringify(bad.getResponse())).not.toContain('120485');
  });

  it('vector: an unknown kid triggers one JWKS refetch across 20 requests, not one per request', async () => {
    const fast = createTokenVerifier({
      issuer: issuer.issuer,
      audience: 'luotsi-api',
      jwksUri: issuer.jwksUri,
      clock,
      jwksCooldownMs: 100,
    });
    await fast.verify(await issuer.sign({ sub: 'u-1' }));
    expect(issuer.jwksHits).toBe(1);
    await new Promise((r) => setTimeout(r, 150)); // past the cooldown
    await issuer.rotate({ publish: false }); // a kid the issuer never publishes
    const forged = await issuer.sign({ sub: 'u-1' });
    const sequential: string[] = [];
    for (let i = 0; i < 10; i++)
      sequential.push(
        await fast.verify(forged).then(
          () => 'ok',
          (e: { code: string }) => e.code,
        ),
      );
    const concurrent = await Promise.all(
      Array.from({ length: 10 }, () =>
        fast.verify(forged).then(
          () => 'ok',
          (e: { code: string }) => e.code,
        ),
      ),
    );
    expect([...sequential, ...concurrent]).toEqual(Array(20).fill('TOKEN_INVALID'));
    expect(issuer.jwksHits).toBe(2);
  });

  it('key rotation: a token signed with a newly published key verifies after one refetch', async () => {
    const fast = createTokenVerifier({
      issuer: issuer.issuer,
      audience: 'luotsi-api',
      jwksUri: issuer.jwksUri,
      clock,
      jwksCooldownMs: 100,
    });
    await fast.verify(await issuer.sign({ sub: 'u-1' }));
    await new Promise((r) => setTimeout(r, 150));
    await issuer.rotate({ alg: 'ES256' });
    const results = await Promise.all(
      Array.from({ length: 20 }, async () => (await fast.verify(await issuer.sign({ sub: 'u-2' }))).subject),
    );
    expect(results).toEqual(Array(20).fill('u-2'));
    expect(issuer.jwksHits).toBe(2);
  });

  it('an unreachable issuer is a 503 ISSUER_UNAVAILABLE, not a 401 or a 500', async () => {
    const token = await issuer.sign({ sub: 'u-1' });
    const url = issuer.issuer;
    await issuer.close();
    const down = createTokenVerifier({ issuer: url, audience: 'luotsi-api', clock, fetchTimeoutMs: 1000 });
    const e = await down.verify(token).catch((x: { code: string; getStatus(): number }) => x);
    expect({ code: (e as { code: string }).code, status: (e as { getStatus(): number }).getStatus() }).toEqual({
      code: 'ISSUER_UNAVAILABLE',
      status: 503,
    });
    issuer = await TestIssuer.start(); // for afterEach
  });

  it('vector: requireAcr refuses a resident token with a low acr (401 INSUFFICIENT_ASSURANCE)', async () => {
    const low = await verifier.verify(await issuer.sign({ sub: 'u-1', roles: ['resident'], hetu: RESIDENT_CODE, acr: 'low' }));
    expect(() => requireAcr(low, 'substantial')).toThrow(
      expect.objectContaining({ code: 'INSUFFICIENT_ASSURANCE', statusCode: 401, details: { required: 'substantial', actual: 'low' } }),
    );
    const none = await verifier.verify(await issuer.sign({ sub: 'u-1', roles: ['resident'], acr: '1' }));
    expect(() => requireAcr(none, 'substantial')).toThrow(expect.objectContaining({ code: 'INSUFFICIENT_ASSURANCE' }));
    const high = await verifier.verify(await issuer.sign({ sub: 'u-1', roles: ['resident'], acr: 'http://ftn.fi/authentication/high' }));
    expect(() => requireAcr(high, 'high')).not.toThrow();
    const staff = await verifier.verify(await issuer.sign({ sub: 's-1', roles: ['guidance'] }));
    expect(() => requireAcr(staff, 'substantial')).not.toThrow();
  });

  it('refuses an unsafe configuration', () => {
    expect(() => createTokenVerifier({ issuer: issuer.issuer, audience: 'luotsi-api', algorithms: ['none'] })).toThrow(/algorithms/);
    expect(() => createTokenVerifier({ issuer: issuer.issuer, audience: 'luotsi-api', algorithms: ['HS256'] })).toThrow(/algorithms/);
  });
});
