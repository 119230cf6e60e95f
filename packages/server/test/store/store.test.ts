import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { CompiledQuery, type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/domain/ports.js';
import { connectionListQuery, connectionRow } from '../../src/store/connection-repository.js';
import { createStore, storeOn } from '../../src/store/create-store.js';
import { executionRow } from '../../src/store/execution-repository.js';
import { migrateToLatest, migrateUpTo } from '../../src/store/migrate.js';
import type { ConnectionRow, Database, ExecutionRow } from '../../src/store/schema.js';
import { DIALECTS, openTestStore, type TestStore } from '../support/databases.js';
import { makeConnection, makeExecution, makeSealed, makeVaultConfig, makeWorkspace } from './builders.js';

const BIG = 100_000;

/** The plan of a query as text, from the database's own EXPLAIN. */
async function planOf(db: Kysely<Database>, dialect: string, query: CompiledQuery): Promise<string> {
  const prefix = dialect === 'postgres' ? 'explain (format text) ' : 'explain query plan ';
  const result = await db.executeQuery<Record<string, unknown>>(
    CompiledQuery.raw(prefix + query.sql, [...query.parameters]),
  );
  return result.rows.map((row) => String(row['QUERY PLAN'] ?? row.detail)).join('\n');
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: store`, () => {
    let t: TestStore;
    let store: Store;

    beforeAll(async () => {
      t = await openTestStore(dialect);
      store = t.store;
      await store.workspaces.create(makeWorkspace());
    });
    afterAll(() => t?.cleanup());

    it('reports its dialect and answers ping', async () => {
      expect(store.dialect).toBe(dialect);
      await expect(store.ping()).resolves.toBeUndefined();
    });

    it('commits a transaction, and rolls all of it back when fn throws', async () => {
      await store.transaction(async (tx) => {
        await tx.connections.insert(makeConnection({ tag: 'kept' }));
        // a nested transaction() joins the outer one instead of failing
        await tx.transaction((inner) => inner.connections.insert(makeConnection({ tag: 'kept_nested' })));
      });
      await expect(
        store.transaction(async (tx) => {
          await tx.connections.insert(makeConnection({ tag: 'dropped' }));
          await tx.audit.append([
            {
              workspaceId: 'default',
              actor: 'x',
              action: 'y',
              tag: null,
              outcome: 'success',
              requestId: null,
              details: {},
            },
          ]);
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await store.connections.get('default', 'kept')).toBeDefined();
      expect(await store.connections.get('default', 'kept_nested')).toBeDefined();
      expect(await store.connections.get('default', 'dropped')).toBeUndefined();
      expect(await store.audit.scan('default', 0, 10)).toEqual([]);
    });

    it('lists the distinct master key ids that wrap connections and vault configs', async () => {
      expect(await store.keyIdsInUse()).toEqual([]);
      await store.connections.insert(makeConnection({ tag: 'k1', sealed: makeSealed('mk_b') }));
      await store.connections.insert(makeConnection({ tag: 'k2', sealed: makeSealed('mk_b') }));
      await store.connections.insert(makeConnection({ tag: 'k3', sealed: null }));
      expect(await store.keyIdsInUse()).toEqual(['mk_b']);
      await store.vaultConfigs.put(makeVaultConfig({ sealed: makeSealed('mk_a') }));
      expect(await store.keyIdsInUse()).toEqual(['mk_a', 'mk_b']);
      await store.connections.rewrap(makeConnection({ tag: 'k1', sealed: makeSealed('mk_c') }), 'mk_b');
      expect(await store.keyIdsInUse()).toEqual(['mk_a', 'mk_b', 'mk_c']);
      await store.connections.rewrap(makeConnection({ tag: 'k2', sealed: makeSealed('mk_c') }), 'mk_b');
      await store.vaultConfigs.put(makeVaultConfig({ sealed: null, version: 2 }));
      expect(await store.keyIdsInUse()).toEqual(['mk_c']);
    });

    it('upgrades a database of the first schema, keeping its connections and executions', async () => {
      const older = await openTestStore(dialect);
      try {
        const raw = older.openRaw();
        // empty the database, then build the first schema only
        if (dialect === 'postgres') {
          await sql`drop schema public cascade`.execute(raw);
          await sql`create schema public`.execute(raw);
        } else {
          const tables = await sql<{
            name: string;
          }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(raw);
          await sql`pragma foreign_keys = off`.execute(raw);
          for (const { name } of tables.rows) await sql`drop table ${sql.id(name)}`.execute(raw);
          await sql`pragma foreign_keys = on`.execute(raw);
        }
        await migrateUpTo(raw, '0001-initial');
        const {
          last_checks: _added,
          vault_version: _alsoAdded,
          ...firstSchemaRow
        } = connectionRow(makeConnection({ tag: 'old' }));
        await raw
          .insertInto('workspaces')
          .values({ id: 'default', name: 'default', created_at: '2025-01-01T00:00:00.000Z' })
          .execute();
        await raw
          .insertInto('connections')
          .values(firstSchemaRow as ConnectionRow)
          .execute();
        const { connection_version: _notYet, ...firstSchemaExecution } = executionRow(makeExecution());
        await raw
          .insertInto('executions')
          .values(firstSchemaExecution as ExecutionRow)
          .execute();

        await migrateToLatest(raw);
        const upgraded = await storeOn(raw).connections.get('default', 'old');
        expect(upgraded).toEqual(makeConnection({ tag: 'old' }));
        expect(upgraded?.lastChecks).toBeNull();
        // an execution recorded before connection_version existed says it is not known
        const execution = await storeOn(raw).executions.get('default', 'exe_1');
        expect(execution).toEqual(makeExecution({ connectionVersion: null }));
      } finally {
        await older.cleanup();
      }
    });

    it('re-running migrations on an up-to-date database changes nothing', async () => {
      const again = await t.openReplica();
      expect(await again.connections.get('default', 'kept')).toBeDefined();
    });

    it.runIf(dialect === 'sqlite')(
      'opens SQLite durable: WAL, synchronous=FULL, busy timeout, foreign keys',
      async () => {
        const raw = t.openRaw();
        const pragma = async (name: string) =>
          Object.values((await sql.raw(`pragma ${name}`).execute(raw)).rows[0] as object)[0];
        expect(await pragma('journal_mode')).toBe('wal');
        expect(await pragma('synchronous')).toBe(2);
        expect(await pragma('busy_timeout')).toBeGreaterThanOrEqual(1000);
        expect(await pragma('foreign_keys')).toBe(1);
        await expect(
          store.connections.insert(makeConnection({ workspaceId: 'missing', tag: 'orphan' })),
        ).rejects.toThrow(/FOREIGN KEY/);
        const mode = (await stat(t.dataDir!)).mode & 0o777;
        expect(mode).toBe(0o700);
      },
    );

    it.runIf(dialect === 'sqlite')('creates a missing data directory with mode 0700', async () => {
      const dataDir = join(t.dataDir!, 'nested', 'data');
      const nested = await createStore({ dataDir });
      try {
        expect((await stat(dataDir)).mode & 0o777).toBe(0o700);
        expect((await stat(join(dataDir, 'patchbay.db'))).isFile()).toBe(true);
      } finally {
        await nested.close();
      }
    });

    it.runIf(dialect === 'postgres')('lets several replicas start (and migrate) at once', async () => {
      const replicas = await Promise.all(Array.from({ length: 4 }, () => t.openReplica()));
      for (const replica of replicas) expect(await replica.connections.get('default', 'kept')).toBeDefined();
    });
  });

  describe(`${dialect}: listing ${BIG.toLocaleString('en')} connections`, () => {
    let t: TestStore;
    let raw: Kysely<Database>;
    const tags: string[] = Array.from({ length: BIG }, (_, i) => `conn_${String(i).padStart(6, '0')}`);

    beforeAll(async () => {
      t = await openTestStore(dialect);
      await t.store.workspaces.create(makeWorkspace());
      await t.store.workspaces.create(makeWorkspace({ id: 'other' }));
      raw = t.openRaw();
      const template = makeConnection();
      const row = (workspaceId: string, tag: string, i: number): ConnectionRow => ({
        workspace_id: workspaceId,
        tag,
        type: i % 2 ? 'git' : 'http',
        kind: 'task',
        display_name: tag,
        description: '',
        scopes: '[]',
        value: JSON.stringify(template.value),
        secret_fields: '[]',
        sealed_key_id: null,
        sealed_wrapped_key: null,
        sealed_fields: null,
        vault_path: null,
        vault_version: null,
        status: i % 10 ? 'unverified' : 'active',
        status_message: null,
        version: 1,
        account_identifier: null,
        setup: null,
        created_at: template.createdAt,
        updated_at: template.updatedAt,
        last_validated_at: null,
        last_checks: null,
      });
      await raw.transaction().execute(async (trx) => {
        for (let i = 0; i < BIG; i += 1000) {
          await trx
            .insertInto('connections')
            .values(
              tags.slice(i, i + 1000).map((tag, j) => row(i % 20_000 ? 'default' : 'other', tag, i + j)),
            )
            .execute();
        }
      });
      await sql`analyze`.execute(raw);
    }, 120_000);
    afterAll(() => t?.cleanup());

    it('pages by key range on an index, never by sorting or skipping rows', async () => {
      const cursor = Buffer.from('conn_090000').toString('base64url');
      for (const filter of [
        { limit: 50, cursor },
        { limit: 50, type: 'git', cursor },
        { limit: 50, status: 'active' as const },
      ]) {
        const compiled = connectionListQuery(raw, 'default', filter).compile();
        expect(compiled.sql.toLowerCase()).not.toContain('offset');
        const plan = await planOf(raw, dialect, compiled);
        if (process.env.SHOW_PLANS) console.log(plan);
        expect(plan).not.toMatch(/TEMP B-TREE|Sort/i);
        expect(plan).toMatch(
          dialect === 'postgres' ? /Index (Only )?Scan/ : /SEARCH connections USING (PRIMARY KEY|INDEX)/,
        );
      }
    });

    it('returns the right pages deep into the table', async () => {
      const deep = await t.store.connections.list('default', {
        limit: 3,
        cursor: Buffer.from('conn_099996').toString('base64url'),
      });
      expect(deep.items.map((c) => c.tag)).toEqual(['conn_099997', 'conn_099998', 'conn_099999']);
      expect(deep.nextCursor).toBeNull();
      const filtered = await t.store.connections.list('default', {
        limit: 2,
        status: 'active',
        type: 'http',
        cursor: Buffer.from('conn_050000').toString('base64url'),
      });
      expect(filtered.items.map((c) => c.tag)).toEqual(['conn_050010', 'conn_050020']);
    });
  });
}
