/**
 * An in-process cache of Vault reads. Entries are keyed by workspace and canonical path, so two
 * workspaces never share one; nothing is ever written to the store.
 */
export interface VaultCache<T> {
  /**
   * The cached value, or the result of `load`. Concurrent calls for one cold key share one `load`
   * (single flight). `ttlSeconds` 0 disables caching: every call loads. Failures are not cached.
   */
  get(workspaceId: string, path: string, ttlSeconds: number, load: () => Promise<T>): Promise<T>;
  /** drops the workspace's entries; a load in flight is not stored when it ends */
  invalidate(workspaceId: string): void;
}

interface Entry<T> {
  value: T;
  expiresAt: number;
}

interface WorkspaceCache<T> {
  /** bumped by `invalidate`, so a load started before it cannot store a stale value */
  generation: number;
  entries: Map<string, Entry<T>>;
  inflight: Map<string, Promise<T>>;
}

export interface VaultCacheOptions {
  now?: () => number;
  /** per workspace; the oldest entry goes first */
  maxEntries?: number;
}

/**
 * @example
 * const cache = createVaultCache<VaultSecret>();
 * const secret = await cache.get('ws1', 'secret/oracle', 60, () => client.read('secret/oracle'));
 */
export function createVaultCache<T>(options: VaultCacheOptions = {}): VaultCache<T> {
  const now = options.now ?? Date.now;
  const maxEntries = options.maxEntries ?? 10_000;
  const workspaces = new Map<string, WorkspaceCache<T>>();

  const workspace = (id: string): WorkspaceCache<T> => {
    let ws = workspaces.get(id);
    if (!ws) {
      ws = { generation: 0, entries: new Map(), inflight: new Map() };
      workspaces.set(id, ws);
    }
    return ws;
  };

  function store(ws: WorkspaceCache<T>, path: string, value: T, ttlSeconds: number): void {
    ws.entries.delete(path);
    ws.entries.set(path, { value, expiresAt: now() + ttlSeconds * 1000 });
    while (ws.entries.size > maxEntries) {
      const oldest = ws.entries.keys().next().value as string;
      ws.entries.delete(oldest);
    }
  }

  return {
    get(workspaceId, path, ttlSeconds, load) {
      if (ttlSeconds <= 0) return load();
      const ws = workspace(workspaceId);
      const hit = ws.entries.get(path);
      if (hit && now() < hit.expiresAt) return Promise.resolve(hit.value);
      if (hit) ws.entries.delete(path);
      const running = ws.inflight.get(path);
      if (running) return running;
      const generation = ws.generation;
      const loading = new Promise<T>((resolve) => resolve(load()))
        .then((value) => {
          if (ws.generation === generation) store(ws, path, value, ttlSeconds);
          return value;
        })
        .finally(() => {
          if (ws.inflight.get(path) === loading) ws.inflight.delete(path);
        });
      ws.inflight.set(path, loading);
      return loading;
    },
    invalidate(workspaceId) {
      const ws = workspaces.get(workspaceId);
      if (!ws) return;
      ws.generation += 1;
      ws.entries.clear();
      ws.inflight.clear();
    },
  };
}
