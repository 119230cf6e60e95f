import { useQuery } from '@tanstack/react-query';
import { api } from './api';

/** The registered connection types; they change only with a server upgrade, so they are cached long. */
export function useTypes() {
  return useQuery({ queryKey: ['types'], queryFn: api.types.list, staleTime: 10 * 60_000 });
}

export function useConnection(tag: string) {
  return useQuery({ queryKey: ['connection', tag], queryFn: () => api.connections.get(tag) });
}

export const PROVIDER_NAMES: Record<string, string> = {
  aws: 'AWS',
  gcp: 'Google Cloud',
  azure: 'Azure',
  mongodb_atlas: 'MongoDB Atlas',
  neo4j_aura: 'Neo4j Aura',
};
