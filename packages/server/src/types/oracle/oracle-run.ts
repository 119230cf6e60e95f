/**
 * Oracle connections with node-oracledb in thin mode (pure JavaScript; `initOracleClient` is never
 * called, so no Instant Client is needed). One connection per call, to the egress guard's address.
 */
import { createRequire } from 'node:module';
import type { TypeContext } from '../../domain/type-descriptor.js';
import { TaskFailure } from '../../domain/type-descriptor.js';
import {
  deadlineFailure,
  errorMessage,
  hostPort,
  raceAbort,
  toJsonValue,
} from '../../task-kit/task-support.js';
import type { OracleInputs } from './oracle-type.js';

/** The part of node-oracledb this file uses (the package ships no type declarations). */
interface OracleDriver {
  OUT_FORMAT_OBJECT: number;
  STRING: number;
  DB_TYPE_CLOB: unknown;
  DB_TYPE_NCLOB: unknown;
  getConnection(options: {
    user: string;
    password: string;
    connectString: string;
    connectTimeout: number;
    transportConnectTimeout: number;
  }): Promise<OracleConnection>;
}

export interface OracleConnection {
  execute(
    statement: string,
    params: unknown[],
    options: {
      outFormat: number;
      maxRows: number;
      autoCommit: boolean;
      fetchTypeHandler: (meta: { dbType: unknown }) => { type: number } | undefined;
    },
  ): Promise<{
    rows?: Record<string, unknown>[];
    rowsAffected?: number;
    metaData?: { name: string; dbTypeName?: string }[];
  }>;
  break(): Promise<void>;
  close(): Promise<void>;
}

let driver: OracleDriver | undefined;
/** Loaded on first use: servers without Oracle connections never load it. Thin mode is the default. */
const oracledb = (): OracleDriver => {
  driver ??= createRequire(import.meta.url)('oracledb') as OracleDriver;
  return driver;
};

/** Results with more rows are refused: a call's output is meant for a flow, not for bulk export. */
export const MAX_ROWS = 10_000;

export interface SqlOutput {
  rows: Record<string, unknown>[];
  row_count: number;
  fields: { name: string; type: string }[];
}

/** Opens a connection, giving up at the call's deadline (a late connection is closed). */
export async function openConnection(
  inputs: OracleInputs,
  address: string,
  ctx: TypeContext,
): Promise<OracleConnection> {
  const seconds = Math.max(1, Math.min(60, Math.ceil(ctx.timeoutMs / 1000)));
  const host = address.includes(':') ? `[${address}]` : address;
  const connecting = oracledb().getConnection({
    user: inputs.user,
    password: inputs.password ?? '',
    connectString: `${host}:${inputs.port}/${inputs.service_name}`,
    connectTimeout: seconds,
    transportConnectTimeout: seconds,
  });
  try {
    return await raceAbort(
      connecting,
      ctx,
      () => deadlineFailure(`connecting to Oracle at ${hostPort(inputs.host, inputs.port)}`, ctx.timeoutMs),
      (late) => void late.close().catch(() => undefined),
    );
  } catch (error) {
    throw connectFailure(error, inputs);
  }
}

/** Runs one statement with bound params; at the deadline the call is broken off and the connection closed. */
export async function runStatement(
  conn: OracleConnection,
  statement: string,
  params: unknown[],
  ctx: TypeContext,
): Promise<SqlOutput> {
  try {
    const result = await raceAbort(
      conn.execute(statement, params, {
        outFormat: oracledb().OUT_FORMAT_OBJECT,
        maxRows: MAX_ROWS + 1,
        autoCommit: true,
        fetchTypeHandler: (meta) =>
          meta.dbType === oracledb().DB_TYPE_CLOB || meta.dbType === oracledb().DB_TYPE_NCLOB
            ? { type: oracledb().STRING }
            : undefined,
      }),
      ctx,
      () => {
        void conn.break().catch(() => undefined);
        return deadlineFailure('the statement', ctx.timeoutMs);
      },
    );
    const rows = result.rows ?? [];
    if (rows.length > MAX_ROWS) {
      throw new TaskFailure(
        'result_too_large',
        `the statement returned more than the ${MAX_ROWS} rows a call may return; add FETCH FIRST n ROWS ONLY`,
      );
    }
    return {
      rows: rows.map((r) => toJsonValue(r) as Record<string, unknown>),
      row_count: result.rows ? rows.length : (result.rowsAffected ?? 0),
      fields: (result.metaData ?? []).map((m) => ({ name: m.name, type: m.dbTypeName ?? 'unknown' })),
    };
  } catch (error) {
    if (error instanceof TaskFailure) throw error;
    throw new TaskFailure('query_failed', `the statement failed: ${firstLine(error)}`);
  }
}

/** Maps a connect/authenticate error to a TaskFailure whose message says what to fix. */
export function connectFailure(error: unknown, inputs: OracleInputs): TaskFailure {
  if (error instanceof TaskFailure) return error;
  const where = hostPort(inputs.host, inputs.port);
  const msg = errorMessage(error);
  const code = /^(NJS|ORA)-\d+/.exec(msg)?.[0] ?? (error as { code?: string }).code ?? '';
  if (code === 'NJS-503' || /ECONNREFUSED/.test(msg)) {
    return new TaskFailure(
      'connection_refused',
      `connection refused by ${where}: no Oracle listener there; check host and port`,
    );
  }
  if (code === 'NJS-510' || /timed out|timeout/i.test(msg)) {
    return new TaskFailure(
      'timeout',
      `${where} did not complete the Oracle connection in time; check that it is an Oracle listener and reachable`,
    );
  }
  if (code === 'ORA-01017') {
    return new TaskFailure(
      'auth_failed',
      `invalid user name or password for user '${inputs.user}' at ${where}`,
    );
  }
  if (code === 'ORA-28000') {
    return new TaskFailure(
      'auth_failed',
      `the account '${inputs.user}' is locked at ${where}; ask the DBA to unlock it`,
    );
  }
  if (code === 'ORA-12514' || code === 'NJS-518') {
    return new TaskFailure(
      'unknown_service',
      `the listener at ${where} does not know service '${inputs.service_name}'; check service_name (lsnrctl services)`,
    );
  }
  return new TaskFailure('connect_failed', `connecting to Oracle at ${where} failed: ${firstLine(error)}`);
}

const firstLine = (error: unknown): string => errorMessage(error).split('\n')[0] ?? '';
