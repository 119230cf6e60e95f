/**
 * The postgres task type against the real PostgreSQL on 127.0.0.1:5432.
 *
 * This server's pg_hba.conf uses `trust` for 127.0.0.1, so it accepts any password: a wrong password
 * cannot be tested here (the mysql suite tests it on MariaDB). Authentication failure is tested with a
 * role that does not exist and a database that does not exist.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JsonObject } from '../../src/domain/model.js';
import { TaskFailure } from '../../src/domain/type-descriptor.js';
import { createResourceCache } from '../../src/task-kit/resource-cache.js';
import { postgresType } from '../../src/types/postgres/postgres-type.js';
import {
  runExecute,
  runValidate,
  serviceAvailable,
  startSilentServer,
  type TypeContextOverrides,
  withDefaults,
} from '../support/type-context.js';

const HOST = process.env.PATCHBAY_TEST_PG_HOST ?? '127.0.0.1';
const PORT = 5432;
const available = await serviceAvailable('PostgreSQL', HOST, PORT, 'postgres task type');
const CANARY = `canary-pg-${randomBytes(6).toString('hex')}`;
const suffix = randomBytes(4).toString('hex');
const ROLE = `pb_t_${suffix}`;
const TABLE = `pb_t_items_${suffix}`;
const resources = createResourceCache({ idleMs: 60_000 });

const admin = () => new pg.Client({ host: HOST, port: PORT, user: 'postgres', database: 'test' });

async function asAdmin(sql: string): Promise<pg.QueryResult> {
  const client = admin();
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

const base = (): JsonObject =>
  withDefaults(postgresType, { host: HOST, port: PORT, database: 'test', user: ROLE, password: CANARY });
const execute = (extra: JsonObject, o: TypeContextOverrides = {}) =>
  runExecute(postgresType, { ...base(), ...extra }, { resources, ...o });
const validate = (extra: JsonObject, o: TypeContextOverrides = {}) =>
  runValidate(postgresType, { ...base(), ...extra }, { resources, ...o });

async function failure(promise: Promise<unknown>): Promise<TaskFailure> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TaskFailure);
  expect((error as Error).message).not.toContain(CANARY);
  return error as TaskFailure;
}

describe.skipIf(!available)('postgres task type', () => {
  beforeAll(async () => {
    await asAdmin(`CREATE ROLE ${ROLE} LOGIN PASSWORD '${CANARY}'`);
    await asAdmin(`CREATE TABLE ${TABLE} (id int PRIMARY KEY, name text, at timestamptz, price numeric)`);
    await asAdmin(
      `INSERT INTO ${TABLE} VALUES (1, 'one', '2024-01-02T03:04:05Z', 1.5), (2, 'two', NULL, NULL)`,
    );
    await asAdmin(`GRANT SELECT, UPDATE ON ${TABLE} TO ${ROLE}`);
  });

  afterAll(async () => {
    await resources.closeAll();
    await asAdmin(`DROP TABLE IF EXISTS ${TABLE}`);
    await asAdmin(`DROP ROLE IF EXISTS ${ROLE}`);
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
    expect(JSON.stringify(outcome)).not.toContain(CANARY);
  });

  it('runs a bound statement and returns rows, row_count and fields', async () => {
    const out = await execute({
      statement: `SELECT id, name, at, price FROM ${TABLE} WHERE id = $1`,
      params: [1],
    });
    expect(out).toEqual({
      rows: [{ id: 1, name: 'one', at: '2024-01-02T03:04:05.000Z', price: '1.5' }],
      row_count: 1,
      fields: [
        { name: 'id', type: 'int4' },
        { name: 'name', type: 'text' },
        { name: 'at', type: 'timestamptz' },
        { name: 'price', type: 'numeric' },
      ],
    });
  });

  it('binds params, never interpolates them', async () => {
    const out = (await execute({
      statement: `SELECT count(*)::int AS n FROM ${TABLE} WHERE name = $1`,
      params: ["one' OR '1'='1"],
    })) as { rows: JsonObject[] };
    expect(out.rows).toEqual([{ n: 0 }]);
  });

  it('reports affected rows of an update', async () => {
    const out = (await execute({
      statement: `UPDATE ${TABLE} SET name = name WHERE id > $1`,
      params: [0],
    })) as JsonObject;
    expect(out.row_count).toBe(2);
  });

  it('reuses the pooled connection across calls', async () => {
    const pid = async () =>
      ((await execute({ statement: 'SELECT pg_backend_pid() AS pid' })) as { rows: { pid: number }[] })
        .rows[0]!.pid;
    const first = await pid();
    expect(await pid()).toBe(first);
  });

  it('fails a bad statement with query_failed and the SQLSTATE', async () => {
    const error = await failure(execute({ statement: 'SELECT * FROM no_such_table_pb' }));
    expect(error.code).toBe('query_failed');
    expect(error.message).toContain('relation "no_such_table_pb" does not exist (SQLSTATE 42P01)');
  });

  it('masks the password if a statement returns it', async () => {
    const out = await execute({ statement: 'SELECT $1::text AS echoed', params: [CANARY] });
    expect(JSON.stringify(out)).not.toContain(CANARY);
  });

  it('needs a statement to execute', async () => {
    const error = await failure(execute({ statement: undefined }));
    expect(error.code).toBe('missing_input');
  });

  it('refuses an unknown role (authentication)', async () => {
    const outcome = await validate({ user: `pb_nobody_${suffix}` });
    expect(outcome.valid).toBe(false);
    expect(outcome.checks.find((c) => c.name === 'authenticate')?.ok).toBe(false);
    expect(outcome.message).toContain(`refused user 'pb_nobody_${suffix}'`);
    expect(outcome.message).toContain('does not exist');
    expect(JSON.stringify(outcome)).not.toContain(CANARY);
  });

  it('names a missing database', async () => {
    const outcome = await validate({ database: `pb_nodb_${suffix}` });
    expect(outcome.message).toBe(
      `database 'pb_nodb_${suffix}' does not exist at ${HOST}:${PORT}; check the database input`,
    );
  });

  it('reports connection refused on a closed port', async () => {
    const outcome = await validate({ port: 1 });
    expect(outcome.checks.find((c) => c.name === 'connect')?.ok).toBe(false);
    expect(outcome.message).toContain(`connection refused by ${HOST}:1`);
  });

  it('reports that TLS was asked but the server has none (ssl: true verifies, never downgrades)', async () => {
    const outcome = await validate({ ssl: true });
    expect(outcome.valid).toBe(false);
    expect(outcome.message).toContain('does not offer TLS but ssl is true');
  });

  it('refuses a link-local host', async () => {
    const outcome = await validate({ host: '169.254.169.254' });
    expect(outcome.message).toContain('a link-local/cloud-metadata address');
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
      const outcome = await validate({ port: silent.port }, { timeoutMs: 500 });
      expect(outcome.valid).toBe(false);
      expect(outcome.message).toContain('did not finish within 0.5s');
    } finally {
      await silent.close();
    }
  });

  it('cancels a statement at the deadline', async () => {
    const started = Date.now();
    const error = await failure(execute({ statement: 'SELECT pg_sleep(30)' }, { timeoutMs: 500 }));
    expect(error.code).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(3000);
    await expect
      .poll(async () => {
        const r = await asAdmin(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE usename = '${ROLE}' AND state = 'active'`,
        );
        return r.rows[0].n;
      })
      .toBe(0);
  });
});
