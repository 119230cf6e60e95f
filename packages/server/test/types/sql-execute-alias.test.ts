/**
 * `execute` is the documented alias of `statement` for the SQL types (Cloudomation's flows write
 * `this.connect('oracle', execute='SELECT * FROM v$version')`): in every SQL schema, run by postgres
 * and mysql against the real servers, and refused when both disagree.
 */
import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../src/domain/model.js';
import { TaskFailure } from '../../src/domain/type-descriptor.js';
import { createResourceCache } from '../../src/task-kit/resource-cache.js';
import { sqlStatement } from '../../src/task-kit/sql-task.js';
import { mysqlType } from '../../src/types/mysql/mysql-type.js';
import { oracleType } from '../../src/types/oracle/oracle-type.js';
import { postgresType } from '../../src/types/postgres/postgres-type.js';
import { runExecute, serviceAvailable, withDefaults } from '../support/type-context.js';

const pgUp = await serviceAvailable('PostgreSQL', '127.0.0.1', 5432, 'sql execute alias (postgres)');
const mysqlUp = await serviceAvailable('MariaDB', '127.0.0.1', 3306, 'sql execute alias (mysql)');
const resources = createResourceCache({ idleMs: 60_000 });

const postgres = (extra: JsonObject) =>
  runExecute(
    postgresType,
    { ...withDefaults(postgresType, { host: '127.0.0.1', database: 'test', user: 'postgres' }), ...extra },
    { resources },
  );
const mysql = (extra: JsonObject) =>
  runExecute(
    mysqlType,
    { ...withDefaults(mysqlType, { host: '127.0.0.1', database: 'test', user: 'root' }), ...extra },
    { resources },
  );

async function failure(promise: Promise<unknown>): Promise<TaskFailure> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TaskFailure);
  return error as TaskFailure;
}

describe('sql types: execute is the alias of statement', () => {
  it('every SQL schema documents execute next to statement', () => {
    for (const type of [postgresType, mysqlType, oracleType]) {
      const properties = type.inputSchema.properties as Record<string, { description?: string }>;
      expect(properties.execute?.description, type.id).toMatch(/alias of statement/i);
      expect(properties.statement, type.id).toBeDefined();
    }
  });

  it('sqlStatement takes either name, the same text under both, and refuses two different texts', () => {
    expect(sqlStatement({ execute: 'SELECT * FROM v$version' }, 'oracle')).toBe('SELECT * FROM v$version');
    expect(sqlStatement({ statement: 'SELECT 1' }, 'oracle')).toBe('SELECT 1');
    expect(sqlStatement({ statement: 'SELECT 1', execute: 'SELECT 1' }, 'oracle')).toBe('SELECT 1');
    expect(() => sqlStatement({ statement: 'SELECT 1', execute: 'SELECT 2' }, 'oracle')).toThrow(
      /both statement and its alias execute/,
    );
    expect(() => sqlStatement({}, 'oracle')).toThrow(/needs a statement/);
  });

  it('oracle refuses disagreeing statement and execute before it connects anywhere', async () => {
    const inputs = withDefaults(oracleType, { host: '127.0.0.1', port: 9, service_name: 'xe', user: 'u' });
    const error = await failure(
      runExecute(
        oracleType,
        { ...inputs, statement: 'SELECT 1 FROM DUAL', execute: 'DROP TABLE t' },
        { resources },
      ),
    );
    expect(error.code).toBe('invalid_input');
  });

  it.skipIf(!pgUp)('postgres runs the statement given as execute', async () => {
    const output = (await postgres({ execute: 'SELECT 40 + 2 AS answer' })) as { rows: unknown[] };
    expect(output.rows).toEqual([{ answer: 42 }]);
    expect((await failure(postgres({ statement: 'SELECT 1', execute: 'SELECT 2' }))).code).toBe(
      'invalid_input',
    );
    expect((await failure(postgres({}))).code).toBe('missing_input');
  });

  it.skipIf(!mysqlUp)('mysql runs the statement given as execute', async () => {
    const output = (await mysql({ execute: 'SELECT 40 + 2 AS answer' })) as { rows: unknown[] };
    expect(output.rows).toEqual([{ answer: 42 }]);
    expect((await failure(mysql({ statement: 'SELECT 1', execute: 'SELECT 2' }))).code).toBe('invalid_input');
  });
});
