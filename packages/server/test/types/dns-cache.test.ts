import { describe, expect, it } from 'vitest';
import { createDnsCache } from '../../src/task-kit/dns-cache.js';

describe('egress name cache', () => {
  it('answers a name resolved within the TTL from memory, with a copy; asks again after a failure', async () => {
    const asked: string[] = [];
    let fail = false;
    const resolve = createDnsCache(60_000, async (host) => {
      asked.push(host);
      if (fail) throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
      return ['192.0.2.10'];
    });
    const first = await resolve('db.test');
    first.push('mutated by a caller');
    expect(await resolve('db.test')).toEqual(['192.0.2.10']);
    expect(asked).toEqual(['db.test']);

    fail = true;
    await expect(resolve('gone.test')).rejects.toThrow('not found');
    fail = false;
    expect(await resolve('gone.test')).toEqual(['192.0.2.10']);
    expect(asked).toEqual(['db.test', 'gone.test', 'gone.test']);
  });

  it('asks again once the TTL is over', async () => {
    let calls = 0;
    const resolve = createDnsCache(0, async () => [`198.51.100.${++calls}`]);
    expect(await resolve('a.test')).toEqual(['198.51.100.1']);
    expect(await resolve('a.test')).toEqual(['198.51.100.2']);
  });
});
