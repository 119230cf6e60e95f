/**
 * PostgreSQL connections for the postgres task: one pg Pool per connection's inputs, kept in
 * `ctx.resources`, connected to the address the egress guard returned (TLS still verifies the host name).
 */
import { isIP } from 'node:net';
import pg from 'pg';
import type { TypeContext } from '../../domain/type-descriptor.js';
import { TaskFailure } from '../../domain/type-descriptor.js';
import { resourceKey } from '../../task-kit/resource-cache.js';
import { createRowCap } from '../../task-kit/row-cap.js';
import type { SqlOutput } from '../../task-kit/sql-task.js';
import { deadlineFailure, describeNetError, hostPort, raceAbort } from '../../task-kit/task-support.js';
import type { PostgresInputs } from './postgres-type.js';

export { MAX_ROWS } from '../../task-kit/row-cap.js';

export type { SqlOutput } from '../../task-kit/sql-task.js';

/** The pool for these inputs at `address`, created on first use. */
export function poolFor(inputs: PostgresInputs, address: string, ctx: TypeContext): pg.Pool {
  const { host, port, database, user, ssl } = inputs;
  const key = resourceKey(
    'postgres',
    ctx.workspaceId,
    ctx.tag,
    { host, port, database, user, ssl, address },
    { password: inputs.password },
  );
  return ctx.resources.get(
    key,
    () => {
      const pool = new pg.Pool({
        host: address,
        port,
        database,
        user,
        password: inputs.password ?? '',
        ssl: ssl ? { rejectUnauthorized: true, ...(isIP(host) ? {} : { servername: host }) } : false,
        max: 4,
        idleTimeoutMillis: 30_000,
        connectionTimeoutMillis: 30_000,
        allowExitOnIdle: true,
        application_name: 'patchbay',
      });
      // an idle client losing its server must not crash the process; the next call reconnects
      pool.on('error', () => undefined);
      return pool;
    },
    (pool) => pool.end(),
  );
}

/** A client from the pool (the deadline is the caller's). */
export const checkout = (pool: pg.Pool) => pool.connect();

export const release = (client: pg.PoolClient) => client.release();

/** Runs one bound statement; at the deadline the backend is cancelled and the client discarded. */
export async function runStatement(
  pool: pg.Pool,
  client: pg.PoolClient,
  statement: string,
  params: unknown[],
  ctx: TypeContext,
): Promise<SqlOutput> {
  let released = false;
  const onAbort = () => {
    released = true;
    const pid = (client as unknown as { processID?: number }).processID;
    client.release(new Error('deadline passed'));
    if (pid) void pool.query('SELECT pg_cancel_backend($1)', [pid]).catch(() => undefined);
  };
  try {
    return await raceAbort(streamRows(client, statement, params, onAbort), ctx, () => {
      onAbort();
      return deadlineFailure('the statement', ctx.timeoutMs);
    });
  } catch (error) {
    if (error instanceof TaskFailure) throw error;
    const e = error as { message?: string; code?: string };
    throw new TaskFailure(
      'query_failed',
      `the statement failed: ${e.message ?? String(error)}${e.code ? ` (SQLSTATE ${e.code})` : ''}`,
    );
  } finally {
    if (!released) client.release();
  }
}

/**
 * Runs the statement with rows delivered one by one (a `row` listener stops pg from collecting
 * them), each counted and measured; past the cap the backend is cancelled and the client dropped.
 */
function streamRows(
  client: pg.PoolClient,
  statement: string,
  params: unknown[],
  stop: () => void,
): Promise<SqlOutput> {
  const cap = createRowCap('add LIMIT');
  return new Promise((resolve, reject) => {
    // text and values as arguments: a config object is cloned property by property (pg's cloneQueryConfig)
    const query = new pg.Query(statement, params);
    let fields: pg.FieldDef[] = [];
    let failure: unknown;
    query.on('row', (row: unknown, result?: { fields: pg.FieldDef[] }) => {
      if (failure) return;
      fields = result?.fields ?? fields;
      try {
        cap.add(row);
      } catch (error) {
        failure = error;
        stop();
        reject(error);
      }
    });
    query.on('error', (error: unknown) => reject(failure ?? error));
    query.on('end', (result: pg.QueryResult) => {
      if (failure) return;
      resolve({
        rows: cap.rows,
        row_count: result.rowCount ?? cap.rows.length,
        fields: (result.fields?.length ? result.fields : fields).map((f) => ({
          name: f.name,
          type: PG_TYPES[f.dataTypeID] ?? `oid:${f.dataTypeID}`,
        })),
      });
    });
    client.query(query);
  });
}

/** Maps a connect/authenticate error to a TaskFailure whose message says what to fix. */
export function connectFailure(error: unknown, inputs: PostgresInputs): TaskFailure {
  if (error instanceof TaskFailure) return error;
  const where = hostPort(inputs.host, inputs.port);
  const e = error as { code?: string; message?: string };
  const msg = e.message ?? String(error);
  switch (e.code) {
    case '28P01':
      return new TaskFailure(
        'auth_failed',
        `password authentication failed for user '${inputs.user}' at ${where}; check user and password`,
      );
    case '28000':
      return new TaskFailure(
        'auth_failed',
        `${where} refused user '${inputs.user}' (${msg}); check that the role exists and pg_hba.conf lets it in`,
      );
    case '3D000':
      return new TaskFailure(
        'unknown_database',
        `database '${inputs.database}' does not exist at ${where}; check the database input`,
      );
  }
  if (/does not support SSL/i.test(msg)) {
    return new TaskFailure(
      'tls_failed',
      `${where} does not offer TLS but ssl is true; enable TLS on the server or set ssl to false`,
    );
  }
  if (/timeout/i.test(msg)) {
    return new TaskFailure(
      'timeout',
      `connecting to PostgreSQL at ${where} timed out; check host, port and firewalls`,
    );
  }
  return (
    describeNetError(error, where) ??
    new TaskFailure('connect_failed', `connecting to PostgreSQL at ${where} failed: ${msg}`)
  );
}

const PG_TYPES: Record<number, string> = {
  16: 'bool',
  17: 'bytea',
  18: 'char',
  19: 'name',
  20: 'int8',
  21: 'int2',
  23: 'int4',
  25: 'text',
  26: 'oid',
  114: 'json',
  700: 'float4',
  701: 'float8',
  1042: 'bpchar',
  1043: 'varchar',
  1082: 'date',
  1083: 'time',
  1114: 'timestamp',
  1184: 'timestamptz',
  1186: 'interval',
  1700: 'numeric',
  2950: 'uuid',
  3802: 'jsonb',
};
