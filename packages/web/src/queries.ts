import { useQuery } from '@tanstack/react-query';
import { api } from './api';

/** The registered connection types; they change only with a server upgrade, so they are cached long. */
export function useTypes() {
  return useQuery({ queryKey: ['types'], queryFn: api.types.list, staleTime: 10 * 60_000 });
}

export function useConnection(tag: string) {
  return useQuery({ queryKey: ['connection', tag], queryFn: () => api.connections.get(tag) });
}

/** A type's display name from its descriptor (GET /v1/types); the id until the types have loaded. */
export function useTypeName(): (type: string) => string {
  const types = useTypes();
  return (type) => types.data?.find((t) => t.id === type)?.display_name ?? type;
}

const orList = new Intl.ListFormat('en-GB', { type: 'disjunction' });

/** The cloud types' short names as one phrase ('AWS, GCP or Azure'), from GET /v1/types; null until loaded. */
export function useCloudNames(): string | null {
  const types = useTypes();
  const names = (types.data ?? []).filter((t) => t.kind === 'cloud').map((t) => t.short_name);
  return names.length > 0 ? orList.format(names) : null;
}
