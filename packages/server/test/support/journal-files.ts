/**
 * File layers for the audit journal's tests: one that fails on demand around the real one (as a full
 * or broken disk does), and one in memory that counts calls and can hold fdatasync.
 */
import { basename } from 'node:path';
import { type JournalFiles, nodeJournalFiles } from '../../src/store/journal-files.js';

export const diskError = (code: 'ENOSPC' | 'EIO', syscall: string) =>
  Object.assign(
    new Error(`${code}: ${code === 'ENOSPC' ? 'no space left on device' : 'i/o error'}, ${syscall}`),
    {
      code,
      syscall,
    },
  );

export interface Faults {
  /** appends fail with this code, after writing `partial` bytes of the data */
  append?: 'ENOSPC' | 'EIO';
  partial?: number;
  /** truncation (cutting back a failed append) fails too */
  truncate?: boolean;
  /** fdatasync fails with EIO */
  sync?: boolean;
}

/** The real file layer, failing where `faults` says. */
export function faultyFiles(faults: Faults, base: JournalFiles = nodeJournalFiles()): JournalFiles {
  return {
    ...base,
    append(fd, data) {
      if (!faults.append) return base.append(fd, data);
      if (faults.partial) base.append(fd, data.subarray(0, faults.partial));
      throw diskError(faults.append, 'write');
    },
    truncate(fd, length) {
      if (faults.truncate) throw diskError('EIO', 'ftruncate');
      base.truncate(fd, length);
    },
    async fdatasync(fd) {
      if (faults.sync) throw diskError('EIO', 'fdatasync');
      return base.fdatasync(fd);
    },
  };
}

/** Journal files in memory; `holdSync` keeps each fdatasync pending until released. */
export function memoryFiles() {
  const contents = new Map<string, Buffer>();
  const open = new Map<number, string>();
  const syncs: { fd: number; release(error?: Error): void }[] = [];
  let nextFd = 100;
  const state = { appends: 0, holdSync: false, syncs, contents };
  const files: JournalFiles = {
    list: () => [...contents.keys()].map((path) => basename(path)),
    read: (path) => contents.get(path) ?? Buffer.alloc(0),
    readRange: (path, from, end) => (contents.get(path) ?? Buffer.alloc(0)).subarray(from, end),
    openAppend(path) {
      if (!contents.has(path)) contents.set(path, Buffer.alloc(0));
      open.set(nextFd, path);
      return nextFd++;
    },
    append(fd, data) {
      state.appends++;
      const path = open.get(fd)!;
      contents.set(path, Buffer.concat([contents.get(path)!, data]));
    },
    truncate(fd, length) {
      const path = open.get(fd)!;
      contents.set(path, contents.get(path)!.subarray(0, length));
    },
    fdatasync(fd) {
      if (!open.has(fd)) return Promise.reject(new Error('EBADF'));
      if (!state.holdSync) {
        syncs.push({ fd, release: () => undefined });
        return Promise.resolve();
      }
      return new Promise<void>((resolve, reject) => {
        syncs.push({ fd, release: (error) => (error ? reject(error) : resolve()) });
      });
    },
    close: (fd) => void open.delete(fd),
    remove: (path) => void contents.delete(path),
  };
  return { files, state };
}
