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
import { can, type Action } from '../core/auth/policy.js';
import { USER_ROLES, type UserRole } from '../core/registry/vocabulary.js';
import { api, setCsrfToken, setUnauthorizedHandler } from './api.js';

interface SessionState {
  /** Null when nobody is logged in. */
  session: SessionInfo | null;
  /** True until the first answer to GET /session. */
  checking: boolean;
  login: (input: LoginInput) => Promise<void>;
  logout: () => Promise<void>;
  hasRole: (...roles: UserRole[]) => boolean;
  /** Whether the user's role may do the action at all (for some organisation); the server checks again. */
  may: (action: Action) => boolean;
}

/** Who watches reporting deadlines across organisations: the supervision page and its menu entry. */
export const SUPERVISION_ROLES: UserRole[] = ['admin', 'coordinator', 'authority', 'auditor'];

/** A web session of the role: the role's full rights, as the server's policy grants them. */
function roleActor(role: UserRole) {
  return {
    kind: 'user',
    userId: '',
    orgId: '',
    role,
    label: role,
    scopes: null,
    remit: null,
  } as const;
}

/** The roles that may do any of the actions, read from the server's one policy table. */
export function rolesThatMay(...actions: Action[]): UserRole[] {
  return USER_ROLES.filter((role) => actions.some((action) => can(roleActor(role), action)));
}

/** Who sees the feeds page: those who read the feeds, and those who only feed files in. */
export const FEED_ROLES = rolesThatMay('feed.read', 'feed.ingest');
/** Who sees the findings area. */
export const FINDING_ROLES = rolesThatMay('finding.read');

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
      may: (action) => session !== null && can(roleActor(session.user.role), action),
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
