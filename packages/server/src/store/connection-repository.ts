import { type Kysely, type SelectQueryBuilder, sql } from 'kysely';
import { AppError } from '../domain/errors.js';
import type { CheckResult, Connection, JsonObject, Kind, Scope, Status } from '../domain/model.js';
import type { ConnectionFilter, ConnectionRepository } from '../domain/ports.js';
import {
  countOf,
  decodeCursor,
  escapeLike,
  fromJson,
  sealedFromColumns,
  sealedToColumns,
  toJson,
  toPage,
} from './codec.js';
import type { ConnectionRow, Database } from './schema.js';

/** The row of a connection, as stored. */
export function connectionRow(connection: Connection): ConnectionRow {
  return {
    workspace_id: connection.workspaceId,
    tag: connection.tag,
    type: connection.type,
    kind: connection.kind,
    display_name: connection.displayName,
    description: connection.description,
    scopes: toJson(connection.scopes),
    value: toJson(connection.value),
    secret_fields: toJson(connection.secretFields),
    ...sealedToColumns(connection.sealed),
    vault_path: connection.vault?.path ?? null,
    vault_version: connection.vault?.version ?? null,
    status: connection.status,
    status_message: connection.statusMessage,
    version: connection.version,
    account_identifier: connection.accountIdentifier,
    setup: connection.setup === null ? null : toJson(connection.setup),
    created_at: connection.createdAt,
    updated_at: connection.updatedAt,
    last_validated_at: connection.lastValidatedAt,
    last_checks: connection.lastChecks === null ? null : toJson(connection.lastChecks),
  };
}

function fromRow(row: ConnectionRow): Connection {
  return {
    workspaceId: row.workspace_id,
    tag: row.tag,
    type: row.type,
    kind: row.kind as Kind,
    displayName: row.display_name,
    description: row.description,
    scopes: fromJson<Scope[]>(row.scopes),
    value: fromJson<JsonObject>(row.value),
    secretFields: fromJson<string[]>(row.secret_fields),
    sealed: sealedFromColumns(row),
    vault: vaultOf(row),
    status: row.status as Status,
    statusMessage: row.status_message,
    version: Number(row.version),
    accountIdentifier: row.account_identifier,
    setup: row.setup === null ? null : fromJson<JsonObject>(row.setup),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    lastValidatedAt: row.last_validated_at,
    lastChecks: row.last_checks === null ? null : fromJson<CheckResult[]>(row.last_checks),
  };
}

export const connectionExists = (tag: string): AppError =>
  new AppError(
    'connection_exists',
    `connection '${tag}' already exists in this workspace; choose another tag or PATCH the existing one`,
  );

/**
 * The query behind `list`: a keyset range on (workspace_id, tag) — or on a filter index ending in
 * tag — read in order, `limit + 1` rows. Exported so tests can check its plan on a large table.
 */
export function connectionListQuery(
  db: Kysely<Database>,
  workspaceId: string,
  filter: ConnectionFilter,
): SelectQueryBuilder<Database, 'connections', ConnectionRow> {
  let query = db.selectFrom('connections').selectAll().where('workspace_id', '=', workspaceId);
  if (filter.type !== undefined) query = query.where('type', '=', filter.type);
  if (filter.kind !== undefined) query = query.where('kind', '=', filter.kind);
  if (filter.status !== undefined) query = query.where('status', '=', filter.status);
  if (filter.q !== undefined && filter.q !== '') {
    const pattern = `%${escapeLike(filter.q.toLowerCase())}%`;
    const matches = (column: 'tag' | 'display_name' | 'description') =>
      sql<boolean>`lower(${sql.ref(column)}) like ${pattern} escape '\\'`;
    query = query.where((eb) => eb.or([matches('tag'), matches('display_name'), matches('description')]));
  }
  if (filter.cursor !== undefined) query = query.where('tag', '>', decodeCursor(filter.cursor));
  return query.orderBy('tag').limit(filter.limit + 1);
}

/**
 * Connections, keyed by (workspace, tag). `update` is a compare-and-set on `version`.
 *
 * @example
 * const connections = createConnectionRepository(db);
 * if (!(await connections.update({ ...current, version: current.version + 1 }, current.version))) retry();
 */
export function createConnectionRepository(db: Kysely<Database>): ConnectionRepository {
  const byKey = (workspaceId: string, tag: string) =>
    db.selectFrom('connections').selectAll().where('workspace_id', '=', workspaceId).where('tag', '=', tag);

  return {
    async get(workspaceId, tag) {
      const row = await byKey(workspaceId, tag).executeTakeFirst();
      return row && fromRow(row);
    },

    async list(workspaceId, filter) {
      const rows = await connectionListQuery(db, workspaceId, filter).execute();
      return toPage(rows, filter.limit, (row) => row.tag, fromRow);
    },

    async insert(connection) {
      // ON CONFLICT instead of catching the violation: on PostgreSQL a failed statement would abort
      // the caller's transaction.
      const result = await db
        .insertInto('connections')
        .values(connectionRow(connection))
        .onConflict((oc) => oc.columns(['workspace_id', 'tag']).doNothing())
        .executeTakeFirst();
      if (countOf(result.numInsertedOrUpdatedRows) === 0) throw connectionExists(connection.tag);
    },

    async update(next, expectedVersion) {
      const { workspace_id, tag, created_at, ...changes } = connectionRow(next);
      const result = await db
        .updateTable('connections')
        .set(changes)
        .where('workspace_id', '=', workspace_id)
        .where('tag', '=', tag)
        .where('version', '=', expectedVersion)
        .executeTakeFirst();
      return countOf(result.numUpdatedRows) === 1;
    },

    async delete(workspaceId, tag) {
      const result = await db
        .deleteFrom('connections')
        .where('workspace_id', '=', workspaceId)
        .where('tag', '=', tag)
        .executeTakeFirst();
      return countOf(result.numDeletedRows) > 0;
    },

    async listWrappedByOtherKey(keyId, limit) {
      const rows = await db
        .selectFrom('connections')
        .selectAll()
        .where('sealed_key_id', 'is not', null)
        .where('sealed_key_id', '!=', keyId)
        .orderBy('workspace_id')
        .orderBy('tag')
        .limit(limit)
        .execute();
      return rows.map(fromRow);
    },

    async rewrap(connection, expectedKeyId) {
      const result = await db
        .updateTable('connections')
        .set(sealedToColumns(connection.sealed))
        .where('workspace_id', '=', connection.workspaceId)
        .where('tag', '=', connection.tag)
        .where('version', '=', connection.version)
        .where('sealed_key_id', '=', expectedKeyId)
        .executeTakeFirst();
      return countOf(result.numUpdatedRows) === 1;
    },
  };
}

function vaultOf(row: ConnectionRow): Connection['vault'] {
  if (row.vault_path === null) return null;
  return row.vault_version === null
    ? { path: row.vault_path }
    : { path: row.vault_path, version: Number(row.vault_version) };
}
