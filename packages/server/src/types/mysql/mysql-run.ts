/**
 * MySQL/MariaDB connections for the mysql task: one mysql2 pool per connection's inputs, kept in
 * `ctx.resources`. Sockets go to the egress guard's address; the pool keeps the host name so TLS
 * verifies the certificate against it.
 */
import { createConnection } from 'node:net';
import mysql from 'mysql2';
import type { Pool, PoolConnection } from 'mysql2/promise';
import type { TypeContext } from '../../domain/type-descriptor.js';
import { TaskFailure } from '../../domain/type-descriptor.js';
import { resourceKey } from '../resource-cache.js';
import type { SqlOutput } from '../sql-task.js';
import {
  deadlineFailure,
  describeNetError,
  hostPort,
  raceAbort,
  redact,
  toJsonValue,
} from '../task-support.js';
import { KEY_RETRIEVAL_REFUSED, safeAuthPlugins } from './mysql-auth.js';

/** Results with more rows are refused: a call's output is meant for a flow, not for bulk export. */
export const MAX_ROWS = 10_000;

export interface MysqlInputs {
  host: string;
  port: number;
  database: string;
  user: string;
  password?: string;
  ssl: boolean;
  statement?: string;
  params?: unknown[];
}

export type { SqlOutput } from '../sql-task.js';

const TYPE_NAMES: Record<number, string> = Object.fromEntries(
  Object.entries(mysql.Types as unknown as Record<string, number>).map(([name, id]) => [
    id,
    name.toLowerCase(),
  ]),
);

/** The pool for these inputs at `address`, created on first use. */
export function poolFor(inputs: MysqlInputs, address: string, ctx: TypeContext): Pool {
  const { host, port, database, user, ssl } = inputs;
  const key = resourceKey(
    'mysql',
    ctx.workspaceId,
    ctx.tag,
    { host, port, database, user, ssl, address },
    { password: inputs.password },
  );
  return ctx.resources.get(
    key,
    () => {
      const pool = mysql.createPool({
        host,
        port,
        database,
        user,
        password: inputs.password ?? '',
        // connect to the checked address only; `host` stays the name for TLS verification
        stream: () => createConnection({ host: address, port }),
        ssl: ssl ? { rejectUnauthorized: true, verifyIdentity: true } : undefined,
        authPlugins: safeAuthPlugins() as never,
        connectTimeout: 30_000,
        connectionLimit: 4,
        maxIdle: 4,
        idleTimeout: 30_000,
        multipleStatements: false,
        dateStrings: true,
        supportBigNumbers: true,
        bigNumberStrings: true,
      });
      pool.on('connection', (c) => c.on('error', () => undefined));
      return pool.promise();
    },
    (pool) => pool.end(),
  );
}

/** A client from the pool (the deadline is the caller's). */
export const checkout = (pool: Pool) => pool.getConnection();

export const release = (conn: PoolConnection) => conn.release();

/**
 * Runs one statement: server-side prepared (`execute`) when it has params, so values are bound, never
 * interpolated. At the deadline the query is killed and the connection destroyed.
 */
export async function runStatement(
  pool: Pool,
  conn: PoolConnection,
  statement: string,
  params: unknown[],
  ctx: TypeContext,
  secrets: readonly string[],
): Promise<SqlOutput> {
  let destroyed = false;
  const onAbort = () => {
    destroyed = true;
    const threadId = conn.threadId;
    conn.destroy();
    void pool.query('KILL QUERY ?', [threadId]).catch(() => undefined);
  };
  try {
    const run = params.length > 0 ? conn.execute(statement, params as never) : conn.query(statement);
    const [result, fields] = await raceAbort(run, ctx.signal, () => {
      onAbort();
      return deadlineFailure('the statement', ctx.timeoutMs);
    });
    return outputOf(result, fields as mysql.FieldPacket[] | undefined);
  } catch (error) {
    if (error instanceof TaskFailure) throw error;
    const e = error as { message?: string; code?: string };
    throw new TaskFailure(
      'query_failed',
      redact(`the statement failed: ${e.message ?? String(error)}${e.code ? ` (${e.code})` : ''}`, secrets),
    );
  } finally {
    if (!destroyed) conn.release();
  }
}

function outputOf(result: unknown, fields: mysql.FieldPacket[] | undefined): SqlOutput {
  if (!Array.isArray(result)) {
    const header = result as { affectedRows?: number };
    return { rows: [], row_count: header.affectedRows ?? 0, fields: [] };
  }
  if (result.length > MAX_ROWS) {
    throw new TaskFailure(
      'result_too_large',
      `the statement returned ${result.length} rows, more than the ${MAX_ROWS} a call may return; add LIMIT`,
    );
  }
  return {
    rows: result.map((r) => toJsonValue(r) as Record<string, unknown>),
    row_count: result.length,
    fields: (fields ?? []).map((f) => ({
      name: f.name,
      type: TYPE_NAMES[f.columnType ?? f.type ?? -1] ?? `type:${f.columnType ?? f.type}`,
    })),
  };
}

/** Maps a connect/authenticate error to a TaskFailure whose message says what to fix. */
export function connectFailure(error: unknown, inputs: MysqlInputs): TaskFailure {
  if (error instanceof TaskFailure) return error;
  const where = hostPort(inputs.host, inputs.port);
  const e = error as { code?: string; message?: string };
  const msg = e.message ?? String(error);
  switch (e.code) {
    case 'ER_ACCESS_DENIED_ERROR':
    case 'ER_ACCESS_DENIED_NO_PASSWORD_ERROR':
      return new TaskFailure(
        'auth_failed',
        `access denied for user '${inputs.user}' at ${where}: wrong password or the user may not log in from here; check user and password`,
      );
    case 'ER_DBACCESS_DENIED_ERROR':
      return new TaskFailure(
        'auth_failed',
        `user '${inputs.user}' may not use database '${inputs.database}' at ${where}; grant access or change database`,
      );
    case 'ER_BAD_DB_ERROR':
      return new TaskFailure(
        'unknown_database',
        `database '${inputs.database}' does not exist at ${where}; check the database input`,
      );
    case 'HANDSHAKE_NO_SSL_SUPPORT':
      return new TaskFailure(
        'tls_failed',
        `${where} does not offer TLS but ssl is true; enable TLS on the server or set ssl to false`,
      );
  }
  if (msg.includes(KEY_RETRIEVAL_REFUSED)) {
    return new TaskFailure(
      'tls_failed',
      `${where}: ${KEY_RETRIEVAL_REFUSED}; set ssl to true (or use mysql_native_password for this user)`,
    );
  }
  return (
    describeNetError(error, where) ??
    new TaskFailure('connect_failed', `connecting to MySQL at ${where} failed: ${msg}`)
  );
}
