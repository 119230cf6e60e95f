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
import { resourceKey } from '../../task-kit/resource-cache.js';
import { createRowCap } from '../../task-kit/row-cap.js';
import type { SqlOutput } from '../../task-kit/sql-task.js';
import { deadlineFailure, describeNetError, hostPort, raceAbort } from '../../task-kit/task-support.js';
import { KEY_RETRIEVAL_REFUSED, safeAuthPlugins } from './mysql-auth.js';
import type { MysqlInputs } from './mysql-type.js';

export { MAX_ROWS } from '../../task-kit/row-cap.js';

export type { SqlOutput } from '../../task-kit/sql-task.js';

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
): Promise<SqlOutput> {
  let destroyed = false;
  const onAbort = () => {
    destroyed = true;
    const threadId = conn.threadId;
    conn.destroy();
    void pool.query('KILL QUERY ?', [threadId]).catch(() => undefined);
  };
  try {
    const stop = () => {
      if (!destroyed) onAbort();
    };
    return await raceAbort(streamRows(conn, statement, params, stop), ctx, () => {
      onAbort();
      return deadlineFailure('the statement', ctx.timeoutMs);
    });
  } catch (error) {
    if (error instanceof TaskFailure) throw error;
    const e = error as { message?: string; code?: string };
    throw new TaskFailure(
      'query_failed',
      `the statement failed: ${e.message ?? String(error)}${e.code ? ` (${e.code})` : ''}`,
    );
  } finally {
    if (!destroyed) conn.release();
  }
}

interface StreamingCommand {
  on(event: 'result', listener: (row: unknown) => void): StreamingCommand;
  on(event: 'fields', listener: (fields: mysql.FieldPacket[] | undefined) => void): StreamingCommand;
  on(event: 'error', listener: (error: unknown) => void): StreamingCommand;
  on(event: 'end', listener: () => void): StreamingCommand;
}

/**
 * Runs the statement on the core connection without a callback, so mysql2 emits each row instead of
 * collecting them; each is counted and measured, and past the cap the query is killed (SPEC 7).
 * Statements with params are server-side prepared (`execute`): values are bound, never interpolated.
 */
function streamRows(conn: PoolConnection, statement: string, params: unknown[], stop: () => void) {
  const core = (conn as unknown as { connection: mysql.Connection }).connection;
  const cap = createRowCap('add LIMIT');
  return new Promise<SqlOutput>((resolve, reject) => {
    const command = (params.length > 0
      ? core.execute(statement, params as never)
      : core.query(statement)) as unknown as StreamingCommand;
    let fields: mysql.FieldPacket[] = [];
    let affected: number | undefined;
    let failure: unknown;
    command.on('fields', (f) => {
      fields = f ?? fields;
    });
    command.on('result', (row) => {
      if (failure) return;
      // a statement without a result set (UPDATE …) emits its OK packet here, before any fields
      if (fields.length === 0 && row && typeof row === 'object' && 'affectedRows' in row) {
        affected = (row as { affectedRows: number }).affectedRows;
        return;
      }
      try {
        cap.add(row);
      } catch (error) {
        failure = error;
        stop();
        reject(error);
      }
    });
    command.on('error', (error) => reject(failure ?? error));
    command.on('end', () => {
      if (failure) return;
      resolve({
        rows: cap.rows,
        row_count: fields.length === 0 ? (affected ?? 0) : cap.rows.length,
        fields: fields.map((f) => ({
          name: f.name,
          type: TYPE_NAMES[f.columnType ?? f.type ?? -1] ?? `type:${f.columnType ?? f.type}`,
        })),
      });
    });
  });
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
