import type { Kysely } from 'kysely';
import type { Execution, ExecutionError, JsonObject } from '../domain/model.js';
import type { ExecutionRepository } from '../domain/ports.js';
import { decodeCursor, fromJson, toJson, toPage } from './codec.js';
import type { Database, ExecutionRow } from './schema.js';
import type { SqliteWrites } from './sqlite-writes.js';

/** The row of an execution record; also used by the audit journal's ingestion. */
export function executionRow(execution: Execution): ExecutionRow {
  return {
    id: execution.id,
    workspace_id: execution.workspaceId,
    tag: execution.tag,
    type: execution.type,
    status: execution.status,
    inputs: toJson(execution.inputs),
    output_value: toJson(execution.outputValue),
    error: execution.error === null ? null : toJson(execution.error),
    started_at: execution.startedAt,
    ended_at: execution.endedAt,
    duration_ms: execution.durationMs,
    // journal records written before the field carry none
    connection_version: execution.connectionVersion ?? null,
  };
}

/** Rows per INSERT: 12 columns each stays far below every driver's parameter limit. */
const INSERT_CHUNK = 200;

function fromRow(row: ExecutionRow): Execution {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    tag: row.tag,
    type: row.type,
    status: row.status as Execution['status'],
    inputs: fromJson<JsonObject>(row.inputs),
    outputValue: fromJson<unknown>(row.output_value),
    error: row.error === null ? null : fromJson<ExecutionError>(row.error),
    startedAt: row.started_at,
    endedAt: row.ended_at,
    durationMs: Number(row.duration_ms),
    connectionVersion: row.connection_version === null ? null : Number(row.connection_version),
  };
}

/**
 * Execution records. Ids come from `newId('exe')`, so ordering by id is ordering by time. Inserts use
 * `writes` (prepared SQLite statements) when given: the repository is then bound to a transaction.
 *
 * @example
 * const page = await createExecutionRepository(db).list('default', { tag: 'library', limit: 20 });
 */
export function createExecutionRepository(db: Kysely<Database>, writes?: SqliteWrites): ExecutionRepository {
  return {
    async insert(execution) {
      if (writes) writes.insertExecution(executionRow(execution));
      else await db.insertInto('executions').values(executionRow(execution)).execute();
    },

    async insertMany(executions) {
      if (writes) for (const execution of executions) writes.insertExecution(executionRow(execution));
      else {
        for (let i = 0; i < executions.length; i += INSERT_CHUNK) {
          await db
            .insertInto('executions')
            .values(executions.slice(i, i + INSERT_CHUNK).map(executionRow))
            .execute();
        }
      }
    },

    async get(workspaceId, id) {
      const row = await db
        .selectFrom('executions')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', id)
        .executeTakeFirst();
      return row && fromRow(row);
    },

    async list(workspaceId, filter) {
      let query = db.selectFrom('executions').selectAll().where('workspace_id', '=', workspaceId);
      if (filter.tag !== undefined) query = query.where('tag', '=', filter.tag);
      if (filter.cursor !== undefined) query = query.where('id', '<', decodeCursor(filter.cursor));
      const rows = await query
        .orderBy('id', 'desc')
        .limit(filter.limit + 1)
        .execute();
      return toPage(rows, filter.limit, (row) => row.id, fromRow);
    },
  };
}
