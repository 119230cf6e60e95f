import type { AuditDraft, Execution } from './model.js';
import type { Store } from './ports.js';

/** An audit event to append, with the execution record it describes when it is a connect. */
export interface AuditEntry {
  draft: AuditDraft;
  execution?: Execution;
}

/** Stores a batch durably — every entry or none — appending the events in order. */
export type BatchWriter = (entries: AuditEntry[]) => Promise<void>;

/** Writes a batch in one transaction of `store`: one multi-row insert each for executions and events. */
export async function writeEntries(store: Pick<Store, 'transaction'>, entries: AuditEntry[]): Promise<void> {
  await store.transaction(async (tx) => {
    const executions = entries.flatMap((entry) => (entry.execution ? [entry.execution] : []));
    if (executions.length > 0) await tx.executions.insertMany(executions);
    await tx.audit.append(entries.map((entry) => entry.draft));
  });
}

/** The writer of a store: batches are written on the caller's connection. */
export const storeWriter =
  (store: Pick<Store, 'transaction'>): BatchWriter =>
  (entries) =>
    writeEntries(store, entries);

interface Pending extends AuditEntry {
  done: (error?: unknown) => void;
}

export interface AuditLogOptions {
  /** entries per batch at most */
  maxBatch?: number;
  /**
   * Batches handed to `write` before the first is stored. More than one keeps a writer that queues
   * batches in order (the SQLite worker) busy back to back; one suits a writer that would run them
   * side by side and then wait for each other's locks.
   */
  maxInFlight?: number;
  /**
   * How long, in ms, an entry with an execution record (a connect) may wait for more to join its
   * batch — only while `running()`, the number of such calls under way (the caller included), says
   * that some have not recorded yet. A connect has already waited milliseconds on the system it ran
   * against, so a fraction of one more costs it little and saves a journal write and a hand-off per
   * call under load. Nothing else is held (a resolve answers in a tenth of that), and it takes what
   * is held along with it; the batch also goes once every running call has recorded.
   */
  groupWindowMs?: number;
  running?: () => number;
}

/**
 * Group commit for what happens outside a connection change — resolves, connects (their execution
 * records), denied requests: entries queued while earlier batches are being written go together in
 * the next batch, so a burst costs few durable commits while each caller still waits until its entry
 * is stored. `write` decides where a batch is written (on SQLite the journal, `store/audit-journal.ts`).
 */
export function createAuditLog(write: BatchWriter, options: AuditLogOptions = {}) {
  const { maxBatch = 500, maxInFlight = 1, groupWindowMs = 0, running = () => 0 } = options;
  let queue: Pending[] = [];
  let inFlight = 0;
  let scheduled = false;
  /** entries with an execution queued or being written: running calls that have recorded */
  let recorded = 0;
  let window: NodeJS.Timeout | undefined;
  let idle: (() => void)[] = [];

  const flush = () => {
    scheduled = false;
    if (window) clearTimeout(window);
    window = undefined;
    pump();
  };
  // what else this turn of the event loop records joins the same batch
  const flushSoon = () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(flush);
  };

  const settle = (batch: Pending[], error?: unknown) => {
    inFlight--;
    for (const entry of batch) entry.done(error);
    pump();
  };

  function pump(): void {
    while (queue.length > 0 && inFlight < maxInFlight) {
      const batch = queue.slice(0, maxBatch);
      queue = queue.slice(batch.length);
      inFlight++;
      write(batch.map(({ draft, execution }) => (execution ? { draft, execution } : { draft }))).then(
        () => settle(batch),
        (error: unknown) => settle(batch, error ?? new Error('writing the audit log failed')),
      );
    }
    if (queue.length === 0 && inFlight === 0 && !scheduled && !window) {
      const waiting = idle;
      idle = [];
      for (const resolve of waiting) resolve();
    }
  }

  return {
    /** Resolves once the event (and the execution record, if given) is durably stored. */
    record(draft: AuditDraft, execution?: Execution): Promise<void> {
      return new Promise<void>((resolve, reject) => {
        queue.push({
          draft,
          execution,
          done: (error) => {
            if (execution && groupWindowMs > 0) recorded--;
            if (error) reject(error);
            else resolve();
          },
        });
        if (execution && groupWindowMs > 0) {
          recorded++;
          if (!scheduled && recorded < running() && queue.length < maxBatch) {
            window ??= setTimeout(flush, groupWindowMs);
            return;
          }
        }
        flushSoon();
      });
    },
    /** Waits until everything recorded so far is stored (or has failed). */
    drain(): Promise<void> {
      if (queue.length === 0 && inFlight === 0 && !scheduled && !window) return Promise.resolve();
      return new Promise<void>((resolve) => idle.push(resolve));
    },
  };
}

export type AuditLog = ReturnType<typeof createAuditLog>;
