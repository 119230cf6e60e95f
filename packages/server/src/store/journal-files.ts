import {
  closeSync,
  fdatasync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  unlinkSync,
  writeSync,
} from 'node:fs';

/**
 * The file operations of the audit journal, so that a test can hand in a layer that fails (ENOSPC,
 * EIO) where a full or broken disk would. Writes are synchronous on purpose: a group's lines reach
 * the OS (the page cache) in one `write(2)` of a few kilobytes, cheaper than a round trip through
 * libuv's thread pool; only `fdatasync`, which waits for the disk, runs off the main thread.
 */
export interface JournalFiles {
  /** Creates `dir` with mode 0700 when missing and lists the names in it. */
  list(dir: string): string[];
  read(path: string): Buffer;
  /** Bytes `from` up to `end` of the file at `path`; throws when it is shorter. */
  readRange(path: string, from: number, end: number): Buffer;
  /** Opens `path` for appending, creating it with mode 0600. */
  openAppend(path: string): number;
  /** Appends all of `data` or throws (the file may then hold part of it). */
  append(fd: number, data: Buffer): void;
  truncate(fd: number, length: number): void;
  fdatasync(fd: number): Promise<void>;
  close(fd: number): void;
  remove(path: string): void;
}

/** Makes the file layer of a journal; `createPatchbay` takes one for failure-injection tests. */
export type JournalFilesFactory = () => JournalFiles;

export const nodeJournalFiles: JournalFilesFactory = () => ({
  list(dir) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    return readdirSync(dir);
  },
  read: (path) => readFileSync(path),
  readRange(path, from, end) {
    const data = Buffer.allocUnsafe(end - from);
    const fd = openSync(path, 'r');
    try {
      for (let got = 0; got < data.length; ) {
        const n = readSync(fd, data, got, data.length - got, from + got);
        if (n === 0) throw new Error(`${path} ends before byte ${end}; the journal was altered`);
        got += n;
      }
    } finally {
      closeSync(fd);
    }
    return data;
  },
  openAppend: (path) => openSync(path, 'a', 0o600),
  append(fd, data) {
    // a regular file takes all bytes in one call unless the disk fills up midway; go on until then
    for (let written = 0; written < data.length; ) written += writeSync(fd, data, written);
  },
  truncate: (fd, length) => ftruncateSync(fd, length),
  fdatasync: (fd) =>
    new Promise<void>((resolve, reject) => fdatasync(fd, (error) => (error ? reject(error) : resolve()))),
  close: (fd) => closeSync(fd),
  remove: (path) => unlinkSync(path),
});
