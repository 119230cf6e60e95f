import type { Kysely, Migration } from 'kysely';

/**
 * An execution records the connection `version` it ran with (SPEC 1 Execution `connection_version`);
 * null on records made before this column existed, whose version is not known.
 */
export const executionConnectionVersion: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('executions').addColumn('connection_version', 'integer').execute();
  },
};
