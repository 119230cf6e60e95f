import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createConnectionCache } from '../../src/domain/connection-cache.js';
import type { Connection } from '../../src/domain/model.js';
import { makeConnection } from './builders.js';

describe('connection cache', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const repoOf = (read: () => Promise<Connection | undefined>) => ({ get: vi.fn(read) });

  it('shares one read between concurrent misses and serves it for the TTL only', async () => {
    let version = 1;
    const repo = repoOf(async () => makeConnection({ version: version++ }));
    const cache = createConnectionCache(repo, 500);
    const [a, b] = await Promise.all([cache.get('default', 'library'), cache.get('default', 'library')]);
    expect(a).toBe(b);
    expect(repo.get).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(499);
    expect(await cache.get('default', 'library')).toBe(a);
    vi.advanceTimersByTime(2);
    expect((await cache.get('default', 'library'))?.version).toBe(2);
    expect(repo.get).toHaveBeenCalledTimes(2);
  });

  it('reads again after invalidate, and does not keep a failed read', async () => {
    const repo = repoOf(async () => makeConnection());
    const cache = createConnectionCache(repo, 500);
    await cache.get('default', 'library');
    cache.invalidate('default', 'library');
    await cache.get('default', 'library');
    expect(repo.get).toHaveBeenCalledTimes(2);

    const failing = repoOf(() => Promise.reject(new Error('database is locked')));
    const flaky = createConnectionCache(failing, 500);
    await expect(flaky.get('default', 'library')).rejects.toThrow('database is locked');
    await expect(flaky.get('default', 'library')).rejects.toThrow('database is locked');
    expect(failing.get).toHaveBeenCalledTimes(2);
  });

  it('lets go of an expired connection, so nothing derived from it outlives the TTL', async () => {
    const cache = createConnectionCache(
      repoOf(async () => makeConnection()),
      500,
    );
    await cache.get('default', 'library');
    await cache.get('default', 'other');
    expect(cache.size).toBe(2);
    vi.advanceTimersByTime(499);
    expect(cache.size).toBe(2);
    vi.advanceTimersByTime(2);
    expect(cache.size).toBe(0);
  });
});
