/**
 * Small helpers shared by the task types (git, http, postgres, mysql, ssh, oracle): timed checks,
 * abort handling and the mapping of network errors to messages that say what to fix.
 */
import { createConnection } from 'node:net';
import {
  type CheckResult,
  TaskFailure,
  type TypeContext,
  type ValidationOutcome,
} from '../domain/type-descriptor.js';

/** Mask, then cut at a byte cap: for a task that cuts output (the runner's scrub would be too late). */
export { redactThenCut } from '../domain/call-secrets.js';

/** Converts driver values (Date, Buffer, bigint, Lob-free objects) into plain JSON values. */
export function toJsonValue(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (Buffer.isBuffer(value)) return value.toString('base64');
  if (Array.isArray(value)) return value.map(toJsonValue);
  if (typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJsonValue(v)]));
  }
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return value;
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

/** Runs one named check, timing it; a thrown error becomes a failed check carrying its message. */
export async function runCheck(
  checks: CheckResult[],
  name: string,
  fn: () => Promise<string>,
): Promise<boolean> {
  const started = performance.now();
  try {
    const detail = await fn();
    checks.push({ name, ok: true, detail, duration_ms: elapsed(started) });
    return true;
  } catch (error) {
    checks.push({
      name,
      ok: false,
      detail: errorMessage(error),
      duration_ms: elapsed(started),
    });
    return false;
  }
}

const elapsed = (started: number): number => Math.round(performance.now() - started);

/** Valid when every check passed; otherwise the message is the first failed check's detail. */
export function outcomeOf(checks: CheckResult[]): ValidationOutcome {
  const failed = checks.find((c) => !c.ok);
  return { valid: !failed, message: failed ? failed.detail : null, checks };
}

/** The TaskFailure for an aborted call: the deadline passed. */
export function deadlineFailure(what: string, timeoutMs: number): TaskFailure {
  return new TaskFailure(
    'timeout',
    `${what} did not finish within ${formatSeconds(timeoutMs)}; the remote system is slow or not answering`,
  );
}

export const formatSeconds = (ms: number): string => `${Number((ms / 1000).toFixed(3))}s`;

/**
 * Resolves with `promise`, or rejects with `onAbort()` as soon as the call's deadline passes (at
 * once when it has). When the promise settles after that, `lateValue` receives its value so it can
 * be released (a connection made too late is closed, not leaked).
 */
export function raceAbort<T>(
  promise: Promise<T>,
  ctx: Pick<TypeContext, 'onDeadline'>,
  onAbort: () => Error,
  lateValue?: (value: T) => void,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let aborted = false;
    const stop = ctx.onDeadline(() => {
      aborted = true;
      reject(onAbort());
    });
    promise.then(
      (value) => {
        stop();
        if (aborted) lateValue?.(value);
        else resolve(value);
      },
      (error: unknown) => {
        stop();
        if (!aborted) reject(error);
      },
    );
  });
}

interface NetErrorLike {
  code?: unknown;
  message?: unknown;
}

/**
 * Maps a Node network or TLS error to a message naming the fix, or undefined when it is not one.
 * `where` is "host:port".
 */
export function describeNetError(error: unknown, where: string): TaskFailure | undefined {
  const e = (error ?? {}) as NetErrorLike;
  const code = typeof e.code === 'string' ? e.code : '';
  const msg = typeof e.message === 'string' ? e.message : '';
  if (code === 'ECONNREFUSED') {
    return new TaskFailure(
      'connection_refused',
      `connection refused by ${where}: nothing listens there; check host and port`,
    );
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new TaskFailure(
      'unknown_host',
      `unknown host in ${where}: the name does not resolve; check the host name`,
    );
  }
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') {
    return new TaskFailure(
      'unreachable',
      `${where} is unreachable from this server (${code}); check routing and firewalls`,
    );
  }
  if (code === 'ETIMEDOUT' || code === 'UND_ERR_CONNECT_TIMEOUT' || /timed? ?out/i.test(msg)) {
    return new TaskFailure('timeout', `connecting to ${where} timed out; check host, port and firewalls`);
  }
  if (code === 'ECONNRESET' || code === 'EPIPE') {
    return new TaskFailure('connection_reset', `${where} closed the connection unexpectedly (${code})`);
  }
  if (isTlsError(code, msg)) {
    return new TaskFailure(
      'tls_failed',
      `TLS to ${where} failed: ${msg || code}; the server's certificate is not trusted for this name (fix the certificate or the host name)`,
    );
  }
  return undefined;
}

function isTlsError(code: string, msg: string): boolean {
  return (
    /CERT|SELF_SIGNED|UNABLE_TO_(VERIFY|GET)|ERR_TLS|ERR_SSL/.test(code) ||
    /certificate|ssl routines|tls/i.test(msg)
  );
}

/**
 * Opens and closes a TCP connection to `address:port`: tells "nothing listens" and "no answer"
 * apart from authentication problems before a driver muddles them.
 */
export function probeTcp(
  address: string,
  port: number,
  signal: AbortSignal,
  timeoutMs: number,
  where = hostPort(address, port),
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const socket = createConnection({ host: address, port });
    const finish = (error?: Error) => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      socket.destroy();
      if (error) reject(describeNetError(error, where) ?? error);
      else resolve();
    };
    const onAbort = () => finish(Object.assign(new Error('connect timed out'), { code: 'ETIMEDOUT' }));
    const timer = setTimeout(onAbort, timeoutMs);
    signal.addEventListener('abort', onAbort, { once: true });
    socket.once('connect', () => finish());
    socket.once('error', (error) => finish(error));
  });
}

/**
 * The first two checks of a network type: `resolve` (the host resolves, to addresses egress allows)
 * and `connect` (the port accepts TCP within `timeoutMs`). The address to connect to, or undefined
 * when either check failed.
 */
export async function checkReachable(
  checks: CheckResult[],
  target: { host: string; port: number; timeoutMs: number },
  ctx: Pick<TypeContext, 'egress' | 'signal'>,
): Promise<string | undefined> {
  const { host, port, timeoutMs } = target;
  const where = hostPort(host, port);
  let address = '';
  const reachable =
    (await runCheck(checks, 'resolve', async () => {
      [address = ''] = await ctx.egress.check(host);
      return `${host} resolves to ${address}`;
    })) &&
    (await runCheck(checks, 'connect', async () => {
      await probeTcp(address, port, ctx.signal, timeoutMs, where);
      return `${where} accepts connections`;
    }));
  return reachable ? address : undefined;
}

/** "host:port", with an IPv6 literal in brackets. */
export const hostPort = (host: string, port: number): string =>
  `${host.includes(':') ? `[${host}]` : host}:${port}`;
