/**
 * SSH sessions with ssh2, shared by the ssh, sftp and git (ssh URLs) types: the host key is checked
 * before any credential is sent, the socket goes to the egress guard's address, and both the call
 * deadline and `connect_timeout` end a hung handshake.
 */
import { Client, type ConnectConfig } from 'ssh2';
import type { TypeContext } from '../domain/type-descriptor.js';
import { TaskFailure } from '../domain/type-descriptor.js';
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
import { deadlineFailure, describeNetError, errorMessage, hostPort } from './task-support.js';

/** What opening a session needs: where, who, the pinned host key and how long to wait. */
export interface SshSessionInputs {
  hostname: string;
  port: number;
  username: string;
  password?: string;
  key?: string;
  hostkey?: string;
  /** seconds to wait for the connection and login */
  connect_timeout: number;
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
export async function openSession(
  inputs: SshSessionInputs,
  address: string,
  ctx: TypeContext,
): Promise<Client> {
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
