import type BetterSqlite3 from 'better-sqlite3';
import type { AuditEventRow, AuditHeadRow, ExecutionRow } from './schema.js';

/**
 * An insert of `columns`, bound by position: better-sqlite3 binds a row object by looking each name
 * up, which cost the ingestion thread ~15 % of an event's insert (bench/README.md).
 */
function insertSql(table: string, columns: readonly string[]): string {
  return `insert into ${table} (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')})`;
}

const AUDIT_COLUMNS = [
  'workspace_id',
  'seq',
  'id',
  'at',
  'actor',
  'action',
  'tag',
  'outcome',
  'request_id',
  'details',
  'prev_hash',
  'hash',
] as const satisfies readonly (keyof AuditEventRow)[];

const EXECUTION_COLUMNS = [
  'id',
  'workspace_id',
  'tag',
  'type',
  'status',
  'inputs',
  'output_value',
  'error',
  'started_at',
  'ended_at',
  'duration_ms',
  'connection_version',
] as const satisfies readonly (keyof ExecutionRow)[];

/**
 * The writes every resolve and connect makes — audit events, the chain head, execution records — as
 * prepared better-sqlite3 statements, run synchronously. Building these through Kysely cost more
 * than SQLite writing them (about 27 of 44 µs per event); see bench/README.md.
 *
 * Only for use inside a transaction that holds the connection (the Kysely transaction's), where
 * nothing else can interleave.
 */
export interface SqliteWrites {
  head(workspaceId: string): Omit<AuditHeadRow, 'workspace_id'> | undefined;
  createHead(workspaceId: string, hash: string): void;
  /** Moves the head from `fromSeq`; false when it was not at `fromSeq`. */
  moveHead(workspaceId: string, fromSeq: number, to: Omit<AuditHeadRow, 'workspace_id'>): boolean;
  insertAuditEvent(row: AuditEventRow): void;
  insertExecution(row: ExecutionRow): void;
}

function prepareStatements(sqlite: BetterSqlite3.Database) {
  const selectHead = sqlite.prepare<[string], Omit<AuditHeadRow, 'workspace_id'>>(
    'select seq, hash from audit_heads where workspace_id = ?',
  );
  const insertHead = sqlite.prepare<[string, string]>(
    'insert into audit_heads (workspace_id, seq, hash) values (?, 0, ?) on conflict (workspace_id) do nothing',
  );
  const updateHead = sqlite.prepare<[number, string, string, number]>(
    'update audit_heads set seq = ?, hash = ? where workspace_id = ? and seq = ?',
  );
  const insertEvent = sqlite.prepare(insertSql('audit_events', AUDIT_COLUMNS));
  const insertExecution = sqlite.prepare(insertSql('executions', EXECUTION_COLUMNS));
  return { selectHead, insertHead, updateHead, insertEvent, insertExecution };
}

/** Statements are prepared on first use: the tables exist only once the migrations have run. */
export function createSqliteWrites(sqlite: BetterSqlite3.Database): SqliteWrites {
  let prepared: ReturnType<typeof prepareStatements> | undefined;
  const statements = () => (prepared ??= prepareStatements(sqlite));
  return {
    head: (workspaceId) => statements().selectHead.get(workspaceId),
    createHead: (workspaceId, hash) => void statements().insertHead.run(workspaceId, hash),
    moveHead: (workspaceId, fromSeq, to) =>
      statements().updateHead.run(to.seq, to.hash, workspaceId, fromSeq).changes === 1,
    // in the order of AUDIT_COLUMNS and EXECUTION_COLUMNS
    insertAuditEvent: (r) =>
      void statements().insertEvent.run(
        r.workspace_id,
        r.seq,
        r.id,
        r.at,
        r.actor,
        r.action,
        r.tag,
        r.outcome,
        r.request_id,
        r.details,
        r.prev_hash,
        r.hash,
      ),
    insertExecution: (r) =>
      void statements().insertExecution.run(
        r.id,
        r.workspace_id,
        r.tag,
        r.type,
        r.status,
        r.inputs,
        r.output_value,
        r.error,
        r.started_at,
        r.ended_at,
        r.duration_ms,
        r.connection_version,
      ),
  };
}
