import type { AuditEvent, Execution } from '../domain/model.js';
import type { AuditFilter, AuditRepository, ExecutionRepository, Page, Store } from '../domain/ports.js';
import type { AuditJournal } from './audit-journal.js';

/** What the store needs of the journal: appending, and the groups the table has not yet ingested. */
export type JournalView = Pick<AuditJournal, 'append' | 'tail'>;

import { decodeCursor, decodeSeqCursor, encodeCursor } from './codec.js';

/** Merges the tail's items into a page from the table: deduplicated by key, newest first. */
function mergePage<T>(page: Page<T>, tail: T[], limit: number, keyOf: (item: T) => string | number): Page<T> {
  if (tail.length === 0) return page;
  const byKey = new Map<string | number, T>();
  for (const item of [...page.items, ...tail]) byKey.set(keyOf(item), item);
  const merged = [...byKey.values()].sort((a, b) => (keyOf(a) < keyOf(b) ? 1 : -1));
  const items = merged.slice(0, limit);
  const more = page.nextCursor !== null || merged.length > limit;
  return { items, nextCursor: more && items.length > 0 ? encodeCursor(keyOf(items.at(-1)!)) : null };
}

/**
 * The tail's events and executions, taken before the table is read: a group acknowledged meanwhile
 * is then in one or the other (or both, and deduplicated), never in neither.
 */
const tailEvents = (journal: JournalView, workspaceId: string): AuditEvent[] =>
  journal
    .tail()
    .flatMap((g) => g.records.flatMap((r) => (r.event.workspaceId === workspaceId ? [r.event] : [])));

const tailExecutions = (journal: JournalView, workspaceId: string): Execution[] =>
  journal
    .tail()
    .flatMap((g) =>
      g.records.flatMap((r) => (r.execution?.workspaceId === workspaceId ? [r.execution] : [])),
    );

function journalAudit(table: AuditRepository, journal: JournalView): AuditRepository {
  const matches = (filter: AuditFilter) => {
    const before = filter.cursor === undefined ? Number.POSITIVE_INFINITY : decodeSeqCursor(filter.cursor);
    return (event: AuditEvent) =>
      event.seq < before &&
      (filter.tag === undefined || event.tag === filter.tag) &&
      (filter.action === undefined || event.action === filter.action);
  };
  return {
    // the events of changes: on the disk before the change commits (synchronous=FULL), whatever the sync mode
    append: (drafts) =>
      journal.append(
        drafts.map((draft) => ({ draft })),
        true,
      ),
    async list(workspaceId, filter) {
      const tail = tailEvents(journal, workspaceId).filter(matches(filter));
      return mergePage(await table.list(workspaceId, filter), tail, filter.limit, (event) => event.seq);
    },
    async scan(workspaceId, afterSeq, limit) {
      const tail = tailEvents(journal, workspaceId).filter((event) => event.seq > afterSeq);
      const rows = await table.scan(workspaceId, afterSeq, limit);
      if (tail.length === 0) return rows;
      const bySeq = new Map<number, AuditEvent>();
      for (const event of [...rows, ...tail]) bySeq.set(event.seq, event);
      return [...bySeq.values()].sort((a, b) => a.seq - b.seq).slice(0, limit);
    },
  };
}

function journalExecutions(table: ExecutionRepository, journal: JournalView): ExecutionRepository {
  return {
    insert: (execution) => table.insert(execution),
    insertMany: (executions) => table.insertMany(executions),
    async get(workspaceId, id) {
      return (
        tailExecutions(journal, workspaceId).find((e) => e.id === id) ?? (await table.get(workspaceId, id))
      );
    },
    async list(workspaceId, filter) {
      const before = filter.cursor === undefined ? undefined : decodeCursor(filter.cursor);
      const tail = tailExecutions(journal, workspaceId).filter(
        (e) => (before === undefined || e.id < before) && (filter.tag === undefined || e.tag === filter.tag),
      );
      return mergePage(await table.list(workspaceId, filter), tail, filter.limit, (e) => e.id);
    },
  };
}

/**
 * The store with the audit journal in front of the audit table (ADR 0008): appends go to the
 * journal — also those inside a transaction, which wait for their group's write before the
 * transaction commits — and reads of events and execution records merge the groups the table has
 * not yet ingested, so an answered call's event is visible at once.
 */
export function withJournal(store: Store, journal: JournalView): Store {
  const wrapped: Store = {
    ...store,
    audit: journalAudit(store.audit, journal),
    executions: journalExecutions(store.executions, journal),
    transaction: (fn) => store.transaction((tx) => fn(tx === store ? wrapped : withJournal(tx, journal))),
    keyIdsInUse: () => store.keyIdsInUse(),
    ping: () => store.ping(),
    close: () => store.close(),
  };
  return wrapped;
}
