/**
 * SSH sessions with ssh2: the host key is checked before any credential is sent, the socket goes to the
 * egress guard's address, and both the call deadline and `connect_timeout` end a hung handshake.
 */
import { Client, type ConnectConfig } from 'ssh2';
import type { TypeContext } from '../../domain/type-descriptor.js';
import { TaskFailure } from '../../domain/type-descriptor.js';
import { deadlineFailure, describeNetError, errorMessage, hostPort } from '../task-support.js';
import {
  describeKey,
  hostKeyAlgorithms,
  matchesPinned,
  mismatchMessage,
  type PinnedKeys,
  type PresentedKey,
  parsePinned,
  unpinnedMessage,
} from './ssh-hostkey.js';

/** stdout and stderr are each cut at this size. */
export const MAX_OUTPUT_BYTES = 1024 * 1024;

export interface SshInputs {
  hostname: string;
  port: number;
  username: string;
  password?: string;
  key?: string;
  hostkey?: string;
  script?: string;
  connect_timeout: number;
  script_timeout: number;
}

export interface ScriptOutput {
  retcode: number;
  stdout: string;
  stderr: string;
}

interface Attempt {
  address: string;
  port: number;
  where: string;
  username?: string;
  password?: string;
  key?: string;
  pinned?: PinnedKeys;
  field: string;
  timeoutMs: number;
}

/** Connects and reads the server's host key without authenticating (nothing secret is sent). */
export async function probeHostKey(
  address: string,
  port: number,
  where: string,
  timeoutMs: number,
  ctx: TypeContext,
): Promise<PresentedKey> {
  let presented: PresentedKey | undefined;
  const client = new Client();
  try {
    await handshake(client, { address, port, where, field: 'hostkey', timeoutMs }, ctx, (key) => {
      presented = key;
      return false;
    });
  } catch (error) {
    if (!presented) throw error;
  } finally {
    client.end();
  }
  if (!presented) throw new TaskFailure('task_failed', `${where} did not present a host key`);
  return presented;
}

/**
 * Opens an authenticated session to the pinned server. Throws `hostkey_missing`, `hostkey_mismatch`,
 * `auth_failed`, `timeout`, `connection_refused` … with messages that say what to fix.
 */
export async function openSession(inputs: SshInputs, address: string, ctx: TypeContext): Promise<Client> {
  const where = hostPort(inputs.hostname, inputs.port);
  const timeoutMs = inputs.connect_timeout * 1000;
  if (!inputs.hostkey) {
    const presented = await probeHostKey(address, inputs.port, where, timeoutMs, ctx);
    throw new TaskFailure('hostkey_missing', unpinnedMessage(where, presented));
  }
  const pinned = parsePinned(inputs.hostkey);
  const attempt: Attempt = { address, port: inputs.port, where, field: 'hostkey', timeoutMs, pinned };
  Object.assign(attempt, { username: inputs.username, password: inputs.password, key: inputs.key });
  const client = new Client();
  try {
    await handshake(client, attempt, ctx, (key) => matchesPinned(pinned, key));
    return client;
  } catch (error) {
    client.end();
    throw error;
  }
}

function handshake(
  client: Client,
  attempt: Attempt,
  ctx: TypeContext,
  verify: (key: PresentedKey) => boolean,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let presented: PresentedKey | undefined;
    let verified = false;
    const fail = (error: Error) => {
      ctx.signal.removeEventListener('abort', onAbort);
      client.destroy();
      reject(error);
    };
    const onAbort = () => fail(deadlineFailure(`connecting to ${attempt.where}`, ctx.timeoutMs));
    if (ctx.signal.aborted) return onAbort();
    ctx.signal.addEventListener('abort', onAbort, { once: true });
    client.once('ready', () => {
      ctx.signal.removeEventListener('abort', onAbort);
      resolve();
    });
    client.on('error', (error) => fail(mapError(error, attempt, presented, verified)));
    const config: ConnectConfig = {
      host: attempt.address,
      port: attempt.port,
      username: attempt.username ?? 'patchbay-probe',
      readyTimeout: attempt.timeoutMs,
      hostVerifier: (blob: Buffer) => {
        presented = describeKey(blob);
        verified = verify(presented);
        return verified;
      },
    };
    const algorithms = attempt.pinned && hostKeyAlgorithms(attempt.pinned);
    if (algorithms) config.algorithms = { serverHostKey: algorithms as never };
    if (attempt.password) config.password = attempt.password;
    if (attempt.key) config.privateKey = attempt.key;
    try {
      client.connect(config);
    } catch (error) {
      fail(
        new TaskFailure('invalid_input', `key is not a private key that can be used: ${keyProblem(error)}`),
      );
    }
  });
}

function keyProblem(error: unknown): string {
  const msg = errorMessage(error);
  if (/passphrase/i.test(msg)) return 'it is encrypted with a passphrase; store an unencrypted key';
  return `${msg.split('\n')[0]}; give an OpenSSH or PEM private key`;
}

function mapError(
  error: Error & { level?: string },
  attempt: Attempt,
  presented?: PresentedKey,
  verified?: boolean,
) {
  const { where } = attempt;
  if (presented && !verified && attempt.pinned) {
    return new TaskFailure(
      'hostkey_mismatch',
      mismatchMessage(where, attempt.pinned, presented, attempt.field),
    );
  }
  if (error.level === 'client-authentication') {
    const how = [attempt.key ? 'key' : '', attempt.password ? 'password' : ''].filter(Boolean).join(' and ');
    return new TaskFailure(
      'auth_failed',
      `${where} refused user '${attempt.username}' (tried ${how || 'no credentials'}); check username, password or key`,
    );
  }
  if (error.level === 'client-timeout') {
    return new TaskFailure(
      'timeout',
      `${where} did not complete the SSH handshake within ${attempt.timeoutMs / 1000}s; check host, port and that an SSH server listens there`,
    );
  }
  return (
    describeNetError(error, where) ??
    new TaskFailure('connect_failed', `SSH connection to ${where} failed: ${errorMessage(error)}`)
  );
}

/** Runs `script`, collecting capped output; ends at `script_timeout` or the call's deadline. */
export function runScript(client: Client, inputs: SshInputs, ctx: TypeContext): Promise<ScriptOutput> {
  return new Promise<ScriptOutput>((resolve, reject) => {
    const out = new CappedText();
    const err = new CappedText();
    let retcode = -1;
    let settled = false;
    const finish = (error?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      ctx.signal.removeEventListener('abort', onAbort);
      if (error) {
        client.destroy();
        reject(error);
      } else resolve({ retcode, stdout: out.text(), stderr: err.text() });
    };
    const timer = setTimeout(
      () =>
        finish(
          new TaskFailure(
            'timeout',
            `the script did not finish within script_timeout (${inputs.script_timeout}s); raise script_timeout or make the script faster`,
          ),
        ),
      inputs.script_timeout * 1000,
    );
    const onAbort = () => finish(deadlineFailure('the script', ctx.timeoutMs));
    ctx.signal.addEventListener('abort', onAbort, { once: true });
    client.once('close', () =>
      finish(new TaskFailure('connection_reset', 'the SSH connection closed before the script finished')),
    );
    client.exec(inputs.script ?? '', (error, stream) => {
      if (error)
        return finish(
          new TaskFailure('task_failed', `the server refused to run the script: ${error.message}`),
        );
      stream.on('data', (d: Buffer) => out.push(d));
      stream.stderr.on('data', (d: Buffer) => err.push(d));
      stream.on('exit', (code: number | null, signal?: string) => {
        retcode = code ?? (signal ? 128 + (SIGNALS[signal] ?? 0) : -1);
      });
      stream.on('close', () => finish());
    });
  });
}

const SIGNALS: Record<string, number> = { HUP: 1, INT: 2, KILL: 9, TERM: 15, SEGV: 11, PIPE: 13, ABRT: 6 };

class CappedText {
  private chunks: Buffer[] = [];
  private size = 0;
  private truncated = false;

  push(chunk: Buffer): void {
    if (this.size >= MAX_OUTPUT_BYTES) {
      this.truncated = true;
      return;
    }
    const room = MAX_OUTPUT_BYTES - this.size;
    if (chunk.length > room) this.truncated = true;
    const kept = chunk.subarray(0, room);
    this.chunks.push(kept);
    this.size += kept.length;
  }

  text(): string {
    const text = Buffer.concat(this.chunks).toString('utf8');
    return this.truncated ? `${text}\n[output truncated at ${MAX_OUTPUT_BYTES} bytes]` : text;
  }
}
