import type { Kysely } from 'kysely';
import { GENESIS_HASH, hashAuditEvent } from '../domain/audit-chain.js';
import { newId } from '../domain/ids.js';
import type { AuditDraft, AuditEvent, JsonObject } from '../domain/model.js';
import type { AuditRepository } from '../domain/ports.js';
import { decodeSeqCursor, fromJson, toJson, toPage } from './codec.js';
import { dialectOf } from './dialect.js';
import type { AuditEventRow, AuditHeadRow, Database } from './schema.js';
import type { SqliteWrites } from './sqlite-writes.js';

/** Rows per INSERT: 12 columns each stays far below every driver's parameter limit. */
const INSERT_CHUNK = 200;

/** The row of an event; also used by the audit journal's ingestion. */
export function auditEventRow(event: AuditEvent): AuditEventRow {
  return {
    workspace_id: event.workspaceId,
    seq: event.seq,
    id: event.id,
    at: event.at,
    actor: event.actor,
    action: event.action,
    tag: event.tag,
    outcome: event.outcome,
    request_id: event.requestId,
    details: toJson(event.details),
    prev_hash: event.prevHash,
    hash: event.hash,
  };
}

function fromRow(row: AuditEventRow): AuditEvent {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    seq: Number(row.seq),
    at: row.at,
    actor: row.actor,
    action: row.action,
    tag: row.tag,
    outcome: row.outcome as AuditEvent['outcome'],
    requestId: row.request_id,
    details: fromJson<JsonObject>(row.details),
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

type Head = Omit<AuditHeadRow, 'workspace_id'>;

/** What appending needs from the database; Kysely for both dialects, prepared statements on SQLite. */
interface ChainStorage {
  /** Locks the workspace's chain head for the rest of the transaction, creating it on first use. */
  lockHead(workspaceId: string): Promise<Head>;
  insert(events: AuditEvent[]): Promise<void>;
  /** Moves the head from `fromSeq`; false when someone else moved it. */
  moveHead(workspaceId: string, fromSeq: number, to: Head): Promise<boolean>;
}

/** PostgreSQL needs the row lock; SQLite already holds the database write lock (BEGIN IMMEDIATE). */
function kyselyStorage(trx: Kysely<Database>): ChainStorage {
  const select = async (workspaceId: string) => {
    const query = trx
      .selectFrom('audit_heads')
      .select(['seq', 'hash'])
      .where('workspace_id', '=', workspaceId);
    const head = await (dialectOf(trx) === 'postgres' ? query.forUpdate() : query).executeTakeFirst();
    return head && { seq: Number(head.seq), hash: head.hash };
  };
  return {
    async lockHead(workspaceId) {
      const head = await select(workspaceId);
      if (head) return head;
      await trx
        .insertInto('audit_heads')
        .values({ workspace_id: workspaceId, seq: 0, hash: GENESIS_HASH })
        .onConflict((oc) => oc.column('workspace_id').doNothing())
        .execute();
      return headOrFail(workspaceId, await select(workspaceId));
    },
    async insert(events) {
      for (let i = 0; i < events.length; i += INSERT_CHUNK) {
        await trx
          .insertInto('audit_events')
          .values(events.slice(i, i + INSERT_CHUNK).map(auditEventRow))
          .execute();
      }
    },
    async moveHead(workspaceId, fromSeq, to) {
      const result = await trx
        .updateTable('audit_heads')
        .set(to)
        .where('workspace_id', '=', workspaceId)
        .where('seq', '=', fromSeq)
        .executeTakeFirst();
      return result.numUpdatedRows === 1n;
    },
  };
}

function sqliteStorage(writes: SqliteWrites): ChainStorage {
  return {
    async lockHead(workspaceId) {
      const head = writes.head(workspaceId);
      if (head) return { seq: Number(head.seq), hash: head.hash };
      writes.createHead(workspaceId, GENESIS_HASH);
      return headOrFail(workspaceId, writes.head(workspaceId));
    },
    async insert(events) {
      for (const event of events) writes.insertAuditEvent(auditEventRow(event));
    },
    moveHead: async (workspaceId, fromSeq, to) => writes.moveHead(workspaceId, fromSeq, to),
  };
}

function headOrFail(workspaceId: string, head: Head | undefined): Head {
  if (!head) throw new Error(`audit head of workspace '${workspaceId}' vanished while locking it`);
  return { seq: Number(head.seq), hash: head.hash };
}

async function appendToWorkspace(
  storage: ChainStorage,
  workspaceId: string,
  drafts: AuditDraft[],
): Promise<AuditEvent[]> {
  const head = await storage.lockHead(workspaceId);
  const at = new Date().toISOString();
  let { seq, hash: prevHash } = head;
  const events = drafts.map((draft): AuditEvent => {
    seq += 1;
    const event: AuditEvent = {
      id: newId('aud'),
      workspaceId,
      seq,
      at,
      actor: draft.actor,
      action: draft.action,
      tag: draft.tag,
      outcome: draft.outcome,
      requestId: draft.requestId,
      details: draft.details,
      prevHash,
      hash: '',
    };
    event.hash = hashAuditEvent(prevHash, event);
    prevHash = event.hash;
    return event;
  });
  await storage.insert(events);
  // A second guard: a head moved by anyone else has already failed the primary key above.
  if (!(await storage.moveHead(workspaceId, head.seq, { seq, hash: prevHash }))) {
    throw new Error(`audit head of workspace '${workspaceId}' moved during an append`);
  }
  return events;
}

async function appendAll(storage: ChainStorage, drafts: AuditDraft[]): Promise<AuditEvent[]> {
  const byWorkspace = new Map<string, AuditDraft[]>();
  for (const draft of drafts) {
    const group = byWorkspace.get(draft.workspaceId);
    if (group) group.push(draft);
    else byWorkspace.set(draft.workspaceId, [draft]);
  }
  if (byWorkspace.size === 1) return appendToWorkspace(storage, drafts[0]!.workspaceId, drafts);
  // Locking heads in one global order keeps two multi-workspace appends from deadlocking.
  const appended = new Map<AuditDraft, AuditEvent>();
  for (const workspaceId of [...byWorkspace.keys()].sort()) {
    const group = byWorkspace.get(workspaceId)!;
    const events = await appendToWorkspace(storage, workspaceId, group);
    for (const [i, draft] of group.entries()) appended.set(draft, events[i]!);
  }
  return drafts.map((draft) => appended.get(draft)!);
}

/**
 * The hash-chained audit log. `append` joins the caller's transaction when the repository was made on
 * one, and otherwise opens its own. On SQLite, a repository bound to a transaction is given `writes`,
 * the prepared statements of the hot path.
 *
 * @example
 * await store.audit.append([{ workspaceId, actor: 'tok_…', action: 'connection.create', tag: 'library',
 *   outcome: 'success', requestId, details: {} }]);
 */
export function createAuditRepository(db: Kysely<Database>, writes?: SqliteWrites): AuditRepository {
  return {
    async append(drafts) {
      if (drafts.length === 0) return [];
      if (writes) return appendAll(sqliteStorage(writes), drafts);
      if (db.isTransaction) return appendAll(kyselyStorage(db), drafts);
      return db.transaction().execute((trx) => appendAll(kyselyStorage(trx), drafts));
    },

    async list(workspaceId, filter) {
      let query = db.selectFrom('audit_events').selectAll().where('workspace_id', '=', workspaceId);
      if (filter.tag !== undefined) query = query.where('tag', '=', filter.tag);
      if (filter.action !== undefined) query = query.where('action', '=', filter.action);
      if (filter.cursor !== undefined) query = query.where('seq', '<', decodeSeqCursor(filter.cursor));
      const rows = await query
        .orderBy('seq', 'desc')
        .limit(filter.limit + 1)
        .execute();
      return toPage(rows, filter.limit, (row) => Number(row.seq), fromRow);
    },

    async scan(workspaceId, afterSeq, limit) {
      const rows = await db
        .selectFrom('audit_events')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where('seq', '>', afterSeq)
        .orderBy('seq')
        .limit(limit)
        .execute();
      return rows.map(fromRow);
    },
  };
}
