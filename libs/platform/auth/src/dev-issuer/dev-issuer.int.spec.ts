import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FixedClock } from '@luotsi/kernel';
import { DEMO_DIRECTORY, demoSubject } from '../demo-users';
import { createTokenVerifier } from '../token-verifier';
import { createDevIssuer, type DevIssuer, DevIssuerRefused } from './dev-issuer';

describe('the development issuer', () => {
  let server: Server;
  let dev: DevIssuer;
  let base: string;
  let dataDir: string;
  const clock = new FixedClock('2026-11-24T10:00:00.000Z');

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'luotsi-dev-issuer-'));
    // The issuer needs its URL before it exists: listen first, then hand requests over.
    server = createServer((req, res) => dev.handler(req, res));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/dev-issuer`;
    dev = await createDevIssuer({ baseUrl: base, dataDir, clock });
  });
  afterAll(async () => {
    await new Promise<void>((r) => server.close(() => r()));
    rmSync(dataDir, { recursive: true, force: true });
  });

  const post = (url: string, form: Record<string, string>, headers: Record<string, string> = {}) =>
    fetch(url, { method: 'POST', body: new URLSearchParams(form), headers, redirect: 'manual' });

  it('discovery → password grant → the same verifier the services use', async () => {
    const discovery = (await (await fetch(`${base}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    expect(discovery).toMatchObject({
      issuer: base,
      token_endpoint: dev.tokenEndpoint,
      jwks_uri: dev.jwksUri,
      code_challenge_methods_supported: ['S256'],
    });
    const res = await post(dev.tokenEndpoint, {
      grant_type: 'password',
      client_id: 'luotsi-web',
      username: 'matti.resident',
      password: DEMO_DIRECTORY.password,
    });
    expect(res.status).toBe(200);
    const { access_token } = (await res.json()) as { access_token: string };
    const verifier = createTokenVerifier({ issuer: base, audience: 'luotsi-api', clock });
    const p = await verifier.verify(`Bearer ${access_token}`);
    expect(p).toMatchObject({
      subject: demoSubject('matti.resident'),
      roles: ['resident'],
      acr: 'high',
      username: 'matti.resident',
      clientId: 'luotsi-web',
    });
    expect(p.identityCode).toBe('120485-901Y');
  });

  it('client credentials for a demo service account, scoped by its hard-coded claim', async () => {
    const basic = Buffer.from('provider-mehilainen:dev-secret-provider-mehilainen').toString('base64');
    const res = await post(dev.tokenEndpoint, { grant_type: 'client_credentials' }, { authorization: `Basic ${basic}` });
    const { access_token } = (await res.json()) as { access_token: string };
    const p = await createTokenVerifier({ issuer: base, audience: 'luotsi-api', clock }).verify(access_token);
    expect(p).toMatchObject({ roles: ['provider'], providerId: 'mehilainen', clientId: 'provider-mehilainen' });
    expect(
      (await post(dev.tokenEndpoint, { grant_type: 'client_credentials', client_id: 'provider-mehilainen', client_secret: 'nope' })).status,
    ).toBe(401);
  });

  it('refuses a wrong password, an unknown grant and an unknown client', async () => {
    const wrong = await post(dev.tokenEndpoint, {
      grant_type: 'password',
      client_id: 'luotsi-web',
      username: 'eeva.finance',
      password: 'x',
    });
    expect([wrong.status, ((await wrong.json()) as { error: string }).error]).toEqual([401, 'invalid_grant']);
    expect((await post(dev.tokenEndpoint, { grant_type: 'implicit', client_id: 'luotsi-web' })).status).toBe(400);
    expect(
      (
        await post(dev.tokenEndpoint, {
          grant_type: 'password',
          client_id: 'other',
          username: 'eeva.finance',
          password: DEMO_DIRECTORY.password,
        })
      ).status,
    ).toBe(401);
  });

  it('authorization code with PKCE S256: sign-in page → code → token; the code works once', async () => {
    const verifierText = randomBytes(32).toString('base64url');
    const challenge = createHash('sha256').update(verifierText).digest('base64url');
    const redirect = 'http://127.0.0.1:3000/callback';
    const q = {
      response_type: 'code',
      client_id: 'luotsi-web',
      redirect_uri: redirect,
      scope: 'openid profile',
      state: 's-1',
      nonce: 'n-1',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    };
    const page = await fetch(`${dev.authorizationEndpoint}?${new URLSearchParams(q)}`);
    const body = await page.text();
    expect(page.status).toBe(200);
    for (const u of DEMO_DIRECTORY.users) expect(body).toContain(u.username);
    expect(body).not.toContain('120485-901Y');

    const signIn = await post(dev.authorizationEndpoint, { ...q, username: 'gunilla.guidance' });
    expect(signIn.status).toBe(302);
    const to = new URL(signIn.headers.get('location')!);
    expect([to.origin + to.pathname, to.searchParams.get('state'), to.searchParams.get('iss')]).toEqual([redirect, 's-1', base]);
    const code = to.searchParams.get('code')!;

    const exchange = {
      grant_type: 'authorization_code',
      client_id: 'luotsi-web',
      code,
      redirect_uri: redirect,
      code_verifier: verifierText,
    };
    const res = await post(dev.tokenEndpoint, exchange);
    expect(res.status).toBe(200);
    const tokens = (await res.json()) as { access_token: string; id_token: string };
    const p = await createTokenVerifier({ issuer: base, audience: 'luotsi-api', clock }).verify(tokens.access_token);
    expect(p).toMatchObject({ subject: demoSubject('gunilla.guidance'), roles: ['guidance'], organisation: 'pirkanmaa' });
    expect(JSON.parse(Buffer.from(tokens.id_token.split('.')[1]!, 'base64url').toString())).toMatchObject({
      aud: 'luotsi-web',
      nonce: 'n-1',
      typ: 'ID',
    });
    // An ID token is not an access token for the API.
    await expect(createTokenVerifier({ issuer: base, audience: 'luotsi-api', clock }).verify(tokens.id_token)).rejects.toMatchObject({
      code: 'TOKEN_INVALID',
    });

    expect((await post(dev.tokenEndpoint, exchange)).status).toBe(400); // used
  });

  it('signs a browser back in silently (prompt=none) while its session lasts, and not after a logout', async () => {
    const redirect = 'http://127.0.0.1:3000/signed-in';
    const q = {
      response_type: 'code',
      client_id: 'luotsi-web',
      redirect_uri: redirect,
      scope: 'openid profile',
      state: 's-2',
      code_challenge: createHash('sha256').update('c'.repeat(43)).digest('base64url'),
      code_challenge_method: 'S256',
    };
    const silent = (cookie?: string) =>
      fetch(`${dev.authorizationEndpoint}?${new URLSearchParams({ ...q, prompt: 'none' })}`, {
        redirect: 'manual',
        ...(cookie ? { headers: { cookie } } : {}),
      });
    const answer = (res: Response) => {
      const to = new URL(res.headers.get('location')!);
      return {
        status: res.status,
        error: to.searchParams.get('error'),
        code: !!to.searchParams.get('code'),
        state: to.searchParams.get('state'),
      };
    };
    // No session: login_required at once, back to the app, never the page.
    expect(answer(await silent())).toEqual({ status: 302, error: 'login_required', code: false, state: 's-2' });
    const signIn = await post(dev.authorizationEndpoint, { ...q, username: 'liisa.resident' });
    const setCookie = signIn.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(setCookie).toMatch(/Path=\/dev-issuer/);
    const cookie = setCookie.split(';')[0]!;
    // With it: a code for the same user, which the token endpoint takes.
    const again = await silent(cookie);
    expect(answer(again)).toEqual({ status: 302, error: null, code: true, state: 's-2' });
    const res = await post(dev.tokenEndpoint, {
      grant_type: 'authorization_code',
      client_id: 'luotsi-web',
      code: new URL(again.headers.get('location')!).searchParams.get('code')!,
      redirect_uri: redirect,
      code_verifier: 'c'.repeat(43),
    });
    const { access_token } = (await res.json()) as { access_token: string };
    expect(await createTokenVerifier({ issuer: base, audience: 'luotsi-api', clock }).verify(access_token)).toMatchObject({
      username: 'liisa.resident',
    });
    // A cookie that is not a session's is no session.
    expect(answer(await silent(`${cookie.split('=')[0]}=forged`)).error).toBe('login_required');
    // Logout ends it, and goes back only to a registered address.
    const logout = await fetch(
      `${base}/protocol/openid-connect/logout?${new URLSearchParams({ client_id: 'luotsi-web', post_logout_redirect_uri: 'http://127.0.0.1:3000/' })}`,
      { redirect: 'manual', headers: { cookie } },
    );
    expect([logout.status, logout.headers.get('location')]).toEqual([302, 'http://127.0.0.1:3000/']);
    expect(logout.headers.get('set-cookie')).toMatch(/Max-Age=0/);
    expect(answer(await silent(cookie)).error).toBe('login_required');
    const elsewhere = await fetch(`${base}/protocol/openid-connect/logout?post_logout_redirect_uri=https://evil.example/`, {
      redirect: 'manual',
    });
    expect([elsewhere.status, elsewhere.headers.get('location')]).toEqual([200, null]);
    // A session lasts 30 minutes.
    const later = (await post(dev.authorizationEndpoint, { ...q, username: 'liisa.resident' })).headers.get('set-cookie')!.split(';')[0]!;
    clock.advance(31 * 60_000);
    expect(answer(await silent(later)).error).toBe('login_required');
  });

  it('refuses a wrong PKCE verifier, a missing challenge and an unregistered redirect URI', async () => {
    const redirect = 'http://localhost:3000/cb';
    const challenge = createHash('sha256').update('a'.repeat(43)).digest('base64url');
    const q = {
      response_type: 'code',
      client_id: 'luotsi-web',
      redirect_uri: redirect,
      code_challenge: challenge,
      code_challenge_method: 'S256',
    };
    const signIn = await post(dev.authorizationEndpoint, { ...q, username: 'anna.county' });
    const code = new URL(signIn.headers.get('location')!).searchParams.get('code')!;
    const res = await post(dev.tokenEndpoint, {
      grant_type: 'authorization_code',
      client_id: 'luotsi-web',
      code,
      redirect_uri: redirect,
      code_verifier: 'b'.repeat(43),
    });
    expect([res.status, ((await res.json()) as { error: string }).error]).toEqual([400, 'invalid_grant']);
    expect((await fetch(`${dev.authorizationEndpoint}?${new URLSearchParams({ ...q, code_challenge: '' })}`)).status).toBe(400);
    expect((await fetch(`${dev.authorizationEndpoint}?${new URLSearchParams({ ...q, code_challenge_method: 'plain' })}`)).status).toBe(400);
    expect(
      (await fetch(`${dev.authorizationEndpoint}?${new URLSearchParams({ ...q, redirect_uri: 'https://evil.example/cb' })}`)).status,
    ).toBe(400);
  });

  it('keeps its signing key in the data dir (owner-only), so tokens survive a restart', async () => {
    expect(statSync(join(dataDir, 'dev-issuer-key.json')).mode & 0o077).toBe(0);
    const again = await createDevIssuer({ baseUrl: base, dataDir, clock });
    expect(again.kid).toBe(dev.kid);
    const inMemory = await createDevIssuer({ baseUrl: base, dataDir: 'memory', clock });
    expect(inMemory.kid).not.toBe(dev.kid);
  });

  it('refuses to start in production or when OIDC_ISSUER is configured, saying why', async () => {
    await expect(createDevIssuer({ baseUrl: base, dataDir: 'memory', nodeEnv: 'production' })).rejects.toThrow(DevIssuerRefused);
    await expect(createDevIssuer({ baseUrl: base, dataDir: 'memory', nodeEnv: 'production' })).rejects.toThrow(/NODE_ENV is production/);
    await expect(createDevIssuer({ baseUrl: base, dataDir: 'memory', oidcIssuer: 'http://127.0.0.1:8180/realms/luotsi' })).rejects.toThrow(
      /OIDC_ISSUER is set/,
    );
  });
});
