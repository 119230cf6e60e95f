import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { AuditEntry, BatchWriter } from '../domain/audit-log.js';
import type { BatchMessage, BatchReply } from './sqlite-audit-worker.js';

export interface SqliteAuditWriter {
  write: BatchWriter;
  /** Starts the thread if it is not running and waits until it has opened the database. */
  ready(): Promise<void>;
  /** Stops the thread; batches still unanswered fail. */
  close(): Promise<void>;
}

/**
 * The worker thread, from `dist` a plain module. From source (tsx, Vitest) the worker is TypeScript
 * too; Node 20 does not apply `--import` to workers, so a small script registers tsx's loader (its
 * `tsx/esm/api`) and then imports the worker.
 */
function startWorker(workerData: unknown): Worker {
  if (!import.meta.url.endsWith('.ts')) {
    return new Worker(new URL('./sqlite-audit-worker.js', import.meta.url), { workerData });
  }
  const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx'));
  const tsxApi = new URL('./esm/api/index.mjs', tsxLoader).href;
  const worker = new URL('./sqlite-audit-worker.ts', import.meta.url).href;
  const script = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(worker)}); })`;
  return new Worker(script, { eval: true, workerData });
}

/**
 * Writes audit batches on a worker thread with its own connection to the SQLite file. better-sqlite3
 * is synchronous, so a commit on the main thread — its fsync above all — stops every request for
 * its duration; on the worker the event loop keeps serving, and the batch waiting for the next
 * commit grows meanwhile. Both connections take the write lock with `BEGIN IMMEDIATE`, so the hash
 * chain stays one sequence whichever connection appends. The thread starts with `ready()` (the
 * server awaits it before serving, so the first call does not pay for the start) or on first use,
 * and again after a crash.
 */
export function createSqliteAuditWriter(file: string): SqliteAuditWriter {
  let thread: ReturnType<typeof start> | undefined;
  let nextId = 1;

  const start = () => {
    const worker = startWorker({ file });
    const pending = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
    // the thread keeps the process alive only while it has batches to answer
    const settled = (id: number) => {
      pending.delete(id);
      if (pending.size === 0) worker.unref();
    };
    let opened: { resolve: () => void; reject: (error: Error) => void } | undefined;
    const ready = new Promise<void>((resolve, reject) => {
      opened = { resolve, reject };
    });
    ready.then(
      () => {
        if (pending.size === 0) worker.unref();
      },
      () => undefined, // also reported to every waiting batch
    );
    const failAll = (error: Error) => {
      opened?.reject(error);
      for (const { reject } of pending.values()) reject(error);
      pending.clear();
      worker.unref();
    };
    worker.on('message', (reply: BatchReply | 'ready') => {
      if (reply === 'ready') return opened?.resolve();
      const { ids, error } = reply;
      for (const id of ids) {
        const waiting = pending.get(id);
        settled(id);
        if (error === undefined) waiting?.resolve();
        else waiting?.reject(new Error(`writing the audit log failed: ${error}`));
      }
    });
    worker.on('error', (error) => failAll(new Error(`the audit writer thread failed: ${error.message}`)));
    worker.on('exit', (code) => {
      if (thread?.worker === worker) thread = undefined;
      failAll(new Error(`the audit writer thread stopped (exit code ${code})`));
    });
    return { worker, pending, ready };
  };

  return {
    ready() {
      thread ??= start();
      return thread.ready;
    },
    write(entries: AuditEntry[]) {
      thread ??= start();
      const { worker, pending } = thread;
      const id = nextId++;
      return new Promise<void>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.ref();
        worker.postMessage(JSON.stringify({ id, entries } satisfies BatchMessage));
      });
    },
    async close() {
      const stopping = thread;
      thread = undefined;
      await stopping?.worker.terminate();
    },
  };
}
