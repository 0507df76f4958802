import {
  createContext,
  use,
  useCallback,
  useEffect,
  useMemo,
  useState,
  type ReactNode,
} from 'react';
import type { LoginInput, SessionInfo } from '../contract/auth.js';
import type { UserRole } from '../core/registry/vocabulary.js';
import { api, setCsrfToken, setUnauthorizedHandler } from './api.js';

interface SessionState {
  /** Null when nobody is logged in. */
  session: SessionInfo | null;
  /** True until the first answer to GET /session. */
  checking: boolean;
  login: (input: LoginInput) => Promise<void>;
  logout: () => Promise<void>;
  hasRole: (...roles: UserRole[]) => boolean;
}

/** Who watches reporting deadlines across organisations: the supervision page and its menu entry. */
export const SUPERVISION_ROLES: UserRole[] = ['admin', 'coordinator', 'authority', 'auditor'];

const SessionContext = createContext<SessionState | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<SessionInfo | null>(null);
  const [checking, setChecking] = useState(true);

  const apply = useCallback((next: SessionInfo | null) => {
    setCsrfToken(next?.csrfToken ?? null);
    setSession(next);
  }, []);

  useEffect(() => {
    setUnauthorizedHandler(() => apply(null));
    void api
      .get<SessionInfo>('/session')
      .then(apply, () => apply(null))
      .finally(() => setChecking(false));
  }, [apply]);

  const value = useMemo<SessionState>(
    () => ({
      session,
      checking,
      login: async (input) => apply(await api.post<SessionInfo>('/session', input)),
      logout: async () => {
        try {
          await api.delete('/session');
        } finally {
          apply(null);
        }
      },
      hasRole: (...roles) => session !== null && roles.includes(session.user.role),
    }),
    [session, checking, apply],
  );

  return <SessionContext value={value}>{children}</SessionContext>;
}

export function useSession(): SessionState {
  const state = use(SessionContext);
  if (!state) throw new Error('useSession needs a SessionProvider');
  return state;
}

/** The logged-in session, for pages that are only shown behind the login. */
export function useSessionInfo(): SessionInfo {
  const { session } = useSession();
  if (!session) throw new Error('No session');
  return session;
}
