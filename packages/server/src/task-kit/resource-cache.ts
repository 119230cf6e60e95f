/**
 * Long-lived per-type resources (database pools) shared across calls, disposed when idle.
 */
import { hash } from 'node:crypto';
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
  lastUsed: number;
  timer?: NodeJS.Timeout;
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
    forgetResourceKey(key);
    clearTimeout(entry.timer);
    try {
      await entry.dispose(entry.value);
    } catch (error) {
      options.onDisposeError?.(key, error);
    }
  };

  /** One timer per entry, not one per use: when it fires early (the entry was used since), it waits the rest. */
  const watchIdle = (key: string, entry: Entry, delayMs: number): void => {
    entry.timer = setTimeout(() => {
      const idleFor = Date.now() - entry.lastUsed;
      if (idleFor >= options.idleMs) void dispose(key);
      else watchIdle(key, entry, options.idleMs - idleFor);
    }, delayMs);
    entry.timer.unref();
  };

  return {
    get<T>(key: string, create: () => T, disposeValue: (value: T) => Promise<void> | void): T {
      const existing = entries.get(key);
      if (existing) {
        existing.lastUsed = Date.now();
        return existing.value as T;
      }
      const value = create();
      const entry: Entry = {
        value,
        dispose: disposeValue as (value: unknown) => Promise<void> | void,
        lastUsed: Date.now(),
      };
      entries.set(key, entry);
      watchIdle(key, entry, options.idleMs);
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
 * the inputs that shape the resource and its secrets. Only the digest reaches the key string, so it
 * never carries a secret. `evict(resourceKeyPrefix(type, ws, tag))` drops a connection's pools.
 *
 * Every connect asks for its pool's key, and a connection's inputs rarely change between calls: the
 * last key of each connection is kept with the values it was made from, and given again while they
 * are the same (the canonical text and its hash cost a connect ~4 % of its time otherwise).
 */
export function resourceKey(
  typeId: string,
  workspaceId: string,
  tag: string,
  parts: Record<string, unknown>,
  secrets: Record<string, string | undefined> = {},
): string {
  const prefix = resourceKeyPrefix(typeId, workspaceId, tag);
  const last = lastKeys.get(prefix);
  if (last && sameFlatValues(last.parts, parts) && sameFlatValues(last.secrets, secrets)) return last.key;
  const canonical = `${canonicalText(parts)}|${canonicalText(secrets)}`;
  const key = `${prefix}${hash('sha256', canonical, 'hex')}`;
  if (isFlat(parts) && isFlat(secrets)) {
    if (lastKeys.size >= MAX_REMEMBERED_KEYS) lastKeys.clear();
    lastKeys.set(prefix, { parts: { ...parts }, secrets: { ...secrets }, key });
  }
  return key;
}

/**
 * The last key per connection (by its prefix) and copies of what it was made from, its secrets
 * included: held no longer than the pool they name (a disposed resource forgets its key, see
 * {@link forgetResourceKey}), and bounded, since a key is cheap to make again.
 */
const lastKeys = new Map<
  string,
  { parts: Record<string, unknown>; secrets: Record<string, unknown>; key: string }
>();
const MAX_REMEMBERED_KEYS = 10_000;

/** Forgets the remembered inputs behind `key` once its resource is disposed (idle, evicted, closed). */
function forgetResourceKey(key: string): void {
  const prefix = key.slice(0, key.lastIndexOf(':') + 1);
  if (lastKeys.get(prefix)?.key === key) lastKeys.delete(prefix);
}

/** How many connections' inputs are remembered (for tests: nothing outlives its pool). */
export const rememberedResourceKeys = (): number => lastKeys.size;

/** Only primitive values are remembered: an object could change inside without changing identity. */
function isFlat(record: Record<string, unknown>): boolean {
  for (const key in record) {
    const value = record[key];
    if (typeof value === 'object' && value !== null) return false;
  }
  return true;
}

/** The same keys in the same order with identical (primitive) values. */
function sameFlatValues(known: Record<string, unknown>, record: Record<string, unknown>): boolean {
  let count = 0;
  for (const key in record) {
    if (!Object.hasOwn(known, key) || known[key] !== record[key]) return false;
    count++;
  }
  for (const _ in known) count--;
  return count === 0;
}

export const resourceKeyPrefix = (typeId: string, workspaceId: string, tag: string): string =>
  `${typeId}:${workspaceId}:${tag}:`;

/** `"key":value,` in key order; values are the flat inputs of a connection (`undefined` → null). */
function canonicalText(record: Record<string, unknown>): string {
  let text = '';
  for (const key of Object.keys(record).sort()) {
    text += `${JSON.stringify(key)}:${JSON.stringify(record[key] ?? null)},`;
  }
  return text;
}
