import type { Kysely, Migration } from 'kysely';

/** Connections keep the checks of their last validation, so they can be shown later. */
export const lastChecks: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('connections').addColumn('last_checks', 'text').execute();
  },
};
