import { chmodSync, closeSync, existsSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  Kysely,
  SqliteAdapter,
  SqliteDialect,
  type SqliteDialectConfig,
  SqliteDriver,
} from 'kysely';
import type { Database } from './schema.js';
import { createSqliteWrites, type SqliteWrites } from './sqlite-writes.js';

/** Milliseconds a writer waits for another process's write lock before failing with SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 10_000;

/**
 * Transactions start with `BEGIN IMMEDIATE`: they take the write lock up front, so a second process
 * waits (busy_timeout) instead of failing when a read transaction later tries to write.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

/** SQLite can roll back DDL; saying so makes Kysely's Migrator run each migration in a transaction. */
class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

class PatchbaySqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;

  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }

  override createAdapter(): SqliteAdapter {
    return new TransactionalDdlSqliteAdapter();
  }
}

/** Distinct SQL texts whose prepared statements are kept; queries are few and fixed, this is a bound. */
const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely prepares every query again; better-sqlite3 statements are reusable, so keep them by SQL text.
 * On the resolve path this saves a prepare per query.
 */
function withStatementCache(sqlite: BetterSqlite3.Database): SqliteDialectConfig['database'] {
  const statements = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      let statement = statements.get(sql);
      if (!statement) {
        if (statements.size >= STATEMENT_CACHE_SIZE) statements.delete(statements.keys().next().value!);
        statement = sqlite.prepare(sql);
        statements.set(sql, statement);
      }
      return statement;
    },
  } as SqliteDialectConfig['database'];
}

/**
 * Opens (creating if needed) the embedded database. WAL lets readers run beside the writer;
 * `synchronous=FULL` makes every acknowledged commit durable, also across power loss.
 *
 * @example
 * const db = openSqlite('/var/lib/patchbay/patchbay.db');
 * await migrateToLatest(db);
 */
export function openSqlite(file: string): Kysely<Database> {
  const onDisk = file !== ':memory:' && file !== '';
  // created 0600 before SQLite opens it: SQLite gives its -wal and -shm files the database's mode
  if (onDisk && existsSync(dirname(file))) closeSync(openSync(file, 'a', 0o600));
  const sqlite = new BetterSqlite3(file);
  sqlite.pragma('journal_mode = WAL');
  if (onDisk) restrictFiles(file);
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  sqlite.pragma('foreign_keys = ON');
  const db = new Kysely<Database>({
    dialect: new PatchbaySqliteDialect({ database: withStatementCache(sqlite) }),
  });
  writesByDatabase.set(db, createSqliteWrites(sqlite));
  return db;
}

/** SPEC 7: every file of the database is 0600, also the ones an older version created 0644. */
function restrictFiles(file: string): void {
  for (const path of [file, `${file}-wal`, `${file}-shm`]) {
    if (existsSync(path)) chmodSync(path, 0o600);
  }
}

const writesByDatabase = new WeakMap<Kysely<Database>, SqliteWrites>();

/** The prepared hot-path writes of a database {@link openSqlite} opened; undefined for any other. */
export const sqliteWritesOf = (db: Kysely<Database>): SqliteWrites | undefined => writesByDatabase.get(db);
