import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { api, setAccessToken } from '../api';
import { beginSignIn, completeSignIn } from './pkce';

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
  useEffect(() => {
    void fetch('/web-config.json')
      .then((r) => r.json() as Promise<WebConfig>)
      .then(setConfig)
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
        setMe(who.body);
        setStatus('signed-in');
        return returnTo;
      } catch (e) {
        setAccessToken(null);
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
  }, []);
  const has = useCallback((role: string) => !!me?.roles.includes(role), [me]);
  return <SessionContext.Provider value={{ config, me, status, signIn, signOut, complete, has }}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}
