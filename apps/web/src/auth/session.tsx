import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { api, setAccessToken } from '../api';
import { beginSignIn, completeSignIn, endSession, SilentSignInRefused } from './pkce';

/**
 * Set while this tab is signed in (a flag, no token): a reload, which loses the in-memory token,
 * then signs in again silently from the issuer's session instead of showing the user signed out.
 */
const SIGNED_IN = 'luotsi.signed-in';

export interface WebConfig {
  issuer: string | null;
  clientId: string;
}

export interface Me {
  subject: string;
  role: string;
  roles: string[];
  username: string | null;
  organisation: string | null;
  personRef: string | null;
}

interface Session {
  config: WebConfig | null;
  me: Me | null;
  /** 'idle' before sign-in, 'working' during it, 'failed' when the issuer or the API refused. */
  status: 'idle' | 'working' | 'signed-in' | 'failed';
  signIn(returnTo: string, locale: string): void;
  signOut(): void;
  complete(search: string): Promise<string>;
  has(role: string): boolean;
}

const SessionContext = createContext<Session | null>(null);

/** The signed-in user: the access token lives in this module's memory only, never in storage. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [config, setConfig] = useState<WebConfig | null>(null);
  const [me, setMe] = useState<Me | null>(null);
  const [status, setStatus] = useState<Session['status']>('idle');
  const idToken = useRef<string | null>(null);
  useEffect(() => {
    void fetch('/web-config.json')
      .then((r) => r.json() as Promise<WebConfig>)
      .then((loaded) => {
        setConfig(loaded);
        // A reload of a signed-in tab: back in through the issuer's session, to the same page.
        if (loaded.issuer && sessionStorage.getItem(SIGNED_IN) && window.location.pathname !== '/signed-in') {
          setStatus('working');
          const here = window.location.pathname + window.location.search;
          beginSignIn(loaded.issuer, loaded.clientId, here, document.documentElement.lang || 'fi', true).catch(() => {
            sessionStorage.removeItem(SIGNED_IN);
            setStatus('idle');
          });
        }
      })
      .catch(() => setStatus('failed'));
  }, []);
  const signIn = useCallback(
    (returnTo: string, locale: string) => {
      if (!config?.issuer) return setStatus('failed');
      setStatus('working');
      beginSignIn(config.issuer, config.clientId, returnTo, locale).catch(() => setStatus('failed'));
    },
    [config],
  );
  const complete = useCallback(
    async (search: string) => {
      if (!config?.issuer) throw new Error('no issuer');
      setStatus('working');
      try {
        const { tokens, returnTo } = await completeSignIn(config.issuer, config.clientId, search);
        setAccessToken(tokens.accessToken);
        const who = await api<Me>('GET', '/me');
        if (!who.ok) throw new Error(who.error.code);
        idToken.current = tokens.idToken;
        setMe(who.body);
        setStatus('signed-in');
        sessionStorage.setItem(SIGNED_IN, '1');
        return returnTo;
      } catch (e) {
        setAccessToken(null);
        sessionStorage.removeItem(SIGNED_IN);
        // The issuer's session ended meanwhile: signed out, back where the user was.
        if (e instanceof SilentSignInRefused) {
          setStatus('idle');
          return e.returnTo;
        }
        setStatus('failed');
        throw e;
      }
    },
    [config],
  );
  const signOut = useCallback(() => {
    setAccessToken(null);
    setMe(null);
    setStatus('idle');
    sessionStorage.removeItem(SIGNED_IN);
    const hint = idToken.current;
    idToken.current = null;
    // The issuer's session ends too (it would sign the next reload or sign-in straight back in).
    if (config?.issuer) void endSession(config.issuer, config.clientId, hint).catch(() => undefined);
  }, [config]);
  const has = useCallback((role: string) => !!me?.roles.includes(role), [me]);
  return <SessionContext.Provider value={{ config, me, status, signIn, signOut, complete, has }}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}
