import { useQuery } from '@tanstack/react-query';
import { api, isUnauthenticated, type Role, type Session } from './api';

const ROLES: Role[] = ['viewer', 'runner', 'editor', 'admin'];

/** The signed-in session, or null when there is none (the sign-in page shows). */
export function useSessionQuery() {
  return useQuery<Session | null>({
    queryKey: ['session'],
    queryFn: async () => {
      try {
        return await api.session.whoami();
      } catch (error) {
        if (isUnauthenticated(error)) return null;
        throw error;
      }
    },
    staleTime: 60_000,
  });
}

/** Whether the signed-in token's role reaches `needed` (the server decides; this only shapes the UI). */
export function useCan(needed: Role): boolean {
  const { data } = useSessionQuery();
  return !!data && ROLES.indexOf(data.role) >= ROLES.indexOf(needed);
}
