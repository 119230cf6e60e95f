import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ChainHead, JournalRange } from './audit-journal.js';
import type { IngestMessage, IngestReply, IngestWorkerData } from './sqlite-journal-worker.js';

export interface IngesterOptions {
  /** the SQLite file */
  file: string;
  /** the journal directory */
  dir: string;
  /** the table holds every group up to `group` */
  onIngested(group: number): void;
  onError(error: Error): void;
  /** how long lines gather on this side before they go to the thread, and between its transactions */
  pauseMs?: number;
}

export interface Replayed {
  heads: Map<string, ChainHead>;
  /** the segments that were in the directory; the table now holds them whole */
  segments: number[];
}

/**
 * The worker thread, from `dist` a plain module. From source (tsx, Vitest) the worker is TypeScript
 * too; Node 20 does not apply `--import` to workers, so a small script registers tsx's loader (its
 * `tsx/esm/api`) and then imports the worker.
 */
function startWorker(workerData: IngestWorkerData): Worker {
  if (!import.meta.url.endsWith('.ts')) {
    return new Worker(new URL('./sqlite-journal-worker.js', import.meta.url), { workerData });
  }
  const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx'));
  const tsxApi = new URL('./esm/api/index.mjs', tsxLoader).href;
  const worker = new URL('./sqlite-journal-worker.ts', import.meta.url).href;
  const script = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(worker)}); })`;
  return new Worker(script, { eval: true, workerData });
}

/**
 * Feeds the SQLite audit table from the journal on a worker thread with its own connection, in
 * large transactions off the answer's path (ADR 0008). `start` replays what the table missed and
 * gives the chain heads the journal continues from. The thread never keeps the process alive:
 * whatever it has not ingested is in the journal, and the next start replays it.
 */
export function createSqliteJournalIngester(options: IngesterOptions) {
  const pauseMs = options.pauseMs ?? 50;
  let worker: Worker | undefined;
  /** the written groups not yet told to the thread, as ranges of their segments */
  let ranges: JournalRange[] = [];
  let lastGroup = 0;
  let timer: NodeJS.Timeout | undefined;
  let acknowledged = 0;
  let flushed: { group: number; resolve: () => void }[] = [];

  const post = () => {
    timer = undefined;
    if (ranges.length === 0 || !worker) return;
    const message: IngestMessage = { group: lastGroup, ranges };
    ranges = [];
    worker.postMessage(message);
  };

  const onReply = (reply: IngestReply) => {
    if ('error' in reply) return options.onError(new Error(`audit ingestion: ${reply.error}`));
    if ('ingested' in reply) {
      acknowledged = reply.ingested;
      options.onIngested(reply.ingested);
      const done = flushed.filter((f) => f.group <= acknowledged);
      flushed = flushed.filter((f) => f.group > acknowledged);
      for (const f of done) f.resolve();
    }
  };

  return {
    start(): Promise<Replayed> {
      return new Promise<Replayed>((resolve, reject) => {
        const started = startWorker({ file: options.file, dir: options.dir, pauseMs });
        let lastError: string | undefined;
        started.on('message', (reply: IngestReply) => {
          if ('ready' in reply) {
            worker = started;
            started.unref();
            return resolve({ heads: new Map(reply.heads), segments: reply.segments });
          }
          if ('error' in reply && !worker) lastError = reply.error;
          onReply(reply);
        });
        started.on('error', (error) => {
          if (!worker) reject(new Error(`the audit ingestion thread failed: ${error.message}`));
          else options.onError(error);
        });
        started.on('exit', (code) => {
          if (worker !== started) {
            reject(new Error(lastError ?? `the audit ingestion thread stopped (exit code ${code})`));
            return;
          }
          worker = undefined;
          if (code !== 0)
            options.onError(new Error(`the audit ingestion thread stopped (exit code ${code})`));
        });
      });
    },

    /**
     * Tells the thread, in batches, where a written group is: it reads the lines from the segment
     * (in the page cache) itself, so this thread neither joins nor copies them.
     */
    send(group: number, at: JournalRange): void {
      const last = ranges.at(-1);
      if (last && last.path === at.path && last.end === at.from) last.end = at.end;
      else ranges.push({ ...at });
      lastGroup = group;
      if (!timer) {
        timer = setTimeout(post, pauseMs);
        timer.unref();
      }
    },

    /** Ingests everything sent so far, then stops the thread. */
    async close(): Promise<void> {
      if (timer) clearTimeout(timer);
      post();
      const stopping = worker;
      if (stopping && lastGroup > acknowledged) {
        stopping.ref();
        await new Promise<void>((resolve) => {
          flushed.push({ group: lastGroup, resolve });
          stopping.once('exit', () => resolve());
        });
      }
      worker = undefined;
      await stopping?.terminate();
    },
  };
}

export type SqliteJournalIngester = ReturnType<typeof createSqliteJournalIngester>;
