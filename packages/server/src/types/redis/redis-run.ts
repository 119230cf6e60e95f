/**
 * Redis sessions with ioredis: the socket goes to the egress guard's address (TLS still checks the
 * certificate against the host name), AUTH and SELECT are explicit steps so each failure names its fix,
 * and a reply is counted on the socket as it arrives, so one huge value cannot fill the server's memory.
 */
import { isIP } from 'node:net';
import { Redis, type RedisOptions } from 'ioredis';
import type { TypeContext } from '../../domain/type-descriptor.js';
import { TaskFailure } from '../../domain/type-descriptor.js';
import {
  deadlineFailure,
  describeNetError,
  errorMessage,
  hostPort,
  toJsonValue,
} from '../../task-kit/task-support.js';
import type { RedisInputs } from './redis-type.js';

/** A reply larger than this on the wire ends the call with `result_too_large`. */
export const MAX_REPLY_BYTES = 1024 * 1024;

/** One open, authenticated session on the chosen database. */
export interface RedisSession {
  client: Redis;
  where: string;
  /** runs one command, its reply as JSON; throws `command_failed` with the server's error */
  call(command: string[]): Promise<unknown>;
  close(): void;
}

/** Opens the TCP (or TLS) connection; nothing secret has been sent when this resolves. */
export async function openRedis(
  inputs: RedisInputs,
  address: string,
  ctx: TypeContext,
): Promise<RedisSession> {
  const where = hostPort(inputs.host, inputs.port);
  const options: RedisOptions = {
    host: address,
    port: inputs.port,
    lazyConnect: true,
    // one attempt, no queue: a failure is reported, never retried behind the caller's back
    retryStrategy: () => null,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    enableReadyCheck: false,
    // below the call's deadline, so a handshake that never completes is reported with its likely cause
    connectTimeout: Math.max(1, Math.floor(ctx.timeoutMs * 0.8)),
    ...(inputs.tls ? { tls: isIP(inputs.host) ? {} : { servername: inputs.host } } : {}),
  };
  const client = new Redis(options);
  let lastError: unknown;
  client.on('error', (error) => {
    lastError = error;
  });
  const abort = () => client.disconnect();
  ctx.signal.addEventListener('abort', abort, { once: true });
  const close = () => {
    ctx.signal.removeEventListener('abort', abort);
    client.disconnect();
  };
  try {
    await client.connect();
  } catch (error) {
    close();
    if (ctx.signal.aborted) throw deadlineFailure(`connecting to Redis at ${where}`, ctx.timeoutMs);
    throw connectFailure(lastError ?? error, inputs, where);
  }
  const call = (command: string[]) => callCapped(client, command, where, ctx);
  return { client, where, call, close };
}

function connectFailure(error: unknown, inputs: RedisInputs, where: string): TaskFailure {
  const net = describeNetError(error, where);
  if (net?.code === 'timeout' && inputs.tls) {
    return new TaskFailure(
      'tls_failed',
      `${where} did not complete a TLS handshake; tls is true, so check that the server speaks TLS on this port (or set tls to false)`,
    );
  }
  return (
    net ?? new TaskFailure('connect_failed', `connecting to Redis at ${where} failed: ${errorMessage(error)}`)
  );
}

/** AUTH (when a password is set) and SELECT, each failure saying which input to fix. */
export async function authenticate(session: RedisSession, inputs: RedisInputs): Promise<string> {
  const user = inputs.username ? `user '${inputs.username}'` : 'the default user';
  if (inputs.password) {
    const args = inputs.username ? [inputs.username, inputs.password] : [inputs.password];
    try {
      await session.client.call('AUTH', ...args);
    } catch (error) {
      throw authFailure(error, session.where, user);
    }
  }
  if (inputs.db !== 0) {
    try {
      await session.client.call('SELECT', String(inputs.db));
    } catch (error) {
      throw new TaskFailure(
        'invalid_input',
        `${session.where} refused database ${inputs.db}: ${serverError(error)}; pick a db below the server's 'databases' setting`,
      );
    }
  }
  return inputs.password ? `logged in as ${user}` : 'no password set; the server asked for none';
}

function authFailure(error: unknown, where: string, user: string): TaskFailure {
  const text = serverError(error);
  if (/WRONGPASS|invalid password|invalid username-password/i.test(text)) {
    return new TaskFailure(
      'auth_failed',
      `${where} refused ${user}: wrong password or unknown/disabled user; check username and password`,
    );
  }
  if (/without any password configured|no password is set/i.test(text)) {
    return new TaskFailure(
      'auth_failed',
      `${where} has no password configured for ${user}; remove the password input or configure one on the server`,
    );
  }
  return new TaskFailure('auth_failed', `${where} refused AUTH for ${user}: ${text}`);
}

const serverError = (error: unknown): string => errorMessage(error).split('\n')[0] ?? '';

/** Runs `command`, cutting the connection once the reply passes {@link MAX_REPLY_BYTES} on the wire. */
function callCapped(client: Redis, command: string[], where: string, ctx: TypeContext): Promise<unknown> {
  const [name = '', ...args] = command;
  let received = 0;
  let tooLarge = false;
  const socket = client.stream;
  const count = (chunk: Buffer) => {
    received += chunk.length;
    if (received > MAX_REPLY_BYTES && !tooLarge) {
      tooLarge = true;
      client.disconnect();
    }
  };
  // counted before the client's parser sees a chunk, so the connection ends at the cap
  socket.prependListener('data', count);
  const tooLargeFailure = () =>
    new TaskFailure(
      'result_too_large',
      `the reply of ${name.toUpperCase()} is larger than ${MAX_REPLY_BYTES} bytes; ask for less (GETRANGE, SCAN with COUNT, LRANGE with bounds)`,
    );
  return client.call(name, ...args).then(
    (reply) => {
      socket.off('data', count);
      if (tooLarge) throw tooLargeFailure();
      return toJsonValue(reply);
    },
    (error: unknown) => {
      socket.off('data', count);
      if (tooLarge) throw tooLargeFailure();
      if (ctx.signal.aborted) throw deadlineFailure(`${name.toUpperCase()} on ${where}`, ctx.timeoutMs);
      if (/NOAUTH/.test(errorMessage(error))) {
        throw new TaskFailure(
          'auth_failed',
          `${where} requires authentication; set password (and username for an ACL user)`,
        );
      }
      throw new TaskFailure(
        'command_failed',
        `${name.toUpperCase()} failed on ${where}: ${serverError(error)}`,
      );
    },
  );
}
