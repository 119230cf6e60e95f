import type { AuditDraft } from './model.js';
import type { AuditRepository } from './ports.js';

/**
 * Group commit for audit events outside a connection change (resolve, connect, denied requests):
 * events queued while one batch is being written go together in the next transaction, so a burst of
 * resolves costs one durable commit, and each caller still waits until its event is stored.
 */
export function createAuditLog(audit: Pick<AuditRepository, 'append'>, maxBatch = 500) {
  let queue: { draft: AuditDraft; done: (error?: unknown) => void }[] = [];
  let writing: Promise<void> | null = null;

  const flush = async (): Promise<void> => {
    while (queue.length > 0) {
      const batch = queue.slice(0, maxBatch);
      queue = queue.slice(batch.length);
      try {
        await audit.append(batch.map((b) => b.draft));
        for (const b of batch) b.done();
      } catch (error) {
        for (const b of batch) b.done(error);
      }
    }
    writing = null;
  };

  return {
    /** Resolves once the event is durably stored; rejects if it could not be. */
    record(draft: AuditDraft): Promise<void> {
      return new Promise<void>((resolve, reject) => {
        queue.push({ draft, done: (error) => (error ? reject(error) : resolve()) });
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
