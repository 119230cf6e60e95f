import type { CheckResult, TypeContext, TypeDescriptor } from '../../domain/type-descriptor.js';
import { TaskFailure } from '../../domain/type-descriptor.js';
import {
  hostKey,
  objectSchema,
  opt,
  port,
  type Static,
  seconds,
  secret,
  str,
  target,
} from '../../task-kit/schema.js';
import { openSession } from '../../task-kit/ssh-session.js';
import { checkReachable, errorMessage, hostPort, outcomeOf } from '../../task-kit/task-support.js';
import { runScript, type ScriptOutput } from './ssh-run.js';

const inputSchema = objectSchema({
  hostname: target('Host name or address'),
  port: port(22),
  username: str('User name'),
  password: opt(secret('Password')),
  key: opt(secret('Private key (OpenSSH or PEM)')),
  hostkey: opt(hostKey('Pinned host key ("ssh-ed25519 AAAA…") or its SHA256 fingerprint ("SHA256:…")')),
  script: opt(str('Shell script to run on connect')),
  connect_timeout: seconds('Seconds to wait for the connection and login', 30),
  script_timeout: seconds('Seconds the script may run', 60),
});

export type SshInputs = Static<typeof inputSchema>;

/** An SSH host; connect runs a script. */
export const sshType: TypeDescriptor<typeof inputSchema> = {
  id: 'ssh',
  kind: 'task',
  displayName: 'SSH host',
  shortName: 'SSH',
  description:
    'An SSH server with a pinned host key; connect runs a script and returns its exit code and output.',
  inputSchema,
  defaultScopes: [],
  commands: ['script'],
  validate: validateSsh,
  execute: executeSsh,
};

const HOSTKEY_CODES = new Set(['hostkey_missing', 'hostkey_mismatch', 'invalid_input']);

async function validateSsh(inputs: SshInputs, ctx: TypeContext) {
  const where = hostPort(inputs.hostname, inputs.port);
  const checks: CheckResult[] = [];
  const target = { host: inputs.hostname, port: inputs.port, timeoutMs: inputs.connect_timeout * 1000 };
  const address = await checkReachable(checks, target, ctx);
  if (address === undefined) return outcomeOf(withHint(checks, where));
  const started = performance.now();
  const took = () => Math.round(performance.now() - started);
  try {
    const client = await openSession(inputs, address, ctx);
    client.end();
    checks.push({
      name: 'hostkey',
      ok: true,
      detail: 'the server key matches the pinned hostkey',
      duration_ms: took(),
    });
    checks.push({
      name: 'authenticate',
      ok: true,
      detail: `logged in as '${inputs.username}'`,
      duration_ms: took(),
    });
  } catch (error) {
    const code = error instanceof TaskFailure ? error.code : '';
    const detail = errorMessage(error);
    if (HOSTKEY_CODES.has(code)) checks.push({ name: 'hostkey', ok: false, detail, duration_ms: took() });
    else {
      if (code === 'auth_failed') {
        checks.push({
          name: 'hostkey',
          ok: true,
          detail: 'the server key matches the pinned hostkey',
          duration_ms: took(),
        });
      }
      checks.push({ name: 'authenticate', ok: false, detail, duration_ms: took() });
    }
  }
  return outcomeOf(checks);
}

function withHint(checks: CheckResult[], where: string): CheckResult[] {
  return checks.map((c) =>
    c.ok || c.name !== 'connect'
      ? c
      : { ...c, detail: `${c.detail} (is an SSH server running at ${where}?)` },
  );
}

async function executeSsh(inputs: SshInputs, ctx: TypeContext): Promise<ScriptOutput> {
  if (!inputs.script) {
    throw new TaskFailure('missing_input', 'ssh needs a script to run; set the script input');
  }
  try {
    const [address = ''] = await ctx.egress.check(inputs.hostname);
    const client = await openSession(inputs, address, ctx);
    try {
      return await runScript(client, inputs, ctx);
    } finally {
      client.end();
    }
  } catch (error) {
    // the runner scrubs the message of every secret
    if (error instanceof TaskFailure) throw error;
    throw new TaskFailure('task_failed', errorMessage(error));
  }
}
