import type { Connection } from './model.js';
import type { ConnectionRepository } from './ports.js';

/**
 * Connection reads for the hot path (resolve, connect). Entries live `ttlMs` — below SPEC 8's one
 * second, so another replica's change is still seen in time — and this process's own changes drop
 * them at once. Concurrent misses for one connection share a single read. Expired entries are
 * dropped, not just ignored: resolve keeps a connection's opened secrets as long as its object lives.
 */
export function createConnectionCache(
  repo: Pick<ConnectionRepository, 'get'>,
  ttlMs = 500,
  maxEntries = 10_000,
) {
  const entries = new Map<string, { until: number; value: Promise<Connection | undefined> }>();
  const key = (workspaceId: string, tag: string) => `${workspaceId}\u0000${tag}`;
  return {
    get(workspaceId: string, tag: string): Promise<Connection | undefined> {
      const k = key(workspaceId, tag);
      const hit = entries.get(k);
      if (hit && hit.until > Date.now()) return hit.value;
      if (entries.size >= maxEntries) entries.clear();
      const value = repo.get(workspaceId, tag);
      const entry = { until: Date.now() + ttlMs, value };
      entries.set(k, entry);
      const drop = () => {
        if (entries.get(k) === entry) entries.delete(k);
      };
      value.catch(drop);
      setTimeout(drop, ttlMs).unref();
      return value;
    },
    invalidate(workspaceId: string, tag: string): void {
      entries.delete(key(workspaceId, tag));
    },
    /** connections held now */
    get size(): number {
      return entries.size;
    },
  };
}

export type ConnectionCache = ReturnType<typeof createConnectionCache>;
