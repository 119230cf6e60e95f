/**
 * The audit journal's on-disk form, shared by the journal (which writes it), the ingestion thread
 * and start-up replay (which read it). A segment `audit-<n>.jsonl` holds one JSON line per group of
 * events: `{"group":7,"records":[{"event":{…},"execution":{…}}]}`. A group is one line, so a write cut
 * short by a crash or a full disk leaves a line without its newline, and no part of that group counts.
 */
import { join } from 'node:path';
import { GENESIS_HASH } from '../domain/audit-chain.js';
import type { AuditEvent, Execution } from '../domain/model.js';
import { auditEventRow } from './audit-repository.js';
import { executionRow } from './execution-repository.js';
import type { JournalFiles } from './journal-files.js';
import type { SqliteWrites } from './sqlite-writes.js';

/** An event with its hash-chain fields, and the execution record it describes when it is a connect. */
export interface JournalRecord {
  event: AuditEvent;
  execution?: Execution;
}

export interface JournalGroup {
  group: number;
  records: JournalRecord[];
}

const SEGMENT = /^audit-(\d{12})\.jsonl$/;

export const segmentName = (n: number): string => `audit-${String(n).padStart(12, '0')}.jsonl`;

/** The segment numbers in `dir`, oldest first. */
export function listSegments(files: JournalFiles, dir: string): number[] {
  return files
    .list(dir)
    .flatMap((name) => {
      const match = SEGMENT.exec(name);
      return match ? [Number(match[1])] : [];
    })
    .sort((a, b) => a - b);
}

/** The complete groups of a segment's text; a last line without its newline was never acknowledged. */
export function parseSegment(text: string, name = 'segment'): JournalGroup[] {
  const lines = text.split('\n');
  lines.pop();
  return lines.map((line, i) => {
    try {
      return JSON.parse(line) as JournalGroup;
    } catch {
      throw new Error(`audit journal ${name} line ${i + 1} is not valid JSON; the journal was altered`);
    }
  });
}

/** Every complete group in the journal directory, in the order written. */
export function readJournal(files: JournalFiles, dir: string): JournalGroup[] {
  return listSegments(files, dir).flatMap((n) => {
    let text: string;
    try {
      text = files.read(join(dir, segmentName(n))).toString('utf8');
    } catch (error) {
      // removed meanwhile by the server: the table holds it whole
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    return parseSegment(text, segmentName(n));
  });
}

/**
 * Inserts the records the table lacks, with their execution records, and moves the chain heads;
 * run inside a transaction (it holds the connection `writes` uses). Records at or below a
 * workspace's head are already stored (a replay after a crash, or a group sent twice) and are
 * skipped; any other record must continue the stored chain, or nothing of the batch is written.
 */
export function ingestRecords(writes: SqliteWrites, records: readonly JournalRecord[]): void {
  const heads = new Map<string, { from: number; seq: number; hash: string }>();
  for (const { event, execution } of records) {
    let head = heads.get(event.workspaceId);
    if (!head) {
      const stored = writes.head(event.workspaceId);
      if (!stored) writes.createHead(event.workspaceId, GENESIS_HASH);
      const seq = stored ? Number(stored.seq) : 0;
      head = { from: seq, seq, hash: stored?.hash ?? GENESIS_HASH };
      heads.set(event.workspaceId, head);
    }
    if (event.seq <= head.seq) continue;
    if (event.seq !== head.seq + 1 || event.prevHash !== head.hash) {
      throw new Error(
        `the audit journal does not continue the stored chain of workspace '${event.workspaceId}' at seq ${event.seq} (stored head ${head.seq})`,
      );
    }
    if (execution) writes.insertExecution(executionRow(execution));
    writes.insertAuditEvent(auditEventRow(event));
    head.seq = event.seq;
    head.hash = event.hash;
  }
  for (const [workspaceId, head] of heads) {
    if (head.seq === head.from) continue;
    if (!writes.moveHead(workspaceId, head.from, { seq: head.seq, hash: head.hash })) {
      throw new Error(`audit head of workspace '${workspaceId}' moved during ingestion`);
    }
  }
}
