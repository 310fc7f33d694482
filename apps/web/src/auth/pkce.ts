// OAuth 2.0 authorization code flow with PKCE (RFC 7636, S256) for a public client in the browser.
// Only the one-time verifier and state survive the redirect (sessionStorage); tokens never do. A
// reload therefore signs in again, silently (prompt=none), from the issuer's own session.

export interface Discovery {
  authorization_endpoint: string;
  token_endpoint: string;
  end_session_endpoint?: string;
}

export interface TokenSet {
  accessToken: string;
  expiresAt: number;
  idToken: string | null;
}

const PENDING = 'luotsi.signin';

const base64url = (bytes: Uint8Array): string =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

export function randomString(byteCount = 32): string {
  const bytes = new Uint8Array(byteCount);
  crypto.getRandomValues(bytes);
  return base64url(bytes);
}

export async function challengeOf(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64url(new Uint8Array(digest));
}

export async function discover(issuer: string): Promise<Discovery> {
  const res = await fetch(`${issuer}/.well-known/openid-configuration`);
  if (!res.ok) throw new Error(`discovery ${res.status}`);
  return (await res.json()) as Discovery;
}

export const redirectUri = (): string => `${window.location.origin}/signed-in`;

/**
 * The issuer answered a silent sign-in with an error (login_required: its session is gone): the
 * user is signed out, not failed, and the app goes back to `returnTo`.
 */
export class SilentSignInRefused extends Error {
  constructor(readonly returnTo: string) {
    super('silent sign-in refused');
  }
}

/**
 * Leaves for the issuer's sign-in page; `returnTo` is where the app goes after signing in.
 * `silent`: prompt=none, so the issuer answers at once from its session, never with its page.
 */
export async function beginSignIn(issuer: string, clientId: string, returnTo: string, locale: string, silent = false): Promise<void> {
  const discovery = await discover(issuer);
  const verifier = randomString(48);
  const state = randomString(16);
  const nonce = randomString(16);
  sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state, nonce, returnTo, silent }));
  const url = new URL(discovery.authorization_endpoint);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: redirectUri(),
    scope: 'openid profile',
    state,
    nonce,
    code_challenge: await challengeOf(verifier),
    code_challenge_method: 'S256',
    ui_locales: locale,
    ...(silent ? { prompt: 'none' } : {}),
  }).toString();
  window.location.assign(url.toString());
}

/** On /signed-in: checks the state, trades the code and the verifier for tokens, kept in memory only. */
export async function completeSignIn(issuer: string, clientId: string, search: string): Promise<{ tokens: TokenSet; returnTo: string }> {
  const params = new URLSearchParams(search);
  const pending = JSON.parse(sessionStorage.getItem(PENDING) ?? 'null') as {
    verifier: string;
    state: string;
    returnTo: string;
    silent?: boolean;
  } | null;
  sessionStorage.removeItem(PENDING);
  const returnTo = pending?.returnTo.startsWith('/') ? pending.returnTo : '/';
  if (params.get('error')) {
    if (pending?.silent && params.get('state') === pending.state) throw new SilentSignInRefused(returnTo);
    throw new Error(params.get('error') ?? 'error');
  }
  const code = params.get('code');
  if (!pending || !code || params.get('state') !== pending.state) throw new Error('state');
  const discovery = await discover(issuer);
  const res = await fetch(discovery.token_endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: clientId,
      code,
      redirect_uri: redirectUri(),
      code_verifier: pending.verifier,
    }),
  });
  if (!res.ok) throw new Error(`token ${res.status}`);
  const body = (await res.json()) as { access_token: string; expires_in: number; id_token?: string };
  return {
    tokens: { accessToken: body.access_token, expiresAt: Date.now() + body.expires_in * 1000, idToken: body.id_token ?? null },
    returnTo,
  };
}

/**
 * RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0): ends the issuer's session too, so
 * the next reload or sign-in does not find the user still signed in there. Without an
 * end_session_endpoint nothing more is done.
 */
export async function endSession(issuer: string, clientId: string, idToken: string | null): Promise<void> {
  const discovery = await discover(issuer);
  if (!discovery.end_session_endpoint) return;
  const url = new URL(discovery.end_session_endpoint);
  url.search = new URLSearchParams({
    client_id: clientId,
    post_logout_redirect_uri: `${window.location.origin}/`,
    ...(idToken ? { id_token_hint: idToken } : {}),
  }).toString();
  window.location.assign(url.toString());
}
