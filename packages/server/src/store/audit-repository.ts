import type { Kysely } from 'kysely';
import { GENESIS_HASH, hashAuditEvent } from '../domain/audit-chain.js';
import { newId } from '../domain/ids.js';
import type { AuditDraft, AuditEvent, JsonObject } from '../domain/model.js';
import type { AuditRepository } from '../domain/ports.js';
import { decodeSeqCursor, fromJson, toJson, toPage } from './codec.js';
import { dialectOf } from './dialect.js';
import type { AuditEventRow, AuditHeadRow, Database } from './schema.js';

/** Rows per INSERT: 12 columns each stays far below every driver's parameter limit. */
const INSERT_CHUNK = 200;

function toRow(event: AuditEvent): AuditEventRow {
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

/**
 * Locks the workspace's chain head for the rest of the transaction, creating it on first use.
 * PostgreSQL needs the row lock; SQLite already holds the database write lock (BEGIN IMMEDIATE).
 */
async function lockHead(
  trx: Kysely<Database>,
  workspaceId: string,
): Promise<Omit<AuditHeadRow, 'workspace_id'>> {
  const select = () => {
    const query = trx
      .selectFrom('audit_heads')
      .select(['seq', 'hash'])
      .where('workspace_id', '=', workspaceId);
    return (dialectOf(trx) === 'postgres' ? query.forUpdate() : query).executeTakeFirst();
  };
  const head = await select();
  if (head) return { seq: Number(head.seq), hash: head.hash };
  await trx
    .insertInto('audit_heads')
    .values({ workspace_id: workspaceId, seq: 0, hash: GENESIS_HASH })
    .onConflict((oc) => oc.column('workspace_id').doNothing())
    .execute();
  const created = await select();
  if (!created) throw new Error(`audit head of workspace '${workspaceId}' vanished while locking it`);
  return { seq: Number(created.seq), hash: created.hash };
}

async function appendToWorkspace(
  trx: Kysely<Database>,
  workspaceId: string,
  drafts: AuditDraft[],
): Promise<AuditEvent[]> {
  const head = await lockHead(trx, workspaceId);
  const at = new Date().toISOString();
  let { seq, hash: prevHash } = head;
  const events = drafts.map((draft): AuditEvent => {
    seq += 1;
    const unhashed = {
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
    };
    const event = { ...unhashed, prevHash, hash: hashAuditEvent(prevHash, unhashed) };
    prevHash = event.hash;
    return event;
  });
  for (let i = 0; i < events.length; i += INSERT_CHUNK) {
    await trx
      .insertInto('audit_events')
      .values(events.slice(i, i + INSERT_CHUNK).map(toRow))
      .execute();
  }
  // The seq condition is a second guard: a head moved by anyone else fails the primary key above.
  await trx
    .updateTable('audit_heads')
    .set({ seq, hash: prevHash })
    .where('workspace_id', '=', workspaceId)
    .where('seq', '=', head.seq)
    .execute();
  return events;
}

async function appendAll(trx: Kysely<Database>, drafts: AuditDraft[]): Promise<AuditEvent[]> {
  const byWorkspace = new Map<string, AuditDraft[]>();
  for (const draft of drafts)
    byWorkspace.set(draft.workspaceId, [...(byWorkspace.get(draft.workspaceId) ?? []), draft]);
  // Locking heads in one global order keeps two multi-workspace appends from deadlocking.
  const appended = new Map<AuditDraft, AuditEvent>();
  for (const workspaceId of [...byWorkspace.keys()].sort()) {
    const group = byWorkspace.get(workspaceId)!;
    const events = await appendToWorkspace(trx, workspaceId, group);
    for (const [i, draft] of group.entries()) appended.set(draft, events[i]!);
  }
  return drafts.map((draft) => appended.get(draft)!);
}

/**
 * The hash-chained audit log. `append` joins the caller's transaction when the repository was made on
 * one, and otherwise opens its own.
 *
 * @example
 * await store.audit.append([{ workspaceId, actor: 'tok_…', action: 'connection.create', tag: 'library',
 *   outcome: 'success', requestId, details: {} }]);
 */
export function createAuditRepository(db: Kysely<Database>): AuditRepository {
  return {
    async append(drafts) {
      if (drafts.length === 0) return [];
      if (db.isTransaction) return appendAll(db, drafts);
      return db.transaction().execute((trx) => appendAll(trx, drafts));
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
