/** Reads from a fetched ref: the commit's metadata, or the files under a path (size-capped). */
import { TaskFailure } from '../../domain/type-descriptor.js';
import { type GitSession, git } from './git-run.js';

/** `get` refuses to return more than this many bytes of file content in one call. */
export const MAX_TOTAL_BYTES = 10 * 1024 * 1024;
/** … or more files than this. */
export const MAX_FILES = 2000;

export interface CommitMetadata {
  commit_sha: string;
  short_sha: string;
  author_name: string;
  author_email: string;
  commit_date_iso: string;
  commit_date_unix: number;
  commit_message: string;
}

export interface GitFile {
  path: string;
  content: string;
  /** present only for content that is not UTF-8 text, which is then base64 */
  encoding?: 'base64';
}

/** The metadata of the fetched commit (FETCH_HEAD, tags peeled). */
export async function readMetadata(session: GitSession): Promise<CommitMetadata> {
  const format = ['%H', '%h', '%an', '%ae', '%cI', '%ct', '%B'].join('%x00');
  const { stdout } = await git(session, ['log', '-1', `--format=${format}`, 'FETCH_HEAD'], {
    cwd: session.workspace.repoDir,
  });
  const [sha = '', short = '', name = '', email = '', iso = '', unix = '0', message = ''] = stdout
    .toString('utf8')
    .split('\0');
  return {
    commit_sha: sha,
    short_sha: short,
    author_name: name,
    author_email: email,
    commit_date_iso: iso,
    commit_date_unix: Number(unix),
    commit_message: message.replace(/\n+$/, ''),
  };
}

interface TreeEntry {
  mode: string;
  oid: string;
  size: number;
  path: string;
}

/** The files at `filesPath` (a file or a folder; "" or "/" for the whole tree) of the fetched commit. */
export async function readFiles(session: GitSession, filesPath: string, ref: string): Promise<GitFile[]> {
  const path = normalisePath(filesPath);
  const cwd = session.workspace.repoDir;
  const args = ['ls-tree', '-r', '-z', '-l', '--full-tree', 'FETCH_HEAD'];
  const listing = await git(session, path === '' ? args : [...args, '--', path], { cwd });
  const entries = parseTree(listing.stdout);
  if (entries.length === 0) {
    throw new TaskFailure(
      'not_found',
      `files_path '${filesPath}' does not exist at ref '${ref}' in ${session.remote.display}; check the path`,
    );
  }
  const total = entries.reduce((sum, e) => sum + e.size, 0);
  if (entries.length > MAX_FILES || total > MAX_TOTAL_BYTES) {
    throw new TaskFailure(
      'result_too_large',
      `files_path '${filesPath}' holds ${entries.length} files, ${total} bytes; a call returns at most ${MAX_FILES} files ` +
        `and ${MAX_TOTAL_BYTES / 1024 / 1024} MiB: choose a narrower files_path`,
    );
  }
  const batch = await git(session, ['cat-file', '--batch'], {
    cwd,
    stdin: entries.map((e) => `${e.oid}\n`).join(''),
    maxStdout: total + entries.length * 128 + 1024,
  });
  const contents = parseBatch(batch.stdout);
  return entries.map((e) => fileOf(e.path, contents.get(e.oid) ?? Buffer.alloc(0)));
}

function normalisePath(filesPath: string): string {
  const parts = filesPath.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.includes('..')) {
    throw new TaskFailure('invalid_input', `files_path '${filesPath}' must not contain '..'`);
  }
  return parts.join('/');
}

/** `git ls-tree -r -z -l` output: "<mode> <type> <oid> <size>\t<path>\0"; only blobs (no submodules). */
function parseTree(stdout: Buffer): TreeEntry[] {
  const entries: TreeEntry[] = [];
  for (const record of stdout.toString('utf8').split('\0')) {
    const tab = record.indexOf('\t');
    if (tab < 0) continue;
    const [mode = '', type = '', oid = '', size = '0'] = record.slice(0, tab).trim().split(/\s+/);
    if (type !== 'blob') continue;
    entries.push({ mode, oid, size: Number(size), path: record.slice(tab + 1) });
  }
  return entries;
}

/** `git cat-file --batch` output: "<oid> blob <size>\n<content>\n" per object. */
function parseBatch(stdout: Buffer): Map<string, Buffer> {
  const contents = new Map<string, Buffer>();
  let at = 0;
  while (at < stdout.length) {
    const newline = stdout.indexOf(0x0a, at);
    if (newline < 0) break;
    const [oid = '', , size] = stdout.subarray(at, newline).toString('utf8').split(' ');
    const length = Number(size);
    if (!Number.isFinite(length)) break;
    contents.set(oid, stdout.subarray(newline + 1, newline + 1 + length));
    at = newline + 1 + length + 1;
  }
  return contents;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function fileOf(path: string, content: Buffer): GitFile {
  try {
    return { path, content: utf8.decode(content) };
  } catch {
    return { path, content: content.toString('base64'), encoding: 'base64' };
  }
}
