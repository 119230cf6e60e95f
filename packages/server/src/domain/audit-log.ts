import type { AuditDraft, Execution } from './model.js';
import type { Store } from './ports.js';

interface Entry {
  draft: AuditDraft;
  execution?: Execution;
  done: (error?: unknown) => void;
}

/**
 * Group commit for what happens outside a connection change — resolves, connects (their execution
 * records), denied requests: entries queued while one batch is being written go together in the next
 * transaction, so a burst costs one durable commit, and each caller still waits until its entry is
 * stored.
 */
export function createAuditLog(store: Pick<Store, 'transaction'>, maxBatch = 500) {
  let queue: Entry[] = [];
  let writing: Promise<void> | null = null;

  const flush = async (): Promise<void> => {
    while (queue.length > 0) {
      const batch = queue.slice(0, maxBatch);
      queue = queue.slice(batch.length);
      try {
        await store.transaction(async (tx) => {
          for (const entry of batch) if (entry.execution) await tx.executions.insert(entry.execution);
          await tx.audit.append(batch.map((entry) => entry.draft));
        });
        for (const entry of batch) entry.done();
      } catch (error) {
        for (const entry of batch) entry.done(error);
      }
    }
    writing = null;
  };

  return {
    /** Resolves once the event (and the execution record, if given) is durably stored. */
    record(draft: AuditDraft, execution?: Execution): Promise<void> {
      return new Promise<void>((resolve, reject) => {
        queue.push({ draft, execution, done: (error) => (error ? reject(error) : resolve()) });
        if (!writing) writing = new Promise<void>((r) => setImmediate(r)).then(flush);
      });
    },
    /** Waits for everything queued so far. */
    async drain(): Promise<void> {
      while (writing) await writing;
    },
  };
}

export type AuditLog = ReturnType<typeof createAuditLog>;
