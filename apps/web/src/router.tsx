import { createContext, useContext, useEffect, useState, type ReactNode, type MouseEvent } from 'react';

// A small History API router: the app's paths are few and flat, and a router package would cost
// more bytes than this file. apps/luotsi/src/web-app.ts serves index.html for these prefixes.
const RouterContext = createContext<{ path: string; navigate(to: string): void }>({ path: '/', navigate: () => undefined });

export function RouterProvider({ children }: { children: ReactNode }) {
  const [path, setPath] = useState(window.location.pathname);
  useEffect(() => {
    const onPop = () => setPath(window.location.pathname);
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const navigate = (to: string) => {
    if (to !== window.location.pathname + window.location.search) window.history.pushState(null, '', to);
    setPath(new URL(to, window.location.origin).pathname);
    window.scrollTo(0, 0);
  };
  return <RouterContext.Provider value={{ path, navigate }}>{children}</RouterContext.Provider>;
}

export const useRouter = () => useContext(RouterContext);

/** An in-app link: a real <a href> (keyboard, middle click, screen readers) that routes without a reload. */
export function AppLink({ to, children, className }: { to: string; children: ReactNode; className?: string }) {
  const { navigate } = useRouter();
  const onClick = (e: MouseEvent<HTMLAnchorElement>) => {
    if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
    e.preventDefault();
    navigate(to);
  };
  return (
    <a href={to} onClick={onClick} className={className ?? 'link'}>
      {children}
    </a>
  );
}
