/**
 * The thread behind `sqlite-journal-ingester.ts`, with its own connection to the embedded database.
 * First it replays the journal (whatever the table lacks: a crash came between a group's write and
 * its ingestion) and says `{ ready, heads, segments }`. Then it is told where new groups were written,
 * reads them from their segments and inserts what arrived meanwhile in one transaction, every `pauseMs` at most, answering
 * `{ ingested: group }`. A failed transaction is retried (the lines stay in the journal whatever
 * happens, and start-up replays them); the error goes to the main thread for its log.
 */
import { readlinkSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import type { Kysely } from 'kysely';
import type { JournalRange } from './audit-journal.js';
import { nodeJournalFiles } from './journal-files.js';
import {
  ingestRecords,
  type JournalRecord,
  listSegments,
  parseSegment,
  readJournal,
} from './journal-records.js';
import type { Database } from './schema.js';
import { openSqlite, sqliteWritesOf } from './sqlite.js';

export interface IngestMessage {
  /** the last group in `ranges` */
  group: number;
  /** where the groups are: complete journal lines, in the order written */
  ranges: JournalRange[];
}

export type IngestReply =
  | { ready: true; heads: [string, { seq: number; hash: string }][]; segments: number[] }
  | { ingested: number }
  | { error: string };

export interface IngestWorkerData {
  file: string;
  dir: string;
  pauseMs: number;
}

const port = parentPort;
if (!port) throw new Error('sqlite-journal-worker.ts runs as a worker thread of sqlite-journal-ingester.ts');
const { file, dir, pauseMs } = workerData as IngestWorkerData;
const db: Kysely<Database> = openSqlite(file);
const writes = sqliteWritesOf(db)!;
const RETRY_MS = 1000;
/** how much nicer this thread is than the process it serves (see below) */
const INGEST_NICENESS = 10;
const NICE_MAX = 19;

/**
 * Lowers this thread's scheduling priority (Linux: nice applies per thread, by its id from
 * /proc/thread-self). Ingestion is background work that the tail on the main thread covers; when
 * the cores are busy the scheduler now runs the threads answering calls first. Ten steps nicer than
 * the process (nice 10 for a process at 0, at most 19) keeps ~10 % of a contended core (enough for
 * thousands of events a second); it cannot be raised back without CAP_SYS_NICE, so it is set once.
 * Elsewhere (no /proc/thread-self) nothing changes: setPriority of a thread id would name a process.
 */
function yieldToAnswers(): void {
  let tid: number;
  try {
    tid = Number(readlinkSync('/proc/thread-self').split('/').at(-1));
  } catch {
    return;
  }
  if (!Number.isInteger(tid) || tid <= 0) return;
  try {
    setPriority(tid, Math.min(NICE_MAX, getPriority(tid) + INGEST_NICENESS));
  } catch {
    // a container that forbids it: ingestion runs at the normal priority
  }
}

async function ingest(records: JournalRecord[]): Promise<void> {
  await db.transaction().execute(async () => ingestRecords(writes, records));
}

const files = nodeJournalFiles();

/** The records of the groups in `ranges`, read from their segments (the main thread wrote them there). */
const recordsOf = (ranges: readonly JournalRange[]) =>
  ranges.flatMap(({ path, from, end }) =>
    parseSegment(files.readRange(path, from, end).toString('utf8'), path).flatMap((group) => group.records),
  );

async function replay(): Promise<void> {
  const segments = listSegments(files, dir);
  await ingest(readJournal(files, dir).flatMap((group) => group.records));
  // start-up waits for the replay; what comes after it is background work
  yieldToAnswers();
  const heads = await db.selectFrom('audit_heads').select(['workspace_id', 'seq', 'hash']).execute();
  port!.postMessage({
    ready: true,
    heads: heads.map((h) => [h.workspace_id, { seq: Number(h.seq), hash: h.hash }]),
    segments,
  } satisfies IngestReply);
}

let waiting: IngestMessage[] = [];
let running = false;

async function ingestWaiting(): Promise<void> {
  running = true;
  while (waiting.length > 0) {
    const batch = waiting;
    waiting = [];
    try {
      await ingest(batch.flatMap((message) => recordsOf(message.ranges)));
      port!.postMessage({ ingested: batch.at(-1)!.group } satisfies IngestReply);
    } catch (error) {
      port!.postMessage({
        error: error instanceof Error ? error.message : String(error),
      } satisfies IngestReply);
      waiting = [...batch, ...waiting];
      await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
    }
    // larger transactions cost less per event; the tail on the main thread covers the wait
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
  }
  running = false;
}

port.on('message', (message: IngestMessage) => {
  waiting.push(message);
  if (!running) void ingestWaiting();
});

replay().catch((error: unknown) => {
  port.postMessage({
    error: `replaying the audit journal failed: ${error instanceof Error ? error.message : String(error)}`,
  });
  process.exit(1);
});
