import type { Kysely, Migration } from 'kysely';

/** A connection's Vault attachment may pin a KV v2 version (SPEC 5 `vault.version`); null = the latest. */
export const vaultVersion: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('connections').addColumn('vault_version', 'integer').execute();
  },
};
