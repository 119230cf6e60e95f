/**
 * The mysql task type against the real MariaDB on 127.0.0.1:3306, with a throwaway user that has a
 * password (so a wrong password is tested here; PostgreSQL's trust setup cannot test it).
 */
import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JsonObject } from '../../src/domain/model.js';
import { TaskFailure } from '../../src/domain/type-descriptor.js';
import { createResourceCache } from '../../src/task-kit/resource-cache.js';
import { mysqlType } from '../../src/types/mysql/mysql-type.js';
import {
  runExecute,
  runValidate,
  serviceAvailable,
  startSilentServer,
  type TypeContextOverrides,
  withDefaults,
} from '../support/type-context.js';

const HOST = process.env.PATCHBAY_TEST_MYSQL_HOST ?? '127.0.0.1';
const PORT = 3306;
const available = await serviceAvailable('MariaDB', HOST, PORT, 'mysql task type');
const CANARY = `canary-my-${randomBytes(6).toString('hex')}`;
const suffix = randomBytes(4).toString('hex');
const USER = `pb_t_${suffix}`;
const TABLE = `pb_t_items_${suffix}`;
const resources = createResourceCache({ idleMs: 60_000 });

async function asAdmin(sql: string, params: unknown[] = []): Promise<unknown> {
  const conn = await mysql.createConnection({ host: HOST, port: PORT, user: 'root', database: 'test' });
  try {
    const [rows] = await conn.query(sql, params);
    return rows;
  } finally {
    await conn.end();
  }
}

const base = (): JsonObject =>
  withDefaults(mysqlType, { host: HOST, port: PORT, database: 'test', user: USER, password: CANARY });
const execute = (extra: JsonObject, o: TypeContextOverrides = {}) =>
  runExecute(mysqlType, { ...base(), ...extra }, { resources, ...o });
const validate = (extra: JsonObject, o: TypeContextOverrides = {}) =>
  runValidate(mysqlType, { ...base(), ...extra }, { resources, ...o });

async function failure(promise: Promise<unknown>): Promise<TaskFailure> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TaskFailure);
  expect((error as Error).message).not.toContain(CANARY);
  return error as TaskFailure;
}

describe.skipIf(!available)('mysql task type', () => {
  beforeAll(async () => {
    await asAdmin(`CREATE USER '${USER}'@'%' IDENTIFIED BY '${CANARY}'`);
    await asAdmin(`CREATE USER '${USER}'@'localhost' IDENTIFIED BY '${CANARY}'`);
    await asAdmin(
      `CREATE TABLE ${TABLE} (id INT PRIMARY KEY, name VARCHAR(50), at DATETIME NULL, big BIGINT)`,
    );
    await asAdmin(
      `INSERT INTO ${TABLE} VALUES (1, 'one', '2024-01-02 03:04:05', 9007199254740993), (2, 'two', NULL, 2)`,
    );
    for (const host of ['%', 'localhost']) {
      await asAdmin(`GRANT SELECT, UPDATE ON test.${TABLE} TO '${USER}'@'${host}'`);
    }
  });

  afterAll(async () => {
    await resources.closeAll();
    await asAdmin(`DROP TABLE IF EXISTS ${TABLE}`);
    await asAdmin(`DROP USER IF EXISTS '${USER}'@'%'`);
    await asAdmin(`DROP USER IF EXISTS '${USER}'@'localhost'`);
  });

  it('validates: resolve, connect, authenticate, query', async () => {
    const outcome = await validate({});
    expect(outcome).toMatchObject({ valid: true, message: null });
    expect(outcome.checks.map((c) => [c.name, c.ok])).toEqual([
      ['resolve', true],
      ['connect', true],
      ['authenticate', true],
      ['query', true],
    ]);
  });

  it('runs a prepared statement with bound params', async () => {
    const out = await execute({
      statement: `SELECT id, name, at, big FROM ${TABLE} WHERE id = ?`,
      params: [1],
    });
    expect(out).toEqual({
      rows: [{ id: 1, name: 'one', at: '2024-01-02 03:04:05', big: '9007199254740993' }],
      row_count: 1,
      fields: [
        { name: 'id', type: 'long' },
        { name: 'name', type: 'var_string' },
        { name: 'at', type: 'datetime' },
        { name: 'big', type: 'longlong' },
      ],
    });
  });

  it('binds params, never interpolates them', async () => {
    const out = (await execute({
      statement: `SELECT COUNT(*) AS n FROM ${TABLE} WHERE name = ?`,
      params: ["one' OR '1'='1"],
    })) as { rows: JsonObject[] };
    // COUNT(*) is BIGINT, returned as a string so no precision is lost
    expect(out.rows).toEqual([{ n: '0' }]);
  });

  it('reports affected rows', async () => {
    const out = (await execute({
      statement: `UPDATE ${TABLE} SET name = CONCAT(name, '') WHERE id > ?`,
      params: [0],
    })) as JsonObject;
    expect(out).toMatchObject({ rows: [], row_count: 2 });
  });

  it('reuses the pooled connection across calls', async () => {
    const id = async () =>
      ((await execute({ statement: 'SELECT CONNECTION_ID() AS id' })) as { rows: { id: number }[] }).rows[0]!
        .id;
    const first = await id();
    expect(await id()).toBe(first);
  });

  it('refuses a wrong password, without echoing it', async () => {
    const outcome = await validate({ password: `${CANARY}-wrong` });
    expect(outcome.valid).toBe(false);
    expect(outcome.checks.find((c) => c.name === 'authenticate')?.ok).toBe(false);
    expect(outcome.message).toBe(
      `access denied for user '${USER}' at ${HOST}:${PORT}: wrong password or the user may not log in from here; check user and password`,
    );
    expect(JSON.stringify(outcome)).not.toContain(CANARY);
    const error = await failure(execute({ password: `${CANARY}-wrong`, statement: 'SELECT 1' }));
    expect(error.code).toBe('auth_failed');
  });

  it('names a database the user may not use', async () => {
    const outcome = await validate({ database: `pb_nodb_${suffix}` });
    expect(outcome.valid).toBe(false);
    expect(outcome.message).toContain(`'pb_nodb_${suffix}'`);
  });

  it('fails a bad statement with query_failed', async () => {
    const error = await failure(execute({ statement: `SELECT nope FROM ${TABLE}` }));
    expect(error.code).toBe('query_failed');
    expect(error.message).toMatch(
      /^the statement failed: Unknown column 'nope' in .* \(ER_BAD_FIELD_ERROR\)$/,
    );
  });

  it('masks the password if a statement returns it', async () => {
    const out = await execute({ statement: 'SELECT ? AS echoed', params: [CANARY] });
    expect(JSON.stringify(out)).not.toContain(CANARY);
  });

  it('reports connection refused', async () => {
    const outcome = await validate({ port: 1 });
    expect(outcome.message).toContain(`connection refused by ${HOST}:1`);
  });

  it('reports that TLS was asked but the server has none', async () => {
    const outcome = await validate({ ssl: true });
    expect(outcome.valid).toBe(false);
    expect(outcome.message).toContain('does not offer TLS but ssl is true');
  });

  it('refuses a link-local host', async () => {
    const error = await failure(execute({ host: '169.254.169.254', statement: 'SELECT 1' }));
    expect(error.code).toBe('egress_denied');
  });

  it('gives up on a server that accepts but never answers', async () => {
    const silent = await startSilentServer();
    try {
      const started = Date.now();
      const error = await failure(execute({ port: silent.port, statement: 'SELECT 1' }, { timeoutMs: 500 }));
      expect(error.code).toBe('timeout');
      expect(Date.now() - started).toBeLessThan(3000);
    } finally {
      await silent.close();
    }
  });

  it('kills a statement at the deadline', async () => {
    const started = Date.now();
    const error = await failure(execute({ statement: 'SELECT SLEEP(30)' }, { timeoutMs: 500 }));
    expect(error.code).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(3000);
    await expect
      .poll(async () => {
        const rows = (await asAdmin(
          "SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE USER = ? AND COMMAND = 'Query'",
          [USER],
        )) as { n: number }[];
        return Number(rows[0]!.n);
      })
      .toBe(0);
  });
});
