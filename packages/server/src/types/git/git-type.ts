import type { CheckResult, TypeContext, TypeDescriptor } from '../../domain/type-descriptor.js';
import { TaskFailure } from '../../domain/type-descriptor.js';
import {
  hostKey,
  objectSchema,
  oneOf,
  opt,
  type Static,
  secret,
  str,
  target,
} from '../../task-kit/schema.js';
import { errorMessage, outcomeOf, runCheck } from '../../task-kit/task-support.js';
import { type CommitMetadata, type GitFile, readFiles, readMetadata } from './git-read.js';
import { fetchRef, findRef, type GitSession, openGitSession } from './git-run.js';

const inputSchema = objectSchema({
  repository_url: target('Repository URL (https://, ssh://, git@host:path or git://)'),
  ref: str('Branch, tag or commit to read', { default: 'develop' }),
  command: oneOf(['metadata', 'get'], { default: 'metadata', description: 'What connect returns' }),
  files_path: opt(str('With command get: a file or folder path inside the repository')),
  username: opt(str('User name for https')),
  password: opt(secret('Password or access token for https')),
  ssh_key: opt(secret('Private key (OpenSSH or PEM) for ssh URLs')),
  ssh_hostkey: opt(
    hostKey(
      'Pinned host key of the ssh server, as in known_hosts ("ssh-ed25519 AAAA…") or its fingerprint ("SHA256:…")',
    ),
  ),
});

export type GitInputs = Static<typeof inputSchema>;

/** A git repository: `metadata` returns the commit of `ref`, `get` returns files at `ref`. */
export const gitType: TypeDescriptor<typeof inputSchema> = {
  id: 'git',
  kind: 'task',
  displayName: 'Git repository',
  shortName: 'Git',
  description: 'A git repository reached over https, ssh or git://; reads commit metadata or files at a ref.',
  inputSchema,
  defaultScopes: [],
  commands: ['metadata', 'get'],
  validate: validateGit,
  execute: executeGit,
};

async function validateGit(inputs: GitInputs, ctx: TypeContext) {
  const checks: CheckResult[] = [];
  let session: GitSession | undefined;
  try {
    const opened = await runCheck(checks, 'connect', async () => {
      session = await openGitSession(inputs, ctx);
      const pinned = session.remote.transport === 'ssh' ? '; ssh host key pinned' : '';
      return `${session.remote.host} resolves to ${session.address}${pinned}`;
    });
    if (opened && session) {
      const s = session;
      await runCheck(checks, 'ls-remote', async () => {
        const ref = await findRef(s, inputs.ref);
        return `git ls-remote found ${ref.name} at ${ref.sha.slice(0, 12)} in ${s.remote.display}`;
      });
    }
  } finally {
    await session?.workspace.dispose();
  }
  return outcomeOf(checks);
}

async function executeGit(
  inputs: GitInputs,
  ctx: TypeContext,
): Promise<CommitMetadata | { files: GitFile[] }> {
  if (inputs.command === 'get' && inputs.files_path === undefined) {
    throw new TaskFailure(
      'missing_input',
      "command 'get' needs files_path (a file or folder; '/' for everything)",
    );
  }
  let session: GitSession | undefined;
  try {
    session = await openGitSession(inputs, ctx);
    const ref = await findRef(session, inputs.ref);
    await fetchRef(session, ref);
    return inputs.command === 'get'
      ? { files: await readFiles(session, inputs.files_path ?? '', inputs.ref) }
      : await readMetadata(session);
  } catch (error) {
    if (error instanceof TaskFailure) throw error;
    throw new TaskFailure('task_failed', `git failed: ${errorMessage(error)}`);
  } finally {
    await session?.workspace.dispose();
  }
}
