import { type Kysely, type Migration, type MigrationProvider, Migrator } from 'kysely';
import { initial } from './migrations/0001-initial.js';
import { lastChecks } from './migrations/0002-last-checks.js';
import { vaultVersion } from './migrations/0003-vault-version.js';
import { executionConnectionVersion } from './migrations/0004-execution-connection-version.js';
import type { Database } from './schema.js';

/** Every migration, in order. Names sort in the order they must run; never rename or edit a shipped one. */
const MIGRATIONS: Record<string, Migration> = {
  '0001-initial': initial,
  '0002-last-checks': lastChecks,
  '0003-vault-version': vaultVersion,
  '0004-execution-connection-version': executionConnectionVersion,
};

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

/**
 * Brings the schema up to date. Safe when several replicas start together: Kysely's Migrator holds an
 * advisory lock on PostgreSQL, and on SQLite each migration runs in a `BEGIN IMMEDIATE` transaction.
 *
 * @example
 * await migrateToLatest(openSqlite(file));
 */
export async function migrateToLatest(db: Kysely<Database>): Promise<void> {
  await migrateUpTo(db);
}

/**
 * Runs the migrations up to and including `name` (all of them without it). For upgrades in steps
 * and for testing an upgrade from an earlier schema.
 */
export async function migrateUpTo(db: Kysely<Database>, name?: string): Promise<void> {
  if (name !== undefined && !(name in MIGRATIONS)) {
    throw new Error(`there is no migration '${name}'; known: ${Object.keys(MIGRATIONS).join(', ')}`);
  }
  const migrator = new Migrator({ db, provider });
  const { error, results } = await (name === undefined
    ? migrator.migrateToLatest()
    : migrator.migrateTo(name));
  if (error !== undefined) {
    const failed = results?.find((result) => result.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`database migration '${failed}' failed; the schema was left at the previous version`, {
      cause: error,
    });
  }
}
