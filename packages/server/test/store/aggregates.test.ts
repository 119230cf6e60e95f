import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppError } from '../../src/domain/errors.js';
import { newId } from '../../src/domain/ids.js';
import type { Execution } from '../../src/domain/model.js';
import type { Store } from '../../src/domain/ports.js';
import { DIALECTS, openTestStore, type TestStore } from '../support/databases.js';
import {
  makeComponent,
  makeExecution,
  makeSealed,
  makeToken,
  makeVaultConfig,
  makeWorkspace,
} from './builders.js';

for (const dialect of DIALECTS) {
  describe(`${dialect}: workspaces, tokens, executions, components, vault configs`, () => {
    let t: TestStore;
    let store: Store;

    beforeAll(async () => {
      t = await openTestStore(dialect);
      store = t.store;
      await store.workspaces.create(makeWorkspace({ id: 'default', createdAt: '2025-01-01T00:00:00.000Z' }));
      await store.workspaces.create(
        makeWorkspace({ id: 'ws_2', name: 'team-b', createdAt: '2025-01-02T00:00:00.000Z' }),
      );
    });
    afterAll(() => t?.cleanup());

    it('workspaces: round-trip, lookup by name, list in creation order, unique names', async () => {
      const teamB = { id: 'ws_2', name: 'team-b', createdAt: '2025-01-02T00:00:00.000Z' };
      expect(await store.workspaces.get('ws_2')).toEqual(teamB);
      expect(await store.workspaces.getByName('team-b')).toEqual(teamB);
      expect(await store.workspaces.get('team-b')).toBeUndefined();
      expect((await store.workspaces.list()).map((w) => w.id)).toEqual(['default', 'ws_2']);
      const error = await store.workspaces
        .create(makeWorkspace({ id: 'ws_3', name: 'team-b' }))
        .catch((e) => e);
      expect((error as AppError).code).toBe('invalid_input');
      expect((error as AppError).message).toContain("workspace 'team-b' already exists");
    });

    it('tokens: round-trip, find by hash, list per workspace, revoke, count', async () => {
      const admin = makeToken({
        id: 'tok_a',
        hash: 'h_a',
        reveal: true,
        createdAt: '2025-01-01T00:00:00.000Z',
      });
      const viewer = makeToken({
        id: 'tok_b',
        hash: 'h_b',
        role: 'viewer',
        name: 'dashboards',
        expiresAt: '2030-01-01T00:00:00.000Z',
        createdAt: '2025-01-02T00:00:00.000Z',
      });
      const foreign = makeToken({ id: 'tok_c', hash: 'h_c', workspaceId: 'ws_2' });
      for (const token of [viewer, admin, foreign]) await store.tokens.insert(token);

      expect(await store.tokens.findByHash('h_a')).toEqual(admin);
      expect(await store.tokens.findByHash('h_b')).toEqual(viewer);
      expect(await store.tokens.findByHash('nope')).toBeUndefined();
      expect(await store.tokens.get('default', 'tok_c')).toBeUndefined();
      expect((await store.tokens.list('default')).map((x) => x.id)).toEqual(['tok_a', 'tok_b']);
      expect(await store.tokens.count()).toBe(3);

      await expect(store.tokens.insert(makeToken({ id: 'tok_d', hash: 'h_a' }))).rejects.toThrow();
      expect(await store.tokens.revoke('default', 'tok_c', '2025-05-05T00:00:00.000Z')).toBe(false);
      expect(await store.tokens.revoke('default', 'tok_b', '2025-05-05T00:00:00.000Z')).toBe(true);
      expect(await store.tokens.revoke('default', 'tok_b', '2026-06-06T00:00:00.000Z')).toBe(true);
      expect((await store.tokens.get('default', 'tok_b'))?.revokedAt).toBe('2025-05-05T00:00:00.000Z');
      expect((await store.tokens.get('ws_2', 'tok_c'))?.revokedAt).toBeNull();
    });

    it('executions: round-trip including failures and odd outputs', async () => {
      const failed = makeExecution({
        id: newId('exe'),
        status: 'failed',
        outputValue: null,
        error: { code: 'task_failed', message: 'git ls-remote exited 128' },
        durationMs: 1234,
      });
      const scalar = makeExecution({ id: newId('exe'), outputValue: 'plain text' });
      const list = makeExecution({ id: newId('exe'), outputValue: [1, { a: 'b' }] });
      for (const e of [failed, scalar, list]) await store.executions.insert(e);
      expect(await store.executions.get('default', failed.id)).toEqual(failed);
      expect(await store.executions.get('default', scalar.id)).toEqual(scalar);
      expect(await store.executions.get('default', list.id)).toEqual(list);
      expect(await store.executions.get('ws_2', failed.id)).toBeUndefined();
    });

    it('executions: newest first, filtered by tag, every record once across pages', async () => {
      const made: Execution[] = [];
      for (let i = 0; i < 120; i++) {
        made.push(makeExecution({ workspaceId: 'ws_2', id: newId('exe'), tag: i % 4 ? 'library' : 'db' }));
      }
      // insertion order must not matter: ids carry the time
      const shuffled = [...made].sort(() => Math.random() - 0.5);
      for (const e of shuffled.slice(0, 60)) await store.executions.insert(e);
      await store.executions.insertMany(shuffled.slice(60));
      const collect = async (tag: string | undefined, limit: number) => {
        const ids: string[] = [];
        let cursor: string | undefined;
        do {
          const page = await store.executions.list('ws_2', { tag, limit, cursor });
          ids.push(...page.items.map((e) => e.id));
          cursor = page.nextCursor ?? undefined;
        } while (cursor);
        return ids;
      };
      const newest = made.map((e) => e.id).reverse();
      expect(await collect(undefined, 7)).toEqual(newest);
      expect(await collect(undefined, 120)).toEqual(newest);
      expect(await collect('db', 6)).toEqual(
        made
          .filter((e) => e.tag === 'db')
          .map((e) => e.id)
          .reverse(),
      );
      expect((await store.executions.list('default', { limit: 500 })).items).toHaveLength(3);
    });

    it('components: insert returns false on a taken name; list, count and delete by cloud', async () => {
      const uploads = makeComponent({ name: 'uploads' });
      expect(await store.components.insert(uploads)).toBe(true);
      expect(await store.components.insert(makeComponent({ name: 'uploads', resource: 'other' }))).toBe(
        false,
      );
      expect(await store.components.get('default', 'uploads')).toEqual(uploads);
      expect(await store.components.insert(makeComponent({ workspaceId: 'ws_2', name: 'uploads' }))).toBe(
        true,
      );

      for (let i = 0; i < 25; i++) {
        await store.components.insert(
          makeComponent({
            name: `c${String(i).padStart(2, '0')}`,
            cloud: i % 2 ? 'prod_aws' : 'prod_gcp',
            kind: i % 3 ? 'storage' : 'database',
          }),
        );
      }
      const names: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await store.components.list('default', { cloud: 'prod_aws', limit: 4, cursor });
        names.push(...page.items.map((c) => c.name));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      const expectedAws = [
        'uploads',
        ...Array.from({ length: 25 }, (_, i) => i)
          .filter((i) => i % 2)
          .map((i) => `c${String(i).padStart(2, '0')}`),
      ].sort();
      expect(names).toEqual(expectedAws);
      const databases = await store.components.list('default', {
        kind: 'database',
        cloud: 'prod_gcp',
        limit: 100,
      });
      expect(databases.items.map((c) => c.name)).toEqual(['c00', 'c06', 'c12', 'c18', 'c24']);

      expect(await store.components.countByCloud('default', 'prod_aws')).toBe(13);
      expect(await store.components.deleteByCloud('default', 'prod_aws')).toBe(13);
      expect(await store.components.countByCloud('default', 'prod_aws')).toBe(0);
      expect(await store.components.countByCloud('ws_2', 'prod_aws')).toBe(1);
      expect(await store.components.delete('default', 'c00')).toBe(true);
      expect(await store.components.delete('default', 'c00')).toBe(false);
    });

    it('vault configs: put inserts then replaces; rewrap follows key id and version', async () => {
      expect(await store.vaultConfigs.get('default')).toBeUndefined();
      const first = makeVaultConfig({ sealed: makeSealed('mk_old') });
      await store.vaultConfigs.put(first);
      expect(await store.vaultConfigs.get('default')).toEqual(first);
      const second = makeVaultConfig({ settings: { address: 'https://v2' }, sealed: null, version: 2 });
      await store.vaultConfigs.put(second);
      expect(await store.vaultConfigs.get('default')).toEqual(second);

      const third = makeVaultConfig({ version: 3, sealed: makeSealed('mk_old') });
      await store.vaultConfigs.put(third);
      await store.vaultConfigs.put(makeVaultConfig({ workspaceId: 'ws_2', sealed: makeSealed('mk_new') }));
      expect(
        (await store.vaultConfigs.listWrappedByOtherKey('mk_new', 10)).map((r) => r.workspaceId),
      ).toEqual(['default']);

      const rewrapped = { ...third, sealed: makeSealed('mk_new', { token: 'UkVXUkFQ' }) };
      expect(await store.vaultConfigs.rewrap({ ...rewrapped, version: 2 }, 'mk_old')).toBe(false);
      expect(await store.vaultConfigs.rewrap(rewrapped, 'mk_wrong')).toBe(false);
      expect(await store.vaultConfigs.rewrap({ ...rewrapped, settings: { ignored: true } }, 'mk_old')).toBe(
        true,
      );
      expect(await store.vaultConfigs.get('default')).toEqual(rewrapped);
      expect(await store.vaultConfigs.listWrappedByOtherKey('mk_new', 10)).toEqual([]);
    });
  });
}
