import { chmodSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Kysely, sql } from 'kysely';
import type { Store } from '../domain/ports.js';
import { createAuditRepository } from './audit-repository.js';
import { createComponentRepository } from './component-repository.js';
import { createConnectionRepository } from './connection-repository.js';
import { dialectOf } from './dialect.js';
import { createExecutionRepository } from './execution-repository.js';
import { migrateToLatest } from './migrate.js';
import { openPostgres } from './postgres.js';
import type { Database } from './schema.js';
import { openSqlite, sqliteWritesOf } from './sqlite.js';
import type { SqliteWrites } from './sqlite-writes.js';
import { createTokenRepository } from './token-repository.js';
import { createVaultConfigRepository } from './vault-config-repository.js';
import { createWorkspaceRepository } from './workspace-repository.js';

export interface StoreOptions {
  /** `postgres://…` for scale-out; absent for the embedded SQLite database */
  databaseUrl?: string;
  /** where the SQLite file lives (`<dataDir>/patchbay.db`), created with mode 0700 */
  dataDir: string;
}

/** The file name of the embedded database inside the data directory. */
export const SQLITE_FILE = 'patchbay.db';

async function keyIdsInUse(db: Kysely<Database>): Promise<string[]> {
  const rows = await db
    .selectFrom('connections')
    .select('sealed_key_id')
    .where('sealed_key_id', 'is not', null)
    .union(db.selectFrom('vault_configs').select('sealed_key_id').where('sealed_key_id', 'is not', null))
    .execute();
  return rows.flatMap((row) => (row.sealed_key_id === null ? [] : [row.sealed_key_id])).sort();
}

/**
 * A {@link Store} over an open, migrated database. Called on a transaction, it makes a store bound to
 * it: `transaction()` then runs inside that transaction and `audit.append` joins it.
 *
 * @example
 * const store = storeOn(openSqlite(file));
 */
export function storeOn(db: Kysely<Database>, sqliteWrites = sqliteWritesOf(db)): Store {
  // SQLite's hot-path statements run on the raw connection, so only where a transaction holds it.
  const writes: SqliteWrites | undefined = db.isTransaction ? sqliteWrites : undefined;
  const store: Store = {
    dialect: dialectOf(db),
    connections: createConnectionRepository(db),
    workspaces: createWorkspaceRepository(db),
    tokens: createTokenRepository(db),
    audit: createAuditRepository(db, writes),
    executions: createExecutionRepository(db, writes),
    components: createComponentRepository(db),
    vaultConfigs: createVaultConfigRepository(db),
    transaction(fn) {
      if (db.isTransaction) return fn(store);
      return db.transaction().execute((trx) => fn(storeOn(trx, sqliteWrites)));
    },
    keyIdsInUse: () => keyIdsInUse(db),
    async ping() {
      await sql`select 1`.execute(db);
    },
    async close() {
      if (db.isTransaction) throw new Error('close the store the transaction came from, not the transaction');
      await db.destroy();
    },
  };
  return store;
}

function openDatabase(options: StoreOptions): Kysely<Database> {
  if (options.databaseUrl !== undefined && options.databaseUrl !== '') {
    if (!/^postgres(ql)?:\/\//.test(options.databaseUrl)) {
      throw new Error(
        'PATCHBAY_DATABASE_URL must be a postgres:// or postgresql:// URL; unset it to use SQLite',
      );
    }
    return openPostgres(options.databaseUrl);
  }
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  chmodSync(options.dataDir, 0o700); // also when it existed: it holds the key file and the database
  return openSqlite(join(options.dataDir, SQLITE_FILE));
}

/**
 * Opens the store the settings ask for — PostgreSQL when `databaseUrl` is given, else SQLite in
 * `dataDir` — and migrates it to the latest schema.
 *
 * @example
 * const store = await createStore({ databaseUrl: process.env.PATCHBAY_DATABASE_URL, dataDir: '.patchbay' });
 * await store.ping();
 */
export async function createStore(options: StoreOptions): Promise<Store> {
  const db = openDatabase(options);
  try {
    await migrateToLatest(db);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return storeOn(db);
}
