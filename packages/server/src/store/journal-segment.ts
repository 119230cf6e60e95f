import type { JournalFiles } from './journal-files.js';

export interface SegmentOptions {
  syncIntervalMs: number;
  onSyncError(error: Error): void;
}

/**
 * One open journal file. Appends are synchronous; `fdatasync` runs on the thread pool and is
 * coalesced: a sync started after a write covers it, so callers that wrote while one was running
 * share the next. A failed write that cannot be cut back, or a failed sync, marks the segment
 * `failed`: the journal then moves on to a new file rather than trust this one's tail.
 */
export function createSegment(files: JournalFiles, path: string, options: SegmentOptions) {
  const fd = files.openAppend(path);
  let running: Promise<void> | undefined;
  let queued: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let closing: Promise<void> | undefined;

  const start = (): Promise<void> => {
    const run = files.fdatasync(fd).finally(() => {
      if (running === run) running = undefined;
    });
    running = run;
    run.catch((error: Error) => {
      segment.failed = error;
    });
    return run;
  };

  const segment = {
    path,
    size: 0,
    lastGroup: 0,
    failed: undefined as Error | undefined,

    append(data: Buffer, group: number): void {
      if (closing) throw new Error('the journal segment is closed');
      try {
        files.append(fd, data);
      } catch (error) {
        try {
          files.truncate(fd, segment.size);
        } catch {
          segment.failed = error as Error;
        }
        throw error;
      }
      segment.size += data.length;
      segment.lastGroup = group;
    },

    /** Resolves once everything appended so far is on the disk. */
    sync(): Promise<void> {
      if (queued) return queued;
      if (!running) return start();
      const next: Promise<void> = running
        .catch(() => undefined)
        .then(() => {
          queued = undefined;
          return start();
        });
      queued = next;
      return next;
    },

    /** interval mode: a sync within `syncIntervalMs`, one timer for every write meanwhile */
    syncSoon(): void {
      if (timer) return;
      timer = setTimeout(() => {
        timer = undefined;
        segment.sync().catch(options.onSyncError);
      }, options.syncIntervalMs);
      timer.unref();
    },

    /** Syncs what is pending, then closes the file (once). */
    close(): Promise<void> {
      if (timer) clearTimeout(timer);
      timer = undefined;
      closing ??= segment
        .sync()
        .catch(options.onSyncError)
        .finally(() => files.close(fd));
      return closing;
    },
  };
  return segment;
}

export type Segment = ReturnType<typeof createSegment>;
