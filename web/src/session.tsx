import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { ApiError, api, type CurrentUser, setUnauthenticatedHandler } from './api.ts';

/** Who is signed in. `undefined` while the first GET /api/auth/me is in flight. */
export interface Session {
  user: CurrentUser | null | undefined;
  /** Set after a successful login. */
  signedIn(user: CurrentUser): void;
  logout(): Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

/** Restores the session from the cookie on load and drops it on any 401. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<CurrentUser | null | undefined>(undefined);

  useEffect(() => {
    setUnauthenticatedHandler(() => setUser(null));
    let cancelled = false;
    api<{ user: CurrentUser }>('/api/auth/me')
      .then((r) => {
        if (!cancelled) setUser(r.user);
      })
      .catch((e: unknown) => {
        // 401 = not signed in; anything else (server down) also lands on the login page,
        // where the next attempt shows the real error.
        if (!cancelled) setUser(null);
        if (!(e instanceof ApiError) || e.status !== 401) console.warn(e);
      });
    return () => {
      cancelled = true;
      setUnauthenticatedHandler(null);
    };
  }, []);

  // Another tab may have signed out and in as someone else (the cookie is shared): when this tab
  // comes back into view, it asks who is signed in, and starts afresh for a different user rather
  // than go on showing the former one's data (tester v21b F11). A 401 lands on the login page.
  const username = user?.username;
  useEffect(() => {
    if (!username) return;
    const check = () => {
      if (document.visibilityState !== 'visible') return;
      api<{ user: CurrentUser }>('/api/auth/me')
        .then((r) => {
          if (r.user.username !== username) window.location.reload();
        })
        .catch(() => {});
    };
    document.addEventListener('visibilitychange', check);
    window.addEventListener('focus', check);
    return () => {
      document.removeEventListener('visibilitychange', check);
      window.removeEventListener('focus', check);
    };
  }, [username]);

  const signedIn = useCallback((u: CurrentUser) => setUser(u), []);
  const logout = useCallback(async () => {
    try {
      await api('/api/auth/logout', { method: 'POST' });
    } finally {
      setUser(null);
    }
  }, []);

  const value = useMemo<Session>(() => ({ user, signedIn, logout }), [user, signedIn, logout]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

/** The current session. */
export function useSession(): Session {
  const ctx = useContext(SessionContext);
  if (!ctx) throw new Error('useSession outside SessionProvider');
  return ctx;
}

/** The signed-in user; only for pages behind the login guard. */
export function useUser(): CurrentUser {
  const { user } = useSession();
  if (!user) throw new Error('useUser without a signed-in user');
  return user;
}
