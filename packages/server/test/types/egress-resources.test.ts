/** The egress guard (SPEC 7) and the resource cache that keeps database pools between calls. */
import { describe, expect, it } from 'vitest';
import { TaskFailure } from '../../src/domain/type-descriptor.js';
import { createEgressGuard } from '../../src/task-kit/egress.js';
import {
  createResourceCache,
  rememberedResourceKeys,
  resourceKey,
  resourceKeyPrefix,
} from '../../src/task-kit/resource-cache.js';

const refusal = async (promise: Promise<unknown>): Promise<TaskFailure> => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TaskFailure);
  return error as TaskFailure;
};

describe('egress guard', () => {
  const guard = createEgressGuard({ allowCidrs: [] });

  it.each([
    '169.254.169.254',
    '169.254.0.1',
    'fd00:ec2::254',
    '[fd00:ec2::254]',
    '::ffff:169.254.169.254',
    '::ffff:a9fe:a9fe',
    '::169.254.169.254',
    'fe80::1',
  ])('refuses %s', async (host) => {
    const error = await refusal(guard.check(host));
    expect(error.code).toBe('egress_denied');
    expect(error.message).toContain(
      'a link-local/cloud-metadata address; an operator can allow it with PATCHBAY_EGRESS_ALLOW',
    );
  });

  it.each(['127.0.0.1', '10.1.2.3', '169.255.0.1', '::1', 'fd00:ec2::253', '2001:db8::1'])(
    'allows %s',
    async (host) => {
      expect(await guard.check(host)).toEqual([host.replace(/^\[|\]$/g, '')]);
    },
  );

  it('resolves names with the OS resolver and returns every address', async () => {
    const addresses = await guard.check('localhost');
    expect(addresses.length).toBeGreaterThan(0);
    expect(addresses.every((a) => a === '127.0.0.1' || a === '::1')).toBe(true);
  });

  it('refuses a name when any address is link-local', async () => {
    const g = createEgressGuard({
      allowCidrs: [],
      resolve: async () => ['93.184.216.34', '169.254.169.254'],
    });
    const error = await refusal(g.check('evil.example'));
    expect(error.message).toBe(
      "connection to 'evil.example' refused: evil.example resolves to 169.254.169.254, a link-local/cloud-metadata address; an operator can allow it with PATCHBAY_EGRESS_ALLOW",
    );
  });

  it('says when a name does not resolve', async () => {
    const error = await refusal(guard.check('no-such-host.invalid'));
    expect(error.code).toBe('unknown_host');
    expect(error.message).toContain("unknown host 'no-such-host.invalid'");
  });

  it('lets allowed CIDRs through, also for mapped forms', async () => {
    const g = createEgressGuard({ allowCidrs: ['169.254.169.254/32', 'fd00:ec2::254'] });
    expect(await g.check('169.254.169.254')).toEqual(['169.254.169.254']);
    expect(await g.check('::ffff:169.254.169.254')).toEqual(['::ffff:169.254.169.254']);
    expect(await g.check('fd00:ec2::254')).toEqual(['fd00:ec2::254']);
    await refusal(g.check('169.254.169.253'));
  });

  it('rejects a malformed allow-list at creation', () => {
    expect(() => createEgressGuard({ allowCidrs: ['169.254.0.0/40'] })).toThrow(/PATCHBAY_EGRESS_ALLOW/);
    expect(() => createEgressGuard({ allowCidrs: ['not-an-ip'] })).toThrow(/PATCHBAY_EGRESS_ALLOW/);
  });
});

describe('resource cache', () => {
  it('reuses a resource, disposes it when idle', async () => {
    const cache = createResourceCache({ idleMs: 50 });
    const disposed: string[] = [];
    let created = 0;
    const get = () =>
      cache.get(
        'k',
        () => ({ id: ++created }),
        (v) => {
          disposed.push(`k${v.id}`);
        },
      );
    expect(get()).toBe(get());
    expect(created).toBe(1);
    await new Promise((r) => setTimeout(r, 120));
    expect(disposed).toEqual(['k1']);
    expect(get().id).toBe(2);
    await cache.closeAll();
    expect(disposed).toEqual(['k1', 'k2']);
    expect(cache.size).toBe(0);
  });

  it('keeps a resource that is used, however long it lives', async () => {
    const cache = createResourceCache({ idleMs: 60 });
    const disposed: number[] = [];
    const get = () =>
      cache.get(
        'k',
        () => 1,
        (v) => void disposed.push(v),
      );
    get();
    for (let i = 0; i < 5; i++) {
      await new Promise((r) => setTimeout(r, 30));
      get();
    }
    expect(disposed).toEqual([]);
    await new Promise((r) => setTimeout(r, 150));
    expect(disposed).toEqual([1]);
    expect(cache.size).toBe(0);
  });

  it('evicts by prefix', async () => {
    const cache = createResourceCache({ idleMs: 60_000 });
    const disposed: string[] = [];
    for (const key of ['postgres:ws:a:1', 'postgres:ws:a:2', 'postgres:ws:b:1']) {
      cache.get(
        key,
        () => key,
        (v) => void disposed.push(v),
      );
    }
    await cache.evict(resourceKeyPrefix('postgres', 'ws', 'a'));
    expect(disposed.sort()).toEqual(['postgres:ws:a:1', 'postgres:ws:a:2']);
    expect(cache.size).toBe(1);
    await cache.closeAll();
  });

  it('reports a failing dispose and carries on', async () => {
    const errors: string[] = [];
    const cache = createResourceCache({ idleMs: 60_000, onDisposeError: (k) => errors.push(k) });
    cache.get(
      'x',
      () => 1,
      () => {
        throw new Error('boom');
      },
    );
    await cache.closeAll();
    expect(errors).toEqual(['x']);
  });

  it('gives a connection the same key while its inputs stay, and a new one as soon as any changes', () => {
    const parts = { host: 'db', port: 5432, user: 'u', ssl: false, address: '10.0.0.1' };
    const key = (p: Record<string, unknown>, password?: string) =>
      resourceKey('postgres', 'ws', 'memo', p, { password });
    const first = key(parts, 'pw-1');
    expect(key({ ...parts }, 'pw-1')).toBe(first);
    // each changed value is a different resource, also when only the secret or the address moved;
    // each variant is asked right after the original, so it meets the remembered key
    const variants: [Record<string, unknown>, string | undefined][] = [
      [parts, 'pw-2'],
      [parts, undefined],
      [{ ...parts, address: '10.0.0.2' }, 'pw-1'],
      [{ ...parts, port: 5433 }, 'pw-1'],
      [{ ...parts, ssl: true }, 'pw-1'],
      [{ host: 'db', port: 5432, user: 'u', ssl: false }, 'pw-1'],
      [{ ...parts, database: 'other' }, 'pw-1'],
    ];
    const changed = variants.map(([p, password]) => {
      expect(key({ ...parts }, 'pw-1')).toBe(first);
      return key(p, password);
    });
    expect(new Set([first, ...changed]).size).toBe(variants.length + 1);
    // a different input left unset is a different resource too
    expect(key({ ...parts, database: undefined }, 'pw-1')).not.toBe(
      key({ ...parts, schema: undefined }, 'pw-1'),
    );
    // another connection with the same inputs has its own key
    expect(resourceKey('postgres', 'ws', 'other', parts, { password: 'pw-1' })).not.toBe(first);
  });

  it('forgets the inputs behind a key, secrets included, once its pool is disposed', async () => {
    const cache = createResourceCache({ idleMs: 60_000 });
    const open = (tag: string) =>
      cache.get(
        resourceKey('postgres', 'ws', tag, { host: 'db' }, { password: 'canary-memo-secret' }),
        () => tag,
        () => undefined,
      );
    const before = rememberedResourceKeys();
    open('evicted');
    open('closed');
    expect(rememberedResourceKeys()).toBe(before + 2);
    await cache.evict(resourceKeyPrefix('postgres', 'ws', 'evicted'));
    expect(rememberedResourceKeys()).toBe(before + 1);
    await cache.closeAll();
    expect(rememberedResourceKeys()).toBe(before);
  });

  it('keys never contain the password, but change with it', () => {
    const parts = { host: 'db', port: 5432, user: 'u' };
    const a = resourceKey('postgres', 'ws', 'tag', parts, { password: 'canary-key-secret' });
    const b = resourceKey('postgres', 'ws', 'tag', parts, { password: 'other' });
    expect(a).not.toContain('canary-key-secret');
    expect(a).not.toBe(b);
    expect(a.startsWith('postgres:ws:tag:')).toBe(true);
    expect(
      resourceKey('postgres', 'ws', 'tag', { port: 5432, user: 'u', host: 'db' }, { password: 'other' }),
    ).toBe(b);
  });
});
