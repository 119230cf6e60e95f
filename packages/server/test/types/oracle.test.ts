/**
 * The oracle task type. No Oracle server exists on this machine, so this suite covers what can run
 * for real: input handling, egress, a closed port (connection refused) and a listener that accepts but
 * never answers (timeout), all through node-oracledb's thin mode.
 */
import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../src/domain/model.js';
import { TaskFailure } from '../../src/domain/type-descriptor.js';
import { oracleType } from '../../src/types/oracle/oracle-type.js';
import {
  freePort,
  runExecute,
  runValidate,
  startSilentServer,
  type TypeContextOverrides,
  withDefaults,
} from '../support/type-context.js';

const CANARY = 'canary-oracle-2b8e44d1';
const base = (port: number): JsonObject =>
  withDefaults(oracleType, {
    host: '127.0.0.1',
    port,
    service_name: 'FREEPDB1',
    user: 'app',
    password: CANARY,
  });
const execute = (inputs: JsonObject, o: TypeContextOverrides = {}) => runExecute(oracleType, inputs, o);
const validate = (inputs: JsonObject, o: TypeContextOverrides = {}) => runValidate(oracleType, inputs, o);

async function failure(promise: Promise<unknown>): Promise<TaskFailure> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TaskFailure);
  expect((error as Error).message).not.toContain(CANARY);
  return error as TaskFailure;
}

describe('oracle task type (no Oracle server here)', () => {
  it('declares the SPEC inputs', () => {
    expect(oracleType.inputSchema.required).toEqual(['host', 'service_name', 'user']);
    expect(oracleType.inputSchema.properties.port?.default).toBe(1521);
    expect(oracleType.inputSchema.properties.password?.['x-secret']).toBe(true);
    expect(oracleType.inputSchema.properties.host?.['x-target']).toBe(true);
  });

  it('needs a statement to execute', async () => {
    expect((await failure(execute({ ...base(1) }))).code).toBe('missing_input');
  });

  it('reports connection refused on a closed port', async () => {
    const port = await freePort();
    const outcome = await validate(base(port));
    expect(outcome.valid).toBe(false);
    expect(outcome.checks.map((c) => [c.name, c.ok])).toEqual([
      ['resolve', true],
      ['connect', false],
    ]);
    expect(outcome.message).toBe(
      `connection refused by 127.0.0.1:${port}: nothing listens there; check host and port`,
    );
    const error = await failure(execute({ ...base(port), statement: 'SELECT 1 FROM DUAL' }));
    expect(error.code).toBe('connection_refused');
    expect(error.message).toContain(`127.0.0.1:${port}`);
  });

  it('times out on a listener that never answers, and says so', async () => {
    const silent = await startSilentServer();
    try {
      const started = Date.now();
      const outcome = await validate(base(silent.port), { timeoutMs: 1500 });
      expect(outcome.valid).toBe(false);
      expect(outcome.checks.find((c) => c.name === 'authenticate')?.ok).toBe(false);
      expect(outcome.message).toMatch(/did not (finish within 1\.5s|complete the Oracle connection in time)/);
      const error = await failure(
        execute({ ...base(silent.port), statement: 'SELECT 1 FROM DUAL' }, { timeoutMs: 1500 }),
      );
      expect(error.code).toBe('timeout');
      expect(Date.now() - started).toBeLessThan(8000);
      expect(JSON.stringify(outcome)).not.toContain(CANARY);
    } finally {
      await silent.close();
    }
  });

  it('refuses a link-local host before connecting', async () => {
    const error = await failure(
      execute({ ...base(1521), host: '169.254.169.254', statement: 'SELECT 1 FROM DUAL' }),
    );
    expect(error.code).toBe('egress_denied');
  });

  it('reports an unknown host', async () => {
    const outcome = await validate({ ...base(1521), host: 'no-such-host.invalid' });
    expect(outcome.message).toContain("unknown host 'no-such-host.invalid'");
  });
});
