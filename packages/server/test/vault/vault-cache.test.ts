import { describe, expect, it } from 'vitest';
import { createVaultCache } from '../../src/secrets/vault/vault-cache.js';

function clock(start = 1_000_000) {
  let t = start;
  return {
    now: () => t,
    advance: (ms: number) => {
      t += ms;
    },
  };
}

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('vault cache', () => {
  it('serves a hit until the TTL ends, then loads again', async () => {
    const c = clock();
    const cache = createVaultCache<number>({ now: c.now });
    let loads = 0;
    const load = async () => ++loads;
    expect(await cache.get('ws', 'secret/a', 10, load)).toBe(1);
    c.advance(9_999);
    expect(await cache.get('ws', 'secret/a', 10, load)).toBe(1);
    c.advance(1);
    expect(await cache.get('ws', 'secret/a', 10, load)).toBe(2);
  });

  it('ttl 0 loads every time', async () => {
    const cache = createVaultCache<number>();
    let loads = 0;
    for (let i = 0; i < 3; i++) await cache.get('ws', 'secret/a', 0, async () => ++loads);
    expect(loads).toBe(3);
  });

  it('shares one load among concurrent callers of a cold key', async () => {
    const cache = createVaultCache<string>();
    const gate = deferred<string>();
    let loads = 0;
    const all = Array.from({ length: 1000 }, () =>
      cache.get('ws', 'secret/a', 60, () => {
        loads++;
        return gate.promise;
      }),
    );
    gate.resolve('v');
    expect(new Set(await Promise.all(all))).toEqual(new Set(['v']));
    expect(loads).toBe(1);
  });

  it('does not cache a failure', async () => {
    const cache = createVaultCache<string>();
    await expect(cache.get('ws', 'secret/a', 60, () => Promise.reject(new Error('down')))).rejects.toThrow(
      'down',
    );
    await expect(cache.get('ws', 'secret/a', 60, async () => 'up')).resolves.toBe('up');
  });

  it('keeps workspaces apart', async () => {
    const cache = createVaultCache<string>();
    await cache.get('ws1', 'secret/a', 60, async () => 'one');
    expect(await cache.get('ws2', 'secret/a', 60, async () => 'two')).toBe('two');
    expect(await cache.get('ws1', 'secret/a', 60, async () => 'other')).toBe('one');
  });

  it('invalidates one workspace, and a load in flight then is not stored', async () => {
    const cache = createVaultCache<string>();
    await cache.get('ws1', 'secret/a', 60, async () => 'old');
    await cache.get('ws2', 'secret/a', 60, async () => 'kept');
    const gate = deferred<string>();
    const inflight = cache.get('ws1', 'secret/b', 60, () => gate.promise);
    cache.invalidate('ws1');
    gate.resolve('stale');
    await inflight;
    expect(await cache.get('ws1', 'secret/a', 60, async () => 'new')).toBe('new');
    expect(await cache.get('ws1', 'secret/b', 60, async () => 'fresh')).toBe('fresh');
    expect(await cache.get('ws2', 'secret/a', 60, async () => 'x')).toBe('kept');
  });

  it('evicts the oldest entry beyond maxEntries', async () => {
    const cache = createVaultCache<string>({ maxEntries: 2 });
    for (const p of ['a', 'b', 'c']) await cache.get('ws', p, 60, async () => p);
    expect(await cache.get('ws', 'a', 60, async () => 'reloaded')).toBe('reloaded');
    expect(await cache.get('ws', 'c', 60, async () => 'x')).toBe('c');
  });
});
