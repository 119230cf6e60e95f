import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';

export interface PostgresOptions {
  /** pool size per process (default 10) */
  max?: number;
  /**
   * Called when an idle pooled client fails (server restart, network cut). The pool drops that client
   * and the next query opens a new one; without a listener the error would end the process.
   */
  onIdleClientError?: (error: Error) => void;
}

/**
 * Opens a pooled PostgreSQL database for scale-out: every replica opens its own pool on one database.
 *
 * @example
 * const db = openPostgres('postgres://patchbay@db.internal:5432/patchbay');
 * await migrateToLatest(db);
 */
export function openPostgres(url: string, options: PostgresOptions = {}): Kysely<Database> {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10 });
  pool.on('error', options.onIdleClientError ?? (() => {}));
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}
