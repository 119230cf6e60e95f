import type { Client } from 'ssh2';
import type { JsonObject } from '../../domain/model.js';
import type { TypeContext, TypeDescriptor } from '../../domain/type-descriptor.js';
import { TaskFailure } from '../../domain/type-descriptor.js';
import { type NamedCheck, validateInSteps } from '../../task-kit/check-step.js';
import { objectSchema, oneOf, opt, port, type Static, secret, str, target } from '../../task-kit/schema.js';
import { openSession, type SshSessionInputs } from '../../task-kit/ssh-session.js';
import { errorMessage, hostPort } from '../../task-kit/task-support.js';
import { listDirectory, openSftp, readFileCapped, statPath, writeFile } from './sftp-run.js';

const inputSchema = objectSchema({
  hostname: target('SSH server host name or address'),
  port: port(22),
  username: str('User name'),
  password: opt(secret('Password')),
  key: opt(secret('Private key (OpenSSH or PEM)')),
  hostkey: opt(target('Pinned host key ("ssh-ed25519 AAAA…") or its SHA256 fingerprint ("SHA256:…")')),
  command: oneOf(['list', 'get', 'put'], { default: 'list', description: 'What connect does with path' }),
  path: opt(
    str('Remote path: the directory to list, the file to get or put (validate checks that it exists)'),
  ),
  content: opt(str('UTF-8 content that put writes to path')),
});

export type SftpInputs = Static<typeof inputSchema>;

/**
 * Files on an SSH server over SFTP, with a pinned host key.
 *
 * @example
 * { hostname: 'files.internal', username: 'etl', key: '…', hostkey: 'SHA256:…', command: 'get', path: 'in/today.csv' } → { content: '…' }
 */
export const sftpType: TypeDescriptor<typeof inputSchema> = {
  id: 'sftp',
  kind: 'task',
  displayName: 'SFTP server',
  shortName: 'SFTP',
  description: 'Files on an SSH server (pinned host key): connect lists a directory, gets or puts a file.',
  inputSchema,
  defaultScopes: [],
  commands: ['list', 'get', 'put'],
  validate: validateSftp,
  execute: executeSftp,
};

const sshInputs = (inputs: SftpInputs, ctx: TypeContext): SshSessionInputs => ({
  ...inputs,
  connect_timeout: Math.max(1, Math.floor(ctx.timeoutMs * 0.8)) / 1000,
});

async function validateSftp(inputs: SftpInputs, ctx: TypeContext) {
  const where = hostPort(inputs.hostname, inputs.port);
  const target = { host: inputs.hostname, port: inputs.port, timeoutMs: ctx.timeoutMs };
  let client: Client | undefined;
  const path = inputs.path || '.';
  const steps = (address: string): NamedCheck[] => [
    [
      'authenticate',
      async () => {
        client = await openSession(sshInputs(inputs, ctx), address, ctx);
        return `host key matches the pin; logged in as '${inputs.username}'`;
      },
    ],
    [
      'stat',
      async () => {
        const stats = await statPath(await openSftp(client!, where, ctx), path, where);
        return `'${path}' is a ${stats.isDirectory() ? 'directory' : 'file'}`;
      },
    ],
  ];
  return validateInSteps(target, ctx, steps, () => client?.end());
}

async function executeSftp(inputs: SftpInputs, ctx: TypeContext): Promise<JsonObject> {
  const where = hostPort(inputs.hostname, inputs.port);
  const path = inputs.path || (inputs.command === 'list' ? '.' : '');
  if (!path)
    throw new TaskFailure('missing_input', `sftp ${inputs.command} needs a path; set the path input`);
  if (inputs.command === 'put' && inputs.content === undefined) {
    throw new TaskFailure('missing_input', 'sftp put needs content to write; set the content input');
  }
  let client: Client | undefined;
  try {
    const [address = ''] = await ctx.egress.check(inputs.hostname);
    client = await openSession(sshInputs(inputs, ctx), address, ctx);
    const sftp = await openSftp(client, where, ctx);
    // a file past the byte cap is refused, never cut, so the runner's one scrub masks it whole
    return inputs.command === 'list'
      ? { entries: (await listDirectory(sftp, path, where)) as unknown as JsonObject[] }
      : inputs.command === 'get'
        ? { content: await readFileCapped(sftp, path, where) }
        : { bytes: await writeFile(sftp, path, inputs.content ?? '', where) };
  } catch (error) {
    if (error instanceof TaskFailure) throw error;
    throw new TaskFailure('task_failed', errorMessage(error));
  } finally {
    client?.end();
  }
}
