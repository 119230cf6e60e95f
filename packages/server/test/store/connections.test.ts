import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/domain/errors.js';
import type { Connection, Status } from '../../src/domain/model.js';
import type { ConnectionFilter, Store } from '../../src/domain/ports.js';
import { DIALECTS, openTestStore, type TestStore } from '../support/databases.js';
import { makeConnection, makeSealed, makeWorkspace } from './builders.js';

/** Follows next_cursor to the end, returning every tag seen, in order. */
async function listAll(store: Store, workspaceId: string, filter: Omit<ConnectionFilter, 'cursor'>) {
  const tags: string[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 1000; pages++) {
    const page = await store.connections.list(workspaceId, { ...filter, cursor });
    expect(page.items.length).toBeLessThanOrEqual(filter.limit);
    tags.push(...page.items.map((c) => c.tag));
    if (page.nextCursor === null) return tags;
    cursor = page.nextCursor;
  }
  throw new Error('pagination did not end');
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: connections`, () => {
    let t: TestStore;
    let store: Store;

    beforeAll(async () => {
      t = await openTestStore(dialect);
      store = t.store;
      await store.workspaces.create(makeWorkspace({ id: 'default' }));
      await store.workspaces.create(makeWorkspace({ id: 'other' }));
    });
    afterAll(() => t?.cleanup());

    it('round-trips every field of a connection', async () => {
      const connection = makeConnection({
        tag: 'prod_aws',
        type: 'aws',
        kind: 'cloud',
        displayName: 'Production AWS',
        description: 'the main account',
        scopes: ['storage', 'database'],
        value: { role_arn: 'arn:aws:iam::123456789012:role/patchbay', nested: { a: [1, 'two', null] } },
        secretFields: ['password'],
        sealed: makeSealed('mk_a', { password: 'AAAA', key: 'BBBB' }),
        vault: { path: 'secret/data/aws' },
        status: 'error',
        statusMessage: 'not authorized',
        version: 7,
        accountIdentifier: '123456789012',
        setup: { external_id: 'ext-1', trust_policy: { Version: '2012-10-17' } },
        lastValidatedAt: '2025-02-03T04:05:06.000Z',
      });
      await store.connections.insert(connection);
      expect(await store.connections.get('default', 'prod_aws')).toEqual(connection);
      expect(await store.connections.get('other', 'prod_aws')).toBeUndefined();
    });

    it('refuses a duplicate tag in the same workspace with connection_exists, not in another', async () => {
      await store.connections.insert(makeConnection({ tag: 'dup' }));
      const error = await store.connections.insert(makeConnection({ tag: 'dup' })).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('connection_exists');
      expect((error as AppError).message).toBe(
        "connection 'dup' already exists in this workspace; choose another tag or PATCH the existing one",
      );
      await expect(
        store.connections.insert(makeConnection({ workspaceId: 'other', tag: 'dup' })),
      ).resolves.toBeUndefined();
    });

    it('keeps a transaction usable after a duplicate insert inside it', async () => {
      await store.transaction(async (tx) => {
        await expect(tx.connections.insert(makeConnection({ tag: 'dup' }))).rejects.toThrow(AppError);
        await tx.connections.insert(makeConnection({ tag: 'after_dup' }));
      });
      expect(await store.connections.get('default', 'after_dup')).toBeDefined();
    });

    it('updates only while the version matches', async () => {
      const first = makeConnection({ tag: 'cas' });
      await store.connections.insert(first);
      const next = { ...first, description: 'changed', version: 2, updatedAt: '2025-03-01T00:00:00.000Z' };
      expect(await store.connections.update(next, 1)).toBe(true);
      expect(await store.connections.update({ ...next, description: 'stale', version: 2 }, 1)).toBe(false);
      expect(await store.connections.get('default', 'cas')).toEqual(next);
      expect(await store.connections.update({ ...next, workspaceId: 'other', version: 3 }, 2)).toBe(false);
    });

    it('lets exactly one of 100 concurrent updates with the same expected version win', async () => {
      const base = makeConnection({ tag: 'race' });
      await store.connections.insert(base);
      const results = await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          store.connections.update({ ...base, description: `writer ${i}`, version: 2 }, 1),
        ),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      const winner = results.indexOf(true);
      const stored = await store.connections.get('default', 'race');
      expect(stored?.version).toBe(2);
      expect(stored?.description).toBe(`writer ${winner}`);
    });

    it('deletes, and a deleted tag may be reused', async () => {
      await store.connections.insert(makeConnection({ tag: 'gone' }));
      expect(await store.connections.delete('other', 'gone')).toBe(false);
      expect(await store.connections.delete('default', 'gone')).toBe(true);
      expect(await store.connections.delete('default', 'gone')).toBe(false);
      expect(await store.connections.get('default', 'gone')).toBeUndefined();
      await store.connections.insert(makeConnection({ tag: 'gone' }));
    });

    it('rewraps only while the key id and version still match, without bumping the version', async () => {
      const connection = makeConnection({ tag: 'rewrap', sealed: makeSealed('mk_old'), version: 3 });
      await store.connections.insert(connection);
      const rewrapped = { ...connection, sealed: makeSealed('mk_new', { password: 'NEW' }) };

      expect(await store.connections.rewrap({ ...rewrapped, version: 2 }, 'mk_old')).toBe(false);
      expect(await store.connections.rewrap(rewrapped, 'mk_other')).toBe(false);
      expect((await store.connections.get('default', 'rewrap'))?.sealed?.keyId).toBe('mk_old');

      expect(await store.connections.rewrap({ ...rewrapped, description: 'ignored' }, 'mk_old')).toBe(true);
      expect(await store.connections.get('default', 'rewrap')).toEqual(rewrapped);
      expect(await store.connections.rewrap(rewrapped, 'mk_old')).toBe(false);
    });

    it('lists connections wrapped by another key, across workspaces', async () => {
      await store.connections.insert(makeConnection({ tag: 'wrap_a', sealed: makeSealed('mk_x') }));
      await store.connections.insert(
        makeConnection({ workspaceId: 'other', tag: 'wrap_b', sealed: makeSealed('mk_y') }),
      );
      const notX = await store.connections.listWrappedByOtherKey('mk_x', 100);
      const tags = notX.map((c) => `${c.workspaceId}/${c.tag}`);
      expect(tags).toContain('other/wrap_b');
      expect(tags).not.toContain('default/wrap_a');
      expect(notX.every((c) => c.sealed !== null && c.sealed.keyId !== 'mk_x')).toBe(true);
      expect(await store.connections.listWrappedByOtherKey('mk_x', 1)).toHaveLength(1);
    });
  });

  describe(`${dialect}: connection listing`, () => {
    let t: TestStore;
    let store: Store;
    const all: Connection[] = [];
    const statuses: Status[] = ['pending', 'unverified', 'active', 'error', 'revoked'];

    beforeAll(async () => {
      t = await openTestStore(dialect);
      store = t.store;
      await store.workspaces.create(makeWorkspace({ id: 'default' }));
      await store.workspaces.create(makeWorkspace({ id: 'other' }));
      for (let i = 0; i < 300; i++) {
        const cloud = i % 3 === 0;
        all.push(
          makeConnection({
            tag: `c${String((i * 7919) % 1000).padStart(4, '0')}${i % 2 ? '_x' : '-y'}`,
            type: cloud ? 'aws' : i % 3 === 1 ? 'git' : 'http',
            kind: cloud ? 'cloud' : 'task',
            status: statuses[i % 5]!,
            displayName: i % 10 === 0 ? `Billing ${i}` : `conn ${i}`,
            description: i % 25 === 0 ? 'has 100%_off sale' : i % 7 === 0 ? 'Mentions BILLING here' : '',
          }),
        );
      }
      await store.transaction(async (tx) => {
        for (const c of all) await tx.connections.insert(c);
      });
      await store.connections.insert(makeConnection({ workspaceId: 'other', tag: 'c0000-y' }));
    });
    afterAll(() => t?.cleanup());

    const expected = (keep: (c: Connection) => boolean) =>
      all
        .filter(keep)
        .map((c) => c.tag)
        .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

    it('pages through every row exactly once, in tag order', async () => {
      for (const limit of [1, 7, 50, 299, 300, 500]) {
        expect(await listAll(store, 'default', { limit })).toEqual(expected(() => true));
      }
    });

    it('returns a null next cursor on the last page and full pages before it', async () => {
      const first = await store.connections.list('default', { limit: 150 });
      expect(first.items).toHaveLength(150);
      expect(first.nextCursor).not.toBeNull();
      const second = await store.connections.list('default', { limit: 150, cursor: first.nextCursor! });
      expect(second.items).toHaveLength(150);
      expect(second.nextCursor).toBeNull();
    });

    it('filters by type, kind and status, also combined, with pagination', async () => {
      expect(await listAll(store, 'default', { type: 'git', limit: 13 })).toEqual(
        expected((c) => c.type === 'git'),
      );
      expect(await listAll(store, 'default', { kind: 'cloud', limit: 13 })).toEqual(
        expected((c) => c.kind === 'cloud'),
      );
      expect(await listAll(store, 'default', { status: 'active', limit: 9 })).toEqual(
        expected((c) => c.status === 'active'),
      );
      expect(
        await listAll(store, 'default', { kind: 'task', status: 'error', type: 'http', limit: 4 }),
      ).toEqual(expected((c) => c.kind === 'task' && c.status === 'error' && c.type === 'http'));
    });

    it('searches tag, display name and description case-insensitively', async () => {
      const billing = expected((c) =>
        `${c.tag} ${c.displayName} ${c.description}`.toLowerCase().includes('billing'),
      );
      expect(billing.length).toBeGreaterThan(30);
      expect(await listAll(store, 'default', { q: 'BiLLing', limit: 11 })).toEqual(billing);
      expect(await listAll(store, 'default', { q: '_x', limit: 50 })).toEqual(
        expected((c) => c.tag.includes('_x')),
      );
    });

    it('treats LIKE wildcards in q as literal characters', async () => {
      const literal = expected((c) => c.description.includes('100%_off'));
      expect(literal.length).toBeGreaterThan(0);
      expect(await listAll(store, 'default', { q: '100%_off', limit: 50 })).toEqual(literal);
      expect(await listAll(store, 'default', { q: '%', limit: 50 })).toEqual(literal);
      expect(await listAll(store, 'default', { q: '0_o', limit: 50 })).toEqual([]);
      expect(await listAll(store, 'default', { q: '\\', limit: 50 })).toEqual([]);
    });

    it('never shows another workspace', async () => {
      expect(await listAll(store, 'other', { limit: 10 })).toEqual(['c0000-y']);
    });

    it('rejects a cursor it did not make', async () => {
      const error = await store.connections
        .list('default', { limit: 5, cursor: 'not a cursor!' })
        .catch((e) => e);
      expect((error as AppError).code).toBe('invalid_request');
    });
  });
}
