/**
 * Long-lived per-type resources (database pools) shared across calls, disposed when idle.
 */
import { createHash } from 'node:crypto';
import type { ResourceCache } from '../domain/type-descriptor.js';

/** A {@link ResourceCache} the process owner can shut down. */
export interface ClosableResourceCache extends ResourceCache {
  /** dispose every resource (at shutdown) */
  closeAll(): Promise<void>;
  /** number of live entries */
  readonly size: number;
}

export interface ResourceCacheOptions {
  /** an entry not fetched for this long is disposed */
  idleMs: number;
  /** told about a dispose that threw; defaults to ignoring it */
  onDisposeError?: (key: string, error: unknown) => void;
}

interface Entry {
  value: unknown;
  dispose: (value: unknown) => Promise<void> | void;
  timer: NodeJS.Timeout;
}

/**
 * Creates the cache. Idle timers are unref'd, so an idle pool never keeps the process alive.
 *
 * @example
 * const resources = createResourceCache({ idleMs: 5 * 60_000 });
 * const pool = resources.get(key, () => new pg.Pool(config), (p) => p.end());
 * await resources.evict('postgres:ws_1:orders:'); // after the connection changed
 */
export function createResourceCache(options: ResourceCacheOptions): ClosableResourceCache {
  const entries = new Map<string, Entry>();

  const dispose = async (key: string): Promise<void> => {
    const entry = entries.get(key);
    if (!entry) return;
    entries.delete(key);
    clearTimeout(entry.timer);
    try {
      await entry.dispose(entry.value);
    } catch (error) {
      options.onDisposeError?.(key, error);
    }
  };

  const idleTimer = (key: string): NodeJS.Timeout => {
    const timer = setTimeout(() => void dispose(key), options.idleMs);
    timer.unref();
    return timer;
  };

  return {
    get<T>(key: string, create: () => T, disposeValue: (value: T) => Promise<void> | void): T {
      const existing = entries.get(key);
      if (existing) {
        clearTimeout(existing.timer);
        existing.timer = idleTimer(key);
        return existing.value as T;
      }
      const value = create();
      entries.set(key, {
        value,
        dispose: disposeValue as (value: unknown) => Promise<void> | void,
        timer: idleTimer(key),
      });
      return value;
    },
    async evict(prefix: string): Promise<void> {
      const keys = [...entries.keys()].filter((k) => k.startsWith(prefix));
      await Promise.all(keys.map(dispose));
    },
    async closeAll(): Promise<void> {
      await Promise.all([...entries.keys()].map(dispose));
    },
    get size() {
      return entries.size;
    },
  };
}

/**
 * The cache key of a connection's resource: `<type>:<workspace>:<tag>:<sha256>`, where the hash covers
 * the inputs that shape the resource. A secret is hashed before it enters the digest, so the key string
 * never carries it. `evict(resourceKeyPrefix(type, ws, tag))` drops a connection's pools.
 */
export function resourceKey(
  typeId: string,
  workspaceId: string,
  tag: string,
  parts: Record<string, unknown>,
  secrets: Record<string, string | undefined> = {},
): string {
  const hashedSecrets = Object.fromEntries(
    Object.entries(secrets).map(([k, v]) => [k, v === undefined ? null : sha256(`${k}:${v}`)]),
  );
  const canonical = JSON.stringify(sortKeys({ ...parts, secrets: hashedSecrets }));
  return `${resourceKeyPrefix(typeId, workspaceId, tag)}${sha256(canonical)}`;
}

export const resourceKeyPrefix = (typeId: string, workspaceId: string, tag: string): string =>
  `${typeId}:${workspaceId}:${tag}:`;

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}
