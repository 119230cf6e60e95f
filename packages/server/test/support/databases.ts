/**
 * Throwaway databases for suites that run against every store dialect:
 *
 *   for (const dialect of DIALECTS) describe(`${dialect}: connections`, () => { … openTestStore(dialect) … })
 *
 * SQLite: a fresh file in a temporary directory. PostgreSQL: a fresh `patchbay_t_<random>` database
 * created through PATCHBAY_TEST_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/test) and
 * dropped by `cleanup`. When PostgreSQL cannot be reached its cases are left out with a warning — or,
 * when `CI` is set, the importing suite fails.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import pg from 'pg';
import type { Store } from '../../src/domain/ports.js';
import { createStore, SQLITE_FILE } from '../../src/store/create-store.js';
import { openPostgres } from '../../src/store/postgres.js';
import type { Database } from '../../src/store/schema.js';
import { openSqlite } from '../../src/store/sqlite.js';

export type TestDialect = 'sqlite' | 'postgres';

export const POSTGRES_ADMIN_URL =
  process.env.PATCHBAY_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function postgresProblem(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message || error.name : String(error);
  } finally {
    await client.end().catch(() => {});
  }
}

async function availableDialects(): Promise<TestDialect[]> {
  const problem = await postgresProblem();
  if (problem === undefined) return ['sqlite', 'postgres'];
  const why = `PostgreSQL at ${POSTGRES_ADMIN_URL} is not reachable (${problem})`;
  if (process.env.CI) {
    throw new Error(
      `${why}; CI must run the postgres cases: start PostgreSQL or set PATCHBAY_TEST_POSTGRES_URL`,
    );
  }
  console.warn(
    `\n!!! SKIPPING every 'postgres:' case of this suite: ${why}.\n` +
      '!!! Only SQLite is tested. Start PostgreSQL or set PATCHBAY_TEST_POSTGRES_URL (CI=1 turns this into a failure).\n',
  );
  return ['sqlite'];
}

/** The dialects to run suites against: always sqlite, postgres when its server answers. */
export const DIALECTS: readonly TestDialect[] = await availableDialects();

export interface TestStore {
  dialect: TestDialect;
  store: Store;
  /** the PostgreSQL URL of the throwaway database */
  url?: string;
  /** the data directory of the SQLite database */
  dataDir?: string;
  /**
   * another store on the same database, as a second replica would open it (closed by cleanup). On
   * SQLite, do not let two handles of one process write at the same time: better-sqlite3 waits for the
   * other's lock synchronously, blocking the very event loop that would release it. Use a child process.
   */
  openReplica(): Promise<Store>;
  /** a raw Kysely handle on the same database, for what the Store interface does not offer */
  openRaw(): Kysely<Database>;
  cleanup(): Promise<void>;
}

async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Opens a migrated store on a database of its own. Call `cleanup` in `afterAll`. */
export async function openTestStore(dialect: TestDialect): Promise<TestStore> {
  const closers: Array<() => Promise<void>> = [];
  let url: string | undefined;
  let dataDir: string | undefined;
  let dropDatabase = async () => {};

  if (dialect === 'postgres') {
    const name = `patchbay_t_${randomBytes(6).toString('hex')}`;
    await withAdmin((client) => client.query(`create database ${name}`));
    const admin = new URL(POSTGRES_ADMIN_URL);
    admin.pathname = `/${name}`;
    url = admin.toString();
    dropDatabase = () =>
      withAdmin(async (client) => void (await client.query(`drop database ${name} with (force)`)));
  } else {
    dataDir = await mkdtemp(join(tmpdir(), 'patchbay-store-'));
  }
  const options = { databaseUrl: url, dataDir: dataDir ?? tmpdir() };
  const openReplica = async () => {
    const replica = await createStore(options);
    closers.push(() => replica.close());
    return replica;
  };
  const store = await openReplica();
  return {
    dialect,
    store,
    url,
    dataDir,
    openReplica,
    openRaw() {
      const db = url ? openPostgres(url) : openSqlite(join(dataDir!, SQLITE_FILE));
      closers.push(() => db.destroy());
      return db;
    },
    async cleanup() {
      for (const close of closers.reverse()) await close().catch(() => {});
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
      await dropDatabase();
    },
  };
}
