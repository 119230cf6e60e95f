/**
 * The thread behind `sqlite-audit-writer.ts`: its own connection to the embedded database. Batches
 * arrive as JSON text (cheaper to pass than a structured clone); those that arrive while a commit is
 * running are written together in the next transaction — the group commit happens here, where the
 * commit's duration is known — and answered together with `{ ids }` or `{ ids, error }`. Says
 * `'ready'` once the database is open.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { type AuditEntry, writeEntries } from '../domain/audit-log.js';
import { storeOn } from './create-store.js';
import { openSqlite } from './sqlite.js';

export interface BatchMessage {
  id: number;
  entries: AuditEntry[];
}

export interface BatchReply {
  ids: number[];
  error?: string;
}

const port = parentPort;
if (!port) throw new Error('sqlite-audit-worker.ts runs as a worker thread of sqlite-audit-writer.ts');
const store = storeOn(openSqlite((workerData as { file: string }).file));
port.postMessage('ready');

let waiting: BatchMessage[] = [];
let writing = false;

const reply = (ids: number[], error?: unknown) =>
  port.postMessage(
    (error === undefined
      ? { ids }
      : { ids, error: error instanceof Error ? error.message : String(error) }) satisfies BatchReply,
  );

/** One transaction for all `batches`; if that fails, each on its own, so one bad batch fails alone. */
async function write(batches: BatchMessage[]): Promise<void> {
  try {
    await writeEntries(
      store,
      batches.flatMap((batch) => batch.entries),
    );
    reply(batches.map((batch) => batch.id));
  } catch (error) {
    if (batches.length === 1) return reply([batches[0]!.id], error);
    for (const batch of batches) await write([batch]);
  }
}

async function writeWaiting(): Promise<void> {
  writing = true;
  while (waiting.length > 0) {
    const batches = waiting;
    waiting = [];
    await write(batches);
    // let the batches sent meanwhile arrive before the next transaction
    await new Promise((resolve) => setImmediate(resolve));
  }
  writing = false;
}

port.on('message', (message: string) => {
  waiting.push(JSON.parse(message) as BatchMessage);
  if (!writing) void writeWaiting();
});
