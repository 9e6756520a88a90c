// Who is logged in: loaded from GET /me at start; login and logout update it; a 401 anywhere logs the app out.
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Member } from './types.js';

export interface SessionState {
  /** undefined while loading, null when logged out. */
  me: Member | null | undefined;
  setMe: (me: Member | null) => void;
  refresh: () => Promise<void>;
}

export const SessionContext = createContext<SessionState>({ me: undefined, setMe: () => {}, refresh: async () => {} });

export const useSession = () => useContext(SessionContext);

/** The logged-in member (pages under <RequireMember> only). */
export function useMe(): Member {
  const { me } = useSession();
  if (!me) throw new Error('useMe outside a logged-in page');
  return me;
}
