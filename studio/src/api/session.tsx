import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ApiError, configureClient } from './graphql.ts';

export interface SessionUser {
  id: string;
  name: string;
  email: string;
  locale: string;
}

export interface Session {
  user: SessionUser;
  tenant: { id: string; slug: string };
  csrfToken: string;
}

interface SessionState {
  session: Session | null;
  loading: boolean;
  signIn(input: { email: string; password: string; tenant?: string }): Promise<Session>;
  signOut(): Promise<void>;
}

const SessionContext = createContext<SessionState | null>(null);

async function authRequest(path: string, init: RequestInit = {}): Promise<any> {
  const res = await fetch(path, { credentials: 'same-origin', ...init, headers: { 'content-type': 'application/json', ...init.headers } });
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new ApiError(res.status, body.errors ?? [{ message: `HTTP ${res.status}` }]);
  return body;
}

/** Who is signed in (GET /auth/session), with sign-in and sign-out. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null>(null);
  const [loading, setLoading] = useState(true);

  const adopt = useCallback((next: Session | null) => {
    configureClient({ csrfToken: next?.csrfToken });
    setSession(next);
  }, []);

  useEffect(() => {
    configureClient({ onUnauthenticated: () => adopt(null) });
    authRequest('/auth/session')
      .then((s: Session) => adopt(s))
      .catch(() => adopt(null))
      .finally(() => setLoading(false));
  }, [adopt]);

  const signIn = useCallback(async (input: { email: string; password: string; tenant?: string }) => {
    const s = (await authRequest('/auth/login', { method: 'POST', body: JSON.stringify(input) })) as Session;
    adopt(s);
    return s;
  }, [adopt]);

  const signOut = useCallback(async () => {
    await authRequest('/auth/logout', { method: 'POST', headers: session ? { 'x-csrf-token': session.csrfToken } : {} }).catch(() => {});
    adopt(null);
  }, [adopt, session]);

  const value = useMemo(() => ({ session, loading, signIn, signOut }), [session, loading, signIn, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const state = useContext(SessionContext);
  if (!state) throw new Error('useSession outside SessionProvider');
  return state;
}
