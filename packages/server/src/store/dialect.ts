import { PostgresAdapter, type QueryExecutor } from 'kysely';

export type StoreDialect = 'sqlite' | 'postgres';

/** Which database a Kysely instance (or transaction) talks to. */
export function dialectOf(db: { getExecutor(): QueryExecutor }): StoreDialect {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/** A unique or primary-key violation from either driver. */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
