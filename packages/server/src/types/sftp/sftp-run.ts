/**
 * SFTP over an ssh2 session opened by the ssh type's pinned-host-key handshake: listings and reads are
 * bounded while they stream (entries and bytes), and SFTP status codes become messages naming the path.
 */
import type { Client, FileEntryWithStats, SFTPWrapper, Stats } from 'ssh2';
import type { TypeContext } from '../../domain/type-descriptor.js';
import { TaskFailure } from '../../domain/type-descriptor.js';
import { deadlineFailure, raceAbort } from '../../task-kit/task-support.js';

/** `get` stops reading past this size. */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;
/** `list` stops past this many entries. */
export const MAX_ENTRIES = 10_000;

export interface SftpEntry {
  name: string;
  type: 'file' | 'directory' | 'symlink' | 'other';
  size: number;
  modified: string;
}

// SFTP status codes (draft-ietf-secsh-filexfer-02 §7)
const NO_SUCH_FILE = 2;
const PERMISSION_DENIED = 3;

/** The SFTP subsystem of an authenticated session, given up at the call's deadline. */
export function openSftp(client: Client, where: string, ctx: TypeContext): Promise<SFTPWrapper> {
  const opening = new Promise<SFTPWrapper>((resolve, reject) =>
    client.sftp((error, sftp) =>
      error
        ? reject(
            new TaskFailure(
              'sftp_unavailable',
              `${where} refused the SFTP subsystem: ${error.message}; enable it in sshd_config (Subsystem sftp)`,
            ),
          )
        : resolve(sftp),
    ),
  );
  return raceAbort(opening, ctx, () => deadlineFailure(`opening SFTP on ${where}`, ctx.timeoutMs));
}

/** Maps an SFTP status error on `path` to a failure that names the path and the fix. */
export function pathFailure(error: unknown, path: string, where: string): TaskFailure {
  const code = (error as { code?: unknown }).code;
  if (code === NO_SUCH_FILE) {
    return new TaskFailure('not_found', `'${path}' does not exist on ${where}; check the path input`);
  }
  if (code === PERMISSION_DENIED) {
    return new TaskFailure(
      'permission_denied',
      `${where} denies access to '${path}' for this user; check the path or the file's permissions`,
    );
  }
  return new TaskFailure(
    'task_failed',
    `SFTP on '${path}' failed: ${(error as Error).message ?? String(error)}`,
  );
}

const call = <T>(fn: (cb: (error: Error | undefined | null, value: T) => void) => void): Promise<T> =>
  new Promise<T>((resolve, reject) => fn((error, value) => (error ? reject(error) : resolve(value))));

export function statPath(sftp: SFTPWrapper, path: string, where: string): Promise<Stats> {
  return call<Stats>((cb) => sftp.stat(path, cb)).catch((error) => {
    throw pathFailure(error, path, where);
  });
}

const typeOf = (s: Stats): SftpEntry['type'] =>
  s.isDirectory() ? 'directory' : s.isFile() ? 'file' : s.isSymbolicLink() ? 'symlink' : 'other';

const entryOf = (e: FileEntryWithStats): SftpEntry => ({
  name: e.filename,
  type: typeOf(e.attrs as unknown as Stats),
  size: e.attrs.size,
  modified: new Date(e.attrs.mtime * 1000).toISOString(),
});

/** Lists a directory batch by batch, refusing more than {@link MAX_ENTRIES}. */
export async function listDirectory(sftp: SFTPWrapper, path: string, where: string): Promise<SftpEntry[]> {
  const handle = await call<Buffer>((cb) => sftp.opendir(path, cb)).catch((error) => {
    throw pathFailure(error, path, where);
  });
  const entries: SftpEntry[] = [];
  try {
    for (;;) {
      const batch = await new Promise<FileEntryWithStats[] | false>((resolve, reject) =>
        sftp.readdir(handle, (error, list) => {
          if (error && (error as { code?: unknown }).code === 1)
            resolve(false); // EOF
          else if (error) reject(pathFailure(error, path, where));
          else resolve(list);
        }),
      );
      if (!batch) break;
      for (const e of batch) if (e.filename !== '.' && e.filename !== '..') entries.push(entryOf(e));
      if (entries.length > MAX_ENTRIES) {
        throw new TaskFailure(
          'result_too_large',
          `'${path}' has more than ${MAX_ENTRIES} entries; list a smaller directory`,
        );
      }
    }
  } finally {
    sftp.close(handle, () => undefined);
  }
  return entries.sort((a, b) => a.name.localeCompare(b.name));
}

/** Reads a file as UTF-8, ending the read once it passes {@link MAX_FILE_BYTES}. */
export function readFileCapped(sftp: SFTPWrapper, path: string, where: string): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stream = sftp.createReadStream(path);
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_FILE_BYTES) {
        stream.destroy();
        reject(
          new TaskFailure(
            'result_too_large',
            `'${path}' is larger than ${MAX_FILE_BYTES} bytes; get a smaller file`,
          ),
        );
      } else chunks.push(chunk);
    });
    stream.on('error', (error: unknown) => reject(pathFailure(error, path, where)));
    stream.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

export function writeFile(sftp: SFTPWrapper, path: string, content: string, where: string): Promise<number> {
  const data = Buffer.from(content, 'utf8');
  return call<void>((cb) => sftp.writeFile(path, data, (error) => cb(error, undefined))).then(
    () => data.length,
    (error) => {
      throw pathFailure(error, path, where);
    },
  );
}
