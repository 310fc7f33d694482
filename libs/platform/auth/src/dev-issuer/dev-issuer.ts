import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { type Clock, LruMap, systemClock } from '@luotsi/kernel';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JSONWebKeySet, type JWK, type KeyLike, SignJWT } from 'jose';
import {
  API_AUDIENCE,
  DEMO_DIRECTORY,
  type DemoDirectory,
  type DemoServiceAccount,
  type DemoUser,
  demoSubject,
  serviceAccountUsername,
  WEB_CLIENT,
} from '../demo-users';

export interface DevIssuerOptions {
  /** Where the issuer is mounted, e.g. 'http://127.0.0.1:3000/dev-issuer'; also its `iss`. */
  baseUrl: string;
  /** The app's data dir: the signing key is kept in <dataDir>/dev-issuer-key.json. 'memory': a new key per start. */
  dataDir: string;
  /** Default: infra/keycloak/realm/demo-users.json, the same users as the Keycloak realm. */
  users?: DemoDirectory;
  clock?: Clock;
  /** The configured OIDC_ISSUER, if any: then the real issuer is in charge and this one refuses to start. */
  oidcIssuer?: string;
  /** The configured NODE_ENV: 'production' refuses. */
  nodeEnv?: string;
  /** Access token lifetime; Keycloak's realm uses 300 s too. */
  accessTokenTtlSec?: number;
  /** Redirect URI patterns of luotsi-web (a trailing * matches any rest); default the realm's. */
  redirectUris?: readonly string[];
}

/** Express-compatible: `app.use('/dev-issuer', devIssuer.handler)`, or `http.createServer(devIssuer.handler)`. */
export type DevIssuerHandler = (req: IncomingMessage & { body?: unknown }, res: ServerResponse, next?: (err?: unknown) => void) => void;

export interface DevIssuer {
  /** The `iss` of its tokens and the base of its endpoints (= baseUrl without a trailing slash). */
  readonly issuer: string;
  readonly jwksUri: string;
  readonly tokenEndpoint: string;
  readonly authorizationEndpoint: string;
  /** The kid of the signing key (stable across restarts with a dataDir). */
  readonly kid: string;
  /** Its public keys, for a verifier in the same process (TokenVerifierOptions.jwks): no fetch of its own URL. */
  readonly jwks: JSONWebKeySet;
  readonly handler: DevIssuerHandler;
  /** Signs an access token for a demo user or service account, as the token endpoint would (for tests and seeds). */
  accessTokenFor(usernameOrClientId: string): Promise<string>;
  /** The line to log at start, e.g. 'development issuer at http://…: demo users only, not for production'. */
  readonly logLine: string;
}

/** Thrown when the development issuer must not run (OIDC_ISSUER set, or production). */
export class DevIssuerRefused extends Error {
  override readonly name = 'DevIssuerRefused';
}

interface AuthCode {
  username: string;
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  nonce?: string;
  scope: string;
  expiresAtMs: number;
}

const CODE_TTL_MS = 60_000;
/**
 * How long a sign-in at this issuer lets the browser back in without the page (prompt=none): a
 * reload of the web app, whose tokens live in memory only, signs in again silently. Keycloak's
 * realm keeps its SSO session as long (ssoSessionIdleTimeout 30 min).
 */
const SESSION_TTL_MS = 30 * 60_000;
const SESSION_COOKIE = 'luotsi_dev_issuer_session';
const ALG = 'RS256';

/**
 * The OIDC issuer `npm start` runs when no identity provider is configured, so the embedded
 * app goes through the same token validation as the services behind Keycloak: discovery, JWKS,
 * a token endpoint (password for the README's curl flow, authorization_code with PKCE S256,
 * client_credentials for the demo service accounts) and an authorization endpoint whose
 * sign-in page lists the demo users. It refuses to start next to a real issuer or in production.
 */
export async function createDevIssuer(options: DevIssuerOptions): Promise<DevIssuer> {
  if (options.oidcIssuer) {
    throw new DevIssuerRefused(
      `development issuer not started: OIDC_ISSUER is set (${options.oidcIssuer}), so tokens come from that issuer`,
    );
  }
  if (options.nodeEnv === 'production') {
    throw new DevIssuerRefused('development issuer not started: NODE_ENV is production; configure OIDC_ISSUER (Keycloak) instead');
  }
  const issuer = options.baseUrl.replace(/\/+$/, '');
  const basePath = new URL(issuer).pathname.replace(/\/+$/, '');
  const directory = options.users ?? DEMO_DIRECTORY;
  const clock = options.clock ?? systemClock;
  const ttl = options.accessTokenTtlSec ?? 300;
  const redirectUris = options.redirectUris ?? WEB_CLIENT.redirectUris;
  const { privateKey, publicJwk } = await signingKey(options.dataDir);
  const kid = publicJwk.kid!;
  const codes = new Map<string, AuthCode>();
  /** Browser sessions at the issuer (its cookie's random id → who signed in, until when); bounded, the least recently used go first. */
  const sessions = new LruMap<string, { username: string; expiresAtMs: number }>(10_000);
  const cookiePath = basePath || '/';
  const endpoints = {
    issuer,
    authorization_endpoint: `${issuer}/protocol/openid-connect/auth`,
    token_endpoint: `${issuer}/protocol/openid-connect/token`,
    end_session_endpoint: `${issuer}/protocol/openid-connect/logout`,
    jwks_uri: `${issuer}/protocol/openid-connect/certs`,
    response_types_supported: ['code'],
    grant_types_supported: ['authorization_code', 'password', 'client_credentials'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: [ALG],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
    code_challenge_methods_supported: ['S256'],
    scopes_supported: ['openid', 'profile'],
    claims_supported: [
      'sub',
      'iss',
      'aud',
      'exp',
      'iat',
      'roles',
      'hetu',
      'acr',
      'organisation',
      'providerId',
      'municipality',
      'preferred_username',
    ],
    authorization_response_iss_parameter_supported: true,
  };

  const nowSec = () => Math.floor(clock.now().getTime() / 1000);
  const sign = (claims: Record<string, unknown>) => new SignJWT(claims).setProtectedHeader({ alg: ALG, kid, typ: 'JWT' }).sign(privateKey);

  function userClaims(user: DemoUser): Record<string, unknown> {
    const a = user.attributes;
    return {
      sub: demoSubject(user.username),
      preferred_username: user.username,
      roles: [...user.roles],
      ...(a.hetu ? { hetu: a.hetu } : {}),
      ...(a.loa ? { acr: a.loa } : {}),
      ...(a.organisation ? { organisation: a.organisation } : {}),
      ...(a.providerId ? { providerId: a.providerId } : {}),
      ...(a.municipality ? { municipality: a.municipality } : {}),
    };
  }
  function accountClaims(account: DemoServiceAccount): Record<string, unknown> {
    return {
      sub: demoSubject(serviceAccountUsername(account.clientId)),
      preferred_username: serviceAccountUsername(account.clientId),
      roles: [...account.roles],
      ...account.claims,
    };
  }
  const accessToken = (subjectClaims: Record<string, unknown>, clientId: string, scope: string) => {
    const iat = nowSec();
    return sign({
      iss: issuer,
      aud: API_AUDIENCE,
      azp: clientId,
      typ: 'Bearer',
      iat,
      exp: iat + ttl,
      jti: randomUUID(),
      scope,
      ...subjectClaims,
    });
  };
  async function tokenResponse(user: DemoUser, clientId: string, scope: string, nonce?: string): Promise<Record<string, unknown>> {
    const body: Record<string, unknown> = {
      access_token: await accessToken(userClaims(user), clientId, scope),
      token_type: 'Bearer',
      expires_in: ttl,
      scope,
    };
    if (scope.split(' ').includes('openid')) {
      const iat = nowSec();
      // No identity code in the ID token: it goes to the browser and is not needed there.
      body['id_token'] = await sign({
        iss: issuer,
        aud: clientId,
        azp: clientId,
        typ: 'ID',
        iat,
        exp: iat + ttl,
        sub: demoSubject(user.username),
        preferred_username: user.username,
        name: `${user.firstName} ${user.lastName}`,
        ...(nonce ? { nonce } : {}),
      });
    }
    return body;
  }

  const findUser = (username: unknown) => directory.users.find((u) => u.username === username);
  const redirectAllowed = (uri: string) => redirectUris.some((p) => (p.endsWith('*') ? uri.startsWith(p.slice(0, -1)) : uri === p));

  async function token(form: Record<string, string>, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const basic = basicCredentials(req);
    const clientId = basic?.id ?? form['client_id'];
    const secret = basic?.secret ?? form['client_secret'];
    const grant = form['grant_type'];
    const scope = (form['scope'] ?? 'profile').trim() || 'profile';
    if (grant === 'client_credentials') {
      const account = directory.serviceAccounts.find((a) => a.clientId === clientId);
      if (!account || !secret || !sameSecret(secret, account.secret))
        return oauthError(res, 401, 'invalid_client', 'unknown client or wrong secret');
      return json(res, 200, {
        access_token: await accessToken(accountClaims(account), account.clientId, 'profile'),
        token_type: 'Bearer',
        expires_in: ttl,
        scope: 'profile',
      });
    }
    if (clientId !== WEB_CLIENT.clientId) return oauthError(res, 401, 'invalid_client', `only ${WEB_CLIENT.clientId} signs users in`);
    if (grant === 'password') {
      const user = findUser(form['username']);
      if (!user || !sameSecret(form['password'] ?? '', directory.password))
        return oauthError(res, 401, 'invalid_grant', 'invalid user credentials');
      return json(res, 200, await tokenResponse(user, clientId, scope));
    }
    if (grant === 'authorization_code') {
      const code = codes.get(form['code'] ?? '');
      // Single use: a code is gone once presented, right or wrong.
      if (code) codes.delete(form['code']!);
      if (!code || code.expiresAtMs < clock.now().getTime()) return oauthError(res, 400, 'invalid_grant', 'unknown, used or expired code');
      if (code.clientId !== clientId || code.redirectUri !== form['redirect_uri'])
        return oauthError(res, 400, 'invalid_grant', 'client or redirect_uri differ from the authorization request');
      const verifier = form['code_verifier'] ?? '';
      if (!/^[A-Za-z0-9._~-]{43,128}$/.test(verifier) || s256(verifier) !== code.codeChallenge)
        return oauthError(res, 400, 'invalid_grant', 'PKCE verification failed');
      return json(res, 200, await tokenResponse(findUser(code.username)!, clientId, code.scope, code.nonce));
    }
    return oauthError(res, 400, 'unsupported_grant_type', 'grant_type must be password, authorization_code or client_credentials');
  }

  /** Checks an authorization request; returns its error text, or undefined when it is good. */
  function badAuthorizationRequest(q: Record<string, string>): string | undefined {
    if (q['response_type'] !== 'code') return 'response_type must be code';
    if (q['client_id'] !== WEB_CLIENT.clientId) return `unknown client_id; use ${WEB_CLIENT.clientId}`;
    if (!q['redirect_uri'] || !redirectAllowed(q['redirect_uri'])) return 'redirect_uri is not registered for this client';
    if (!q['code_challenge'] || q['code_challenge_method'] !== 'S256')
      return 'PKCE is required: code_challenge with code_challenge_method S256';
    return undefined;
  }

  /** The user of the browser's session at this issuer, if it has a live one. */
  function sessionUser(req: IncomingMessage): DemoUser | undefined {
    const id = cookieOf(req, SESSION_COOKIE);
    const session = id ? sessions.get(id) : undefined;
    if (!session) return undefined;
    if (session.expiresAtMs < clock.now().getTime()) {
      sessions.delete(id!);
      return undefined;
    }
    return findUser(session.username);
  }

  function authorizePage(q: Record<string, string>, req: IncomingMessage, res: ServerResponse): void {
    const bad = badAuthorizationRequest(q);
    if (bad) return html(res, 400, `<h1>Bad sign-in request</h1><p>${esc(bad)}</p>`);
    // A silent request (OIDC Core 3.1.2.1): answered at once, from the session or with login_required.
    if (q['prompt'] === 'none') {
      const user = sessionUser(req);
      return user ? redirectWithCode(q, user.username, res) : backToClient(q, { error: 'login_required' }, res);
    }
    const hidden = ['response_type', 'client_id', 'redirect_uri', 'scope', 'state', 'nonce', 'code_challenge', 'code_challenge_method']
      .filter((k) => q[k] !== undefined)
      .map((k) => `<input type="hidden" name="${k}" value="${esc(q[k]!)}">`)
      .join('');
    const rows = directory.users
      .map(
        (u) =>
          `<li><button name="username" value="${esc(u.username)}">${esc(u.username)}</button> ${esc(u.firstName)} ${esc(u.lastName)} · ${esc(u.roles.join(', '))}</li>`,
      )
      .join('');
    html(
      res,
      200,
      `<h1>Luotsi development sign-in</h1><p>Demo users only; this issuer never runs in production.</p><form method="post">${hidden}<ul>${rows}</ul></form>`,
    );
  }

  function authorizeSubmit(form: Record<string, string>, res: ServerResponse): void {
    const bad = badAuthorizationRequest(form);
    if (bad) return html(res, 400, `<h1>Bad sign-in request</h1><p>${esc(bad)}</p>`);
    if (!findUser(form['username'])) return html(res, 400, '<h1>Unknown demo user</h1>');
    const id = randomBytes(32).toString('base64url');
    sessions.set(id, { username: form['username']!, expiresAtMs: clock.now().getTime() + SESSION_TTL_MS });
    res.setHeader('set-cookie', `${SESSION_COOKIE}=${id}; Path=${cookiePath}; HttpOnly; SameSite=Lax; Max-Age=${SESSION_TTL_MS / 1000}`);
    redirectWithCode(form, form['username']!, res);
  }

  /** RP-initiated logout: the session ends, and a registered post_logout_redirect_uri is where the browser goes. */
  function logout(q: Record<string, string>, req: IncomingMessage, res: ServerResponse): void {
    const id = cookieOf(req, SESSION_COOKIE);
    if (id) sessions.delete(id);
    res.setHeader('set-cookie', `${SESSION_COOKIE}=; Path=${cookiePath}; HttpOnly; SameSite=Lax; Max-Age=0`);
    const back = q['post_logout_redirect_uri'];
    if (back && redirectAllowed(back)) {
      res.writeHead(302, { location: back, 'cache-control': 'no-store' });
      return void res.end();
    }
    html(res, 200, '<h1>Signed out</h1><p>You have signed out of the Luotsi development issuer.</p>');
  }

  /** A one-time code for `username`, sent back to the request's redirect_uri with its state. */
  function redirectWithCode(form: Record<string, string>, username: string, res: ServerResponse): void {
    const code = randomBytes(32).toString('base64url');
    codes.set(code, {
      username,
      clientId: form['client_id']!,
      redirectUri: form['redirect_uri']!,
      codeChallenge: form['code_challenge']!,
      ...(form['nonce'] ? { nonce: form['nonce'] } : {}),
      scope: form['scope'] || 'openid profile',
      expiresAtMs: clock.now().getTime() + CODE_TTL_MS,
    });
    backToClient(form, { code }, res);
  }

  /** The authorization response: to the request's redirect_uri with `params`, its state and this issuer (RFC 9207). */
  function backToClient(request: Record<string, string>, params: Record<string, string>, res: ServerResponse): void {
    const to = new URL(request['redirect_uri']!);
    for (const [k, v] of Object.entries(params)) to.searchParams.set(k, v);
    if (request['state']) to.searchParams.set('state', request['state']);
    to.searchParams.set('iss', issuer);
    res.writeHead(302, { location: to.toString(), 'cache-control': 'no-store' });
    res.end();
  }

  const handler: DevIssuerHandler = (req, res, next) => {
    const url = new URL(req.url ?? '/', 'http://dev-issuer');
    // Standalone the path still has the mount prefix; under Express app.use() it is already stripped.
    const path = basePath && url.pathname.startsWith(basePath + '/') ? url.pathname.slice(basePath.length) : url.pathname;
    const query = Object.fromEntries(url.searchParams);
    const method = req.method ?? 'GET';
    const route = async () => {
      if (method === 'GET' && path === '/.well-known/openid-configuration') return json(res, 200, endpoints);
      if (method === 'GET' && path === '/protocol/openid-connect/certs') return json(res, 200, { keys: [publicJwk] });
      if (path === '/protocol/openid-connect/token' && method === 'POST') return token(await formOf(req), req, res);
      if (path === '/protocol/openid-connect/auth' && method === 'GET') return authorizePage(query, req, res);
      if (path === '/protocol/openid-connect/logout' && method === 'GET') return logout(query, req, res);
      if (path === '/protocol/openid-connect/auth' && method === 'POST') return authorizeSubmit(await formOf(req), res);
      if (next) return next();
      json(res, 404, { error: 'not_found' });
    };
    route().catch((e: unknown) => (next ? next(e) : oauthError(res, 400, 'invalid_request', 'the request could not be read')));
  };

  return {
    issuer,
    jwksUri: endpoints.jwks_uri,
    tokenEndpoint: endpoints.token_endpoint,
    authorizationEndpoint: endpoints.authorization_endpoint,
    kid,
    jwks: { keys: [publicJwk] } as JSONWebKeySet,
    handler,
    logLine: `development issuer at ${issuer}: demo users only (infra/keycloak/realm/demo-users.json); set OIDC_ISSUER to use a real one`,
    async accessTokenFor(name: string) {
      const user = findUser(name);
      if (user) return accessToken(userClaims(user), WEB_CLIENT.clientId, 'profile');
      const account = directory.serviceAccounts.find((a) => a.clientId === name);
      if (account) return accessToken(accountClaims(account), account.clientId, 'profile');
      throw new Error(`no demo user or service account ${name}`);
    },
  };
}

async function signingKey(dataDir: string): Promise<{ privateKey: KeyLike; publicJwk: JWK }> {
  const file = dataDir === 'memory' ? undefined : join(dataDir, 'dev-issuer-key.json');
  if (file) {
    try {
      const jwk = JSON.parse(readFileSync(file, 'utf8')) as JWK;
      const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicJwk } = jwk;
      return { privateKey: (await importJWK(jwk, ALG)) as KeyLike, publicJwk };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT')
        throw new Error(`development issuer: cannot read its key ${file}: ${(e as Error).message}`);
    }
  }
  const { privateKey, publicKey } = await generateKeyPair(ALG, { extractable: true });
  const pub = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(pub);
  const publicJwk: JWK = { ...pub, kid, alg: ALG, use: 'sig' };
  if (file) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, JSON.stringify({ ...(await exportJWK(privateKey)), kid, alg: ALG, use: 'sig' }), { mode: 0o600 });
  }
  return { privateKey, publicJwk };
}

async function formOf(req: IncomingMessage & { body?: unknown }): Promise<Record<string, string>> {
  // Under NestJS/Express a body parser may already have read the stream.
  if (req.body && typeof req.body === 'object') {
    return Object.fromEntries(Object.entries(req.body as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 64 * 1024) throw new Error('form too large');
    chunks.push(chunk as Buffer);
  }
  return Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
}

function basicCredentials(req: IncomingMessage): { id: string; secret: string } | undefined {
  const m = /^Basic\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  if (!m) return undefined;
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  if (i < 0) return undefined;
  return { id: decodeURIComponent(decoded.slice(0, i)), secret: decodeURIComponent(decoded.slice(i + 1)) };
}

const s256 = (verifier: string) => createHash('sha256').update(verifier).digest('base64url');

function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

function oauthError(res: ServerResponse, status: number, error: string, description: string): void {
  json(res, status, { error, error_description: description });
}

function html(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'content-security-policy': "default-src 'none'; form-action 'self' http://127.0.0.1:* http://localhost:*",
  });
  res.end(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Luotsi sign-in (development)</title></head><body>${body}</body></html>`,
  );
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** One cookie's value from the request's Cookie header. */
function cookieOf(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim() || undefined;
  }
  return undefined;
}
