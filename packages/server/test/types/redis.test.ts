/**
 * The redis task type against a real redis-server (test/support/redis-server.ts, installed by
 * scripts/prepare.d/30-task-servers.sh): requirepass and an ACL user, TLS with a test CA (trusted in a
 * child process through NODE_EXTRA_CA_CERTS, untrusted in this one), every failure mode and the canary.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JsonObject } from '../../src/domain/model.js';
import { TaskFailure } from '../../src/domain/type-descriptor.js';
import { MAX_REPLY_BYTES } from '../../src/types/redis/redis-run.js';
import { redisType } from '../../src/types/redis/redis-type.js';
import { REDIS_SERVER, type RedisServer, startRedis } from '../support/redis-server.js';
import { runTrusting } from '../support/run-trusting.js';
import { requireBinaries } from '../support/task-servers.js';
import {
  runExecute,
  runValidate,
  secretsFor,
  startSilentServer,
  type TypeContextOverrides,
  withDefaults,
} from '../support/type-context.js';

const CANARY = 'canary-redis-4f2a9c1e';
const ACL_CANARY = 'canary-redis-acl-77b0d3';
const problem = requireBinaries('redis task type', [REDIS_SERVER]);

let redis: RedisServer;
const base = (extra: JsonObject = {}): JsonObject =>
  withDefaults(redisType, { host: '127.0.0.1', port: redis.port, password: CANARY, ...extra });
const validate = (extra: JsonObject, o: TypeContextOverrides = {}) => runValidate(redisType, base(extra), o);
const execute = (extra: JsonObject, o: TypeContextOverrides = {}) => runExecute(redisType, base(extra), o);

async function failure(promise: Promise<unknown>): Promise<TaskFailure> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TaskFailure);
  expect(JSON.stringify({ m: (error as Error).message })).not.toContain(CANARY);
  return error as TaskFailure;
}

describe.skipIf(problem !== undefined)('redis task type', () => {
  beforeAll(async () => {
    redis = await startRedis(CANARY, ACL_CANARY);
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it('validates with requirepass: resolve, connect, session, authenticate, ping', async () => {
    const outcome = await validate({});
    expect(outcome).toMatchObject({ valid: true, message: null });
    expect(outcome.checks.map((c) => [c.name, c.ok])).toEqual([
      ['resolve', true],
      ['connect', true],
      ['session', true],
      ['authenticate', true],
      ['ping', true],
    ]);
    expect(outcome.checks.at(-1)?.detail).toBe('PING answered PONG');
  });

  it('validates an ACL user', async () => {
    const outcome = await validate({ username: redis.aclUser, password: ACL_CANARY });
    expect(outcome.valid).toBe(true);
    expect(outcome.checks.find((c) => c.name === 'authenticate')?.detail).toBe(
      `logged in as user '${redis.aclUser}'`,
    );
  });

  it('wrong password: authenticate fails and says to check username and password', async () => {
    const outcome = await validate({ password: 'not-the-password' });
    expect(outcome.valid).toBe(false);
    expect(outcome.checks.map((c) => [c.name, c.ok])).toContainEqual(['authenticate', false]);
    expect(outcome.message).toBe(
      `127.0.0.1:${redis.port} refused the default user: wrong password or unknown/disabled user; check username and password`,
    );
  });

  it('no password on a server that needs one: ping says to set the password', async () => {
    const outcome = await validate({ password: undefined });
    expect(outcome.valid).toBe(false);
    expect(outcome.message).toContain('requires authentication; set password');
  });

  it('connect runs the command and returns its reply as JSON', async () => {
    expect(await execute({ command: ['SET', 'app:greeting', 'hello'] })).toEqual({ reply: 'OK' });
    expect(await execute({ command: ['GET', 'app:greeting'] })).toEqual({ reply: 'hello' });
    await execute({ command: ['RPUSH', 'app:list', 'a', 'b'] });
    expect(await execute({ command: ['LRANGE', 'app:list', '0', '-1'] })).toEqual({ reply: ['a', 'b'] });
    expect(await execute({ command: ['INCRBY', 'app:n', '5'] })).toEqual({ reply: 5 });
    expect(await execute({ command: ['GET', 'app:absent'] })).toEqual({ reply: null });
  });

  it('selects db', async () => {
    await execute({ db: 3, command: ['SET', 'only-in-3', 'x'] });
    expect(await execute({ db: 3, command: ['GET', 'only-in-3'] })).toEqual({ reply: 'x' });
    expect(await execute({ db: 0, command: ['GET', 'only-in-3'] })).toEqual({ reply: null });
  });

  it('a db the server does not have is an invalid_input naming the setting', async () => {
    const error = await failure(execute({ db: 99, command: ['PING'] }));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toContain('refused database 99');
  });

  it('a command the ACL user may not run is command_failed with the server reason', async () => {
    const error = await failure(
      execute({ username: redis.aclUser, password: ACL_CANARY, command: ['GET', 'other:key'] }),
    );
    expect(error.code).toBe('command_failed');
    expect(error.message).toMatch(/^GET failed on 127\.0\.0\.1:\d+: NOPERM/);
  });

  it('an unknown command is command_failed', async () => {
    const error = await failure(execute({ command: ['NOSUCHCOMMAND'] }));
    expect(error).toMatchObject({ code: 'command_failed' });
    expect(error.message).toContain('unknown command');
  });

  it('connect without command says what to set', async () => {
    const error = await failure(execute({}));
    expect(error).toMatchObject({ code: 'missing_input' });
  });

  it('a reply above the cap is cut on the wire: result_too_large', async () => {
    await execute({ command: ['SET', 'app:big', 'x'.repeat(MAX_REPLY_BYTES + 10)] });
    const error = await failure(execute({ command: ['GET', 'app:big'] }));
    expect(error.code).toBe('result_too_large');
    expect(await execute({ command: ['STRLEN', 'app:big'] })).toEqual({ reply: MAX_REPLY_BYTES + 10 });
  });

  it('a reply that echoes the password is scrubbed (CONFIG GET requirepass) and the mask counted', async () => {
    const secrets = secretsFor(redisType, base());
    const out = await execute({ command: ['CONFIG', 'GET', 'requirepass'] }, { secrets });
    expect(out).toEqual({ reply: ['requirepass', '********'] });
    expect(secrets.hits, 'counted for the metric and the connect audit event').toBe(1);
    expect(JSON.stringify(out)).not.toContain(CANARY);
  });

  it('TLS with a trusted CA: validates and runs (child process trusting the test CA)', async () => {
    const inputs = base({ port: redis.tlsPort, tls: true, host: 'localhost' });
    const [validated, ran] = await runTrusting(redis.pki.caCert, [
      { type: 'redis', method: 'validate', inputs },
      { type: 'redis', method: 'execute', inputs: { ...inputs, command: ['PING'] } },
    ]);
    expect(validated?.result).toMatchObject({ valid: true });
    expect(JSON.stringify(validated?.result)).toContain('"name":"tls","ok":true');
    expect(ran).toEqual({ result: { reply: 'PONG' } });
  });

  it('TLS with an untrusted certificate: tls check fails, nothing sent', async () => {
    const outcome = await validate({ port: redis.tlsPort, tls: true });
    expect(outcome.valid).toBe(false);
    expect(outcome.checks.find((c) => c.name === 'tls')).toMatchObject({ ok: false });
    expect(outcome.message).toMatch(/^TLS to 127\.0\.0\.1:\d+ failed: .*certificate/);
    const error = await failure(execute({ port: redis.tlsPort, tls: true, command: ['PING'] }));
    expect(error.code).toBe('tls_failed');
  });

  it('tls: true against a plain port is tls_failed, saying to check the port or tls', async () => {
    const error = await failure(execute({ tls: true, command: ['PING'] }, { timeoutMs: 1500 }));
    expect(error.code).toMatch(/^(tls_failed|connection_reset)$/);
    expect(error.message).toMatch(/TLS|closed/);
  });

  it('nothing listening is connection_refused', async () => {
    const outcome = await validate({ port: 1 });
    expect(outcome.checks.map((c) => [c.name, c.ok])).toEqual([
      ['resolve', true],
      ['connect', false],
    ]);
    expect(outcome.message).toContain('connection refused');
  });

  it('a host resolving to the metadata address is refused by the egress guard', async () => {
    const resolve = async () => ['169.254.169.254'];
    const error = await failure(execute({ host: 'cache.example', command: ['PING'] }, { resolve }));
    expect(error.code).toBe('egress_denied');
  });

  it('a server that never answers ends at the deadline: timeout', async () => {
    const silent = await startSilentServer();
    try {
      const error = await failure(execute({ port: silent.port, command: ['PING'] }, { timeoutMs: 500 }));
      expect(error.code).toBe('timeout');
    } finally {
      await silent.close();
    }
  });
});
