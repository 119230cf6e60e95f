import type { Kysely } from 'kysely';
import type { JsonObject } from '../domain/model.js';
import type { VaultConfigRecord, VaultConfigRepository } from '../domain/ports.js';
import { countOf, fromJson, sealedFromColumns, sealedToColumns, toJson } from './codec.js';
import type { Database, VaultConfigRow } from './schema.js';

function toRow(record: VaultConfigRecord): VaultConfigRow {
  return {
    workspace_id: record.workspaceId,
    settings: toJson(record.settings),
    ...sealedToColumns(record.sealed),
    version: record.version,
    updated_at: record.updatedAt,
  };
}

function fromRow(row: VaultConfigRow): VaultConfigRecord {
  return {
    workspaceId: row.workspace_id,
    settings: fromJson<JsonObject>(row.settings),
    sealed: sealedFromColumns(row),
    version: Number(row.version),
    updatedAt: row.updated_at,
  };
}

/**
 * One Vault configuration per workspace; `put` replaces it whole.
 *
 * @example
 * await createVaultConfigRepository(db).put({ workspaceId, settings, sealed, version: 1, updatedAt });
 */
export function createVaultConfigRepository(db: Kysely<Database>): VaultConfigRepository {
  return {
    async get(workspaceId) {
      const row = await db
        .selectFrom('vault_configs')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .executeTakeFirst();
      return row && fromRow(row);
    },

    async put(record) {
      const { workspace_id, ...changes } = toRow(record);
      await db
        .insertInto('vault_configs')
        .values({ workspace_id, ...changes })
        .onConflict((oc) => oc.column('workspace_id').doUpdateSet(changes))
        .execute();
    },

    async listWrappedByOtherKey(keyId, limit) {
      const rows = await db
        .selectFrom('vault_configs')
        .selectAll()
        .where('sealed_key_id', 'is not', null)
        .where('sealed_key_id', '!=', keyId)
        .orderBy('workspace_id')
        .limit(limit)
        .execute();
      return rows.map(fromRow);
    },

    async rewrap(record, expectedKeyId) {
      const result = await db
        .updateTable('vault_configs')
        .set(sealedToColumns(record.sealed))
        .where('workspace_id', '=', record.workspaceId)
        .where('version', '=', record.version)
        .where('sealed_key_id', '=', expectedKeyId)
        .executeTakeFirst();
      return countOf(result.numUpdatedRows) === 1;
    },
  };
}
