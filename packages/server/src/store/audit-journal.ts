import { join } from 'node:path';
import { hashedAuditEvent } from '../domain/audit-chain.js';
import type { AuditEntry } from '../domain/audit-log.js';
import { newId } from '../domain/ids.js';
import type { AuditEvent } from '../domain/model.js';
import type { JournalFiles } from './journal-files.js';
import type { JournalGroup, JournalRecord } from './journal-records.js';
import { segmentName } from './journal-records.js';
import { createSegment, type Segment } from './journal-segment.js';

/** `interval`: fdatasync within a few milliseconds of a write, like a WAL; `always`: before answering. */
export type AuditSync = 'interval' | 'always';

export interface ChainHead {
  seq: number;
  hash: string;
}

export interface AuditJournalOptions {
  dir: string;
  files: JournalFiles;
  sync: AuditSync;
  /** every workspace's chain head once the table holds the whole journal (after replay) */
  heads: ReadonlyMap<string, ChainHead>;
  /** the first segment's number, above every segment in `dir` */
  segment: number;
  /** where each group's line is once it has reached the OS, for the ingestion into the table */
  onWritten(group: number, at: JournalRange): void;
  /** an fdatasync that failed after its callers were answered (interval mode) */
  onSyncError(error: Error): void;
  syncIntervalMs?: number;
  segmentBytes?: number;
}

/** Bytes `from` up to `end` of the segment at `path`: whole groups, as written. */
export interface JournalRange {
  path: string;
  from: number;
  end: number;
}

interface TailGroup {
  group: number;
  line: string;
  parsed?: JournalGroup;
}

const parsedGroup = (entry: TailGroup): JournalGroup => {
  entry.parsed ??= JSON.parse(entry.line) as JournalGroup;
  return entry.parsed;
};

/** What fails a call when the journal cannot take its event: a 500, never an answer without it. */
export class AuditJournalError extends Error {
  override name = 'AuditJournalError';
  constructor(what: string, cause: unknown) {
    super(
      `the audit journal could not be ${what} (${cause instanceof Error ? cause.message : String(cause)}); the call was refused, as no call is answered without its audit event`,
      { cause },
    );
  }
}

/**
 * The append-only audit journal of the embedded default (ADR 0008). Each `append` is one group: its
 * events are chained (seq, prev_hash, hash) from the heads kept here, written as one line with one
 * `write(2)`, and handed to the ingestion; the promise settles once the line is in the OS (and, with
 * `always`, on the disk). Groups that the table has not yet ingested stay in `tail()` so reads can
 * merge them. A write that fails leaves the chain as it was, and the next group tries again (on a
 * new segment when the old one could not be cut back).
 */
export function createAuditJournal(options: AuditJournalOptions) {
  const { dir, files, sync, syncIntervalMs = 5, segmentBytes = 64 * 2 ** 20 } = options;
  const heads = new Map(options.heads);
  let segmentNumber = options.segment;
  let current: Segment | undefined;
  const retired: { path: string; lastGroup: number; closed: Promise<void> }[] = [];
  /**
   * Groups written and not yet ingested, as their journal lines: one string each (the one written and
   * sent to the ingestion), parsed only when a read asks. Under load this holds the last ~100 ms of
   * events; kept as parsed records, the young-generation collector copied and promoted every one of
   * their objects.
   */
  const tail: TailGroup[] = [];
  let nextGroup = 1;
  files.list(dir); // creates it (0700) when missing

  const open = (): Segment => {
    const path = join(dir, segmentName(segmentNumber++));
    return createSegment(files, path, { syncIntervalMs, onSyncError: options.onSyncError });
  };

  /** Closes a segment once its pending syncs are done; it is removed when the table has it all. */
  const retire = (segment: Segment) => {
    if (current === segment) current = undefined;
    retired.push({ path: segment.path, lastGroup: segment.lastGroup, closed: segment.close() });
  };

  /** The group's records, chained, and its journal line (each event serialised once, by its hash). */
  const chain = (group: number, entries: readonly AuditEntry[]): { group: JournalGroup; line: string } => {
    const at = new Date().toISOString();
    let line = `{"group":${group},"records":[`;
    const records = entries.map(({ draft, execution }, i): JournalRecord => {
      const head = heads.get(draft.workspaceId) ?? { seq: 0, hash: '0'.repeat(64) };
      const event: AuditEvent = {
        id: newId('aud'),
        ...draft,
        seq: head.seq + 1,
        at,
        prevHash: head.hash,
        hash: '',
      };
      const { hash, json } = hashedAuditEvent(event.prevHash, event);
      event.hash = hash;
      heads.set(draft.workspaceId, { seq: event.seq, hash });
      line += `${i === 0 ? '' : ','}{"event":${json}${execution ? `,"execution":${JSON.stringify(execution)}` : ''}}`;
      return execution ? { event, execution } : { event };
    });
    return { group: { group, records }, line: `${line}]}\n` };
  };

  const write = (entries: readonly AuditEntry[]) => {
    if (current && (current.size >= segmentBytes || current.failed)) retire(current);
    let segment: Segment;
    try {
      segment = current ??= open();
    } catch (error) {
      throw new AuditJournalError('opened', error);
    }
    const before = new Map(entries.map(({ draft }) => [draft.workspaceId, heads.get(draft.workspaceId)]));
    const { group, line } = chain(nextGroup, entries);
    const from = segment.size;
    try {
      segment.append(Buffer.from(line, 'utf8'), group.group);
    } catch (error) {
      for (const [workspaceId, head] of before) {
        if (head) heads.set(workspaceId, head);
        else heads.delete(workspaceId);
      }
      if (segment.failed) retire(segment);
      throw new AuditJournalError('written', error);
    }
    nextGroup++;
    tail.push({ group: group.group, line });
    options.onWritten(group.group, { path: segment.path, from, end: segment.size });
    return { group, segment };
  };

  return {
    /**
     * Writes `entries` as one group; resolves with their events once the group is in the OS — or on
     * the disk, with `always` or when `durable` asks for it (a change committed to the database).
     */
    async append(entries: readonly AuditEntry[], durable = false): Promise<AuditEvent[]> {
      const { group, segment } = write(entries);
      if (sync === 'always' || durable) {
        try {
          await segment.sync();
        } catch (error) {
          throw new AuditJournalError('synced to disk', error);
        }
      } else segment.syncSoon();
      return group.records.map((record) => record.event);
    },

    /** Groups written but not yet acknowledged by the table, oldest first (do not modify). */
    tail: (): readonly JournalGroup[] => tail.map(parsedGroup),

    /** The table holds every group up to `group`: drop them from the tail, remove whole segments. */
    ingested(group: number): void {
      while (tail.length > 0 && tail[0]!.group <= group) tail.shift();
      while (retired.length > 0 && retired[0]!.lastGroup <= group) {
        const { path, closed } = retired.shift()!;
        void closed.then(() => files.remove(path)).catch(options.onSyncError);
      }
    },

    /** Syncs and closes the current segment; segments stay until the table has them. */
    async close(): Promise<void> {
      if (current) retire(current);
      await Promise.all(retired.map((segment) => segment.closed));
    },
  };
}

export type AuditJournal = ReturnType<typeof createAuditJournal>;
