import { join } from 'node:path';
import type { Logger } from 'pino';
import type { BatchWriter } from '../domain/audit-log.js';
import type { Store } from '../domain/ports.js';
import { type AuditJournal, type AuditSync, createAuditJournal } from './audit-journal.js';
import { SQLITE_FILE } from './create-store.js';
import { type JournalFilesFactory, nodeJournalFiles } from './journal-files.js';
import { readJournal, segmentName } from './journal-records.js';
import { withJournal } from './journal-store.js';
import { createSqliteJournalIngester } from './sqlite-journal-ingester.js';

/** The journal's directory inside the data directory (0700, its segments 0600). */
export const journalDir = (dataDir: string): string => join(dataDir, 'audit');

export interface SqliteJournalOptions {
  dataDir: string;
  sync: AuditSync;
  files?: JournalFilesFactory;
  logger: Pick<Logger, 'error'>;
}

/**
 * The audit path of the embedded default (ADR 0008): replays what the table missed, then opens the
 * journal on a fresh segment, fed into the table by the ingestion thread.
 *
 * @example
 * const journal = await openSqliteJournal({ dataDir, sync: 'interval', logger });
 * const store = journal.wrap(tableStore);
 * const auditLog = createAuditLog(journal.write, { maxInFlight: Number.POSITIVE_INFINITY });
 */
export async function openSqliteJournal(options: SqliteJournalOptions) {
  const dir = journalDir(options.dataDir);
  const files = (options.files ?? nodeJournalFiles)();
  let journal: AuditJournal | undefined;
  const ingester = createSqliteJournalIngester({
    file: join(options.dataDir, SQLITE_FILE),
    dir,
    onIngested: (group) => journal?.ingested(group),
    onError: (err) => options.logger.error({ err }, 'feeding the audit table from the journal failed'),
  });
  const replayed = await ingester.start();
  // the table now holds these whole
  for (const n of replayed.segments) files.remove(join(dir, segmentName(n)));
  const opened = createAuditJournal({
    dir,
    files,
    sync: options.sync,
    heads: replayed.heads,
    segment: (replayed.segments.at(-1) ?? 0) + 1,
    onWritten: (group, at) => ingester.send(group, at),
    onSyncError: (err) => options.logger.error({ err }, 'syncing the audit journal to disk failed'),
  });
  journal = opened;
  const write: BatchWriter = async (entries) => void (await opened.append(entries));
  return {
    journal: opened,
    write,
    wrap: (store: Store): Store => withJournal(store, opened),
    /** Syncs the journal, lets the table ingest all of it, and stops the thread. */
    async close(): Promise<void> {
      await opened.close();
      await ingester.close();
    },
  };
}

/**
 * A store that reads the journal's groups beside the table, for a process that does not own the
 * journal (`patchbay audit verify` next to a running server): what the server answered but has not
 * yet ingested is then checked too. It cannot append.
 */
export function withJournalFiles(store: Store, dataDir: string): Store {
  const groups = readJournal(nodeJournalFiles(), journalDir(dataDir));
  return withJournal(store, {
    tail: () => groups,
    append: () => Promise.reject(new Error('this process reads the audit journal; only the server appends')),
  });
}
