/**
 * The git task's steps: open a session (URL checked, host resolved and pinned, host key pinned,
 * credentials in files), find the ref with `git ls-remote`, fetch it at depth 1 and read from it.
 */
import type { TypeContext } from '../../domain/type-descriptor.js';
import { TaskFailure } from '../../domain/type-descriptor.js';
import {
  matchesPinned,
  mismatchMessage,
  type PinnedKeys,
  parsePinned,
  unpinnedMessage,
} from '../../task-kit/ssh-hostkey.js';
import { probeHostKey } from '../../task-kit/ssh-session.js';
import { hostPort } from '../../task-kit/task-support.js';
import { type GitErrorContext, gitFailure } from './git-errors.js';
import {
  createGitWorkspace,
  type GitResult,
  type GitWorkspace,
  MAX_FETCH_BYTES,
  runGit,
} from './git-process.js';
import type { GitInputs } from './git-type.js';
import { type GitRemote, parseRemote, withAddress } from './git-url.js';

export interface GitSession {
  remote: GitRemote;
  address: string;
  /** the URL handed to git (git:// carries the checked address instead of the name) */
  url: string;
  workspace: GitWorkspace;
  errors: GitErrorContext;
  /** overrides {@link MAX_FETCH_BYTES} (tests) */
  maxFetchBytes?: number;
  /** the parsed ssh_hostkey, for ssh URLs */
  pinned?: PinnedKeys;
  ctx: TypeContext;
}

export interface ResolvedRef {
  /** full ref name, or the commit id itself */
  name: string;
  sha: string;
}

const COMMIT_ID = /^[0-9a-f]{40}$/i;

/** Parses the URL, resolves and checks the host, pins the ssh host key and writes the credential files. */
export async function openGitSession(inputs: GitInputs, ctx: TypeContext): Promise<GitSession> {
  const remote = parseRemote(inputs.repository_url);
  if (inputs.ref.startsWith('-') || /[\s~^:?*[\\]/.test(inputs.ref)) {
    throw new TaskFailure('invalid_input', `ref '${inputs.ref}' is not a valid branch, tag or commit name`);
  }
  const [address = ''] = await ctx.egress.check(remote.host);
  const pins = remote.transport === 'ssh' ? await pinnedKeys(inputs, remote, address, ctx) : undefined;
  const hostKeyLines = pins?.lines;
  const workspace = await createGitWorkspace(
    remote,
    address,
    { username: inputs.username, password: inputs.password, sshKey: inputs.ssh_key, hostKeyLines },
    ctx.timeoutMs,
  );
  const errors: GitErrorContext = {
    remote,
    hasPassword: Boolean(inputs.password),
    hasKey: Boolean(inputs.ssh_key),
    username: inputs.username,
    secrets: ctx.secrets,
  };
  const url = remote.transport === 'git' ? withAddress(remote, address) : remote.url;
  return { remote, address, url, workspace, errors, pinned: pins?.pinned, ctx };
}

/** The known_hosts lines to pin; without `ssh_hostkey`, fails with the server's key to pin. */
async function pinnedKeys(
  inputs: GitInputs,
  remote: GitRemote,
  address: string,
  ctx: TypeContext,
): Promise<{ pinned: PinnedKeys; lines: string[] }> {
  const where = hostPort(remote.host, remote.port);
  const probe = () => probeHostKey(address, remote.port, where, ctx.timeoutMs, ctx);
  if (!inputs.ssh_hostkey) {
    throw new TaskFailure('hostkey_missing', unpinnedMessage(where, await probe(), 'ssh_hostkey'));
  }
  const pinned = parsePinned(inputs.ssh_hostkey, 'ssh_hostkey');
  const lines = pinned.keys.map((k) => `${k.type} ${k.base64}`);
  if (pinned.fingerprints.length > 0) {
    // a fingerprint cannot go into known_hosts: fetch the key, and pin it only if it matches
    const presented = await probe();
    if (!matchesPinned(pinned, presented)) {
      throw new TaskFailure('hostkey_mismatch', mismatchMessage(where, pinned, presented, 'ssh_hostkey'));
    }
    lines.push(presented.line);
  }
  return { pinned, lines };
}

/** Runs git; a non-zero exit becomes a TaskFailure (a host key mismatch names both fingerprints). */
export async function git(session: GitSession, args: string[], options: Parameters<typeof runGit>[3] = {}) {
  const result: GitResult = await runGit(session.workspace, args, session.ctx, options);
  if (result.code === 0) return result;
  const failure = gitFailure(result.stderr, session.errors);
  if (failure.code === 'hostkey_mismatch') throw await explainMismatch(session, failure);
  throw failure;
}

async function explainMismatch(session: GitSession, failure: TaskFailure): Promise<TaskFailure> {
  const { remote, address, ctx, pinned } = session;
  const where = hostPort(remote.host, remote.port);
  if (!pinned) return failure;
  try {
    const presented = await probeHostKey(address, remote.port, where, ctx.timeoutMs, ctx);
    return new TaskFailure('hostkey_mismatch', mismatchMessage(where, pinned, presented, 'ssh_hostkey'));
  } catch {
    return failure;
  }
}

/** Finds `ref` with `git ls-remote`; an unknown ref fails naming the branches the repository has. */
export async function findRef(session: GitSession, ref: string): Promise<ResolvedRef> {
  if (COMMIT_ID.test(ref)) return { name: ref.toLowerCase(), sha: ref.toLowerCase() };
  const result = await git(session, ['ls-remote', session.url, ref]);
  const refs = parseRefs(result.stdout.toString('utf8'));
  const wanted = ref === 'HEAD' ? ['HEAD'] : [`refs/heads/${ref}`, `refs/tags/${ref}`, ref];
  for (const name of wanted) {
    const sha = refs.get(`${name}^{}`) ?? refs.get(name);
    if (sha) return { name, sha };
  }
  const heads = parseRefs(
    (await git(session, ['ls-remote', '--heads', session.url])).stdout.toString('utf8'),
  );
  const branches = [...heads.keys()].map((n) => n.replace(/^refs\/heads\//, ''));
  const listed =
    branches.slice(0, 20).join(', ') + (branches.length > 20 ? ` and ${branches.length - 20} more` : '');
  throw new TaskFailure(
    'ref_not_found',
    `ref '${ref}' not found in ${session.remote.display}; ` +
      (branches.length ? `the repository has branches ${listed}` : 'the repository has no branches'),
  );
}

function parseRefs(text: string): Map<string, string> {
  const refs = new Map<string, string>();
  for (const line of text.split('\n')) {
    const [sha, name] = line.split('\t');
    if (sha && name) refs.set(name, sha);
  }
  return refs;
}

/** Fetches just `ref` at depth 1 into the session's repository; FETCH_HEAD then points at it. */
export async function fetchRef(session: GitSession, ref: ResolvedRef): Promise<void> {
  const { repoDir } = session.workspace;
  await git(session, ['-c', 'init.defaultBranch=main', 'init', '-q', '--bare', repoDir]);
  await git(session, ['fetch', '--depth=1', '--no-tags', '--quiet', session.url, ref.name], {
    cwd: repoDir,
    maxDirBytes: session.maxFetchBytes ?? MAX_FETCH_BYTES,
  });
}
