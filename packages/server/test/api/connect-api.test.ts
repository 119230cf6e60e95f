import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../support/app.js';
import { serviceAvailable } from '../support/type-context.js';

const BEARER = 'CANARY-bearer-0c4d2f';
let t: TestApp;
let runner: string;
let http: Server;
let httpUrl: string;
const pgUp = await serviceAvailable('PostgreSQL', '127.0.0.1', 5432, 'connect over HTTP: postgres');

beforeAll(async () => {
  t = await makeTestApp({ PATCHBAY_CONNECT_TIMEOUT_MS: '5000', PATCHBAY_MAX_CONNECT_TIMEOUT_MS: '20000' });
  runner = await t.token('runner');
  http = createServer((req, res) => {
    if (req.url?.startsWith('/slow')) return void setTimeout(() => res.end('late'), 3000);
    const auth = req.headers.authorization;
    res.writeHead(auth === `Bearer ${BEARER}` ? 200 : 401, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ path: req.url, echoed: auth }));
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  httpUrl = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await t.close();
  await new Promise((r) => http.close(r));
});

describe('connect', () => {
  it('runs an http task with the merged inputs and records the execution, secrets masked', async () => {
    await t.api('POST', '/v1/connections', {
      tag: 'api',
      type: 'http',
      value: { url: `${httpUrl}/hello` },
      secrets: { bearer_token: BEARER },
    });
    const res = await t.api(
      'POST',
      '/v1/connections/api/connect',
      { inputs: { params: { page: 2 } } },
      { token: runner },
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ tag: 'api', type: 'http', status: 'succeeded', error: null });
    expect(res.body.id).toMatch(/^exe_/);
    expect(res.body.output_value.status_code).toBe(200);
    expect(res.body.output_value.json.path).toBe('/hello?page=2');
    expect(res.body.output_value.json.echoed).toBe('Bearer ********'); // the echo of a secret is scrubbed
    expect(res.body.inputs.bearer_token).toBe('********');
    expect(res.body.duration_ms).toBeGreaterThanOrEqual(0);

    const fetched = await t.api('GET', `/v1/executions/${res.body.id}`, undefined, { token: runner });
    expect(fetched.body).toEqual(res.body);
    const list = await t.api('GET', '/v1/executions?tag=api');
    expect(list.body.items[0].id).toBe(res.body.id);
    expect(t.responses.some((r) => r.includes(BEARER))).toBe(false);
  });

  it('records the connection version each call ran with (SPEC 1 Execution connection_version)', async () => {
    const created = await t.api('POST', '/v1/connections', {
      tag: 'versioned',
      type: 'http',
      value: { url: httpUrl },
    });
    const first = await t.api('POST', '/v1/connections/versioned/connect', {}, { token: runner });
    expect(first.body.connection_version).toBe(created.body.version);
    const patched = await t.api('PATCH', '/v1/connections/versioned', { value: { url: `${httpUrl}/v2` } });
    expect(patched.body.version).toBeGreaterThan(created.body.version);
    const second = await t.api('POST', '/v1/connections/versioned/connect', {}, { token: runner });
    expect(second.body.connection_version).toBe(patched.body.version);
    const stored = await t.api('GET', `/v1/executions/${first.body.id}`, undefined, { token: runner });
    expect(stored.body.connection_version).toBe(created.body.version);
  });

  it('a failed task is 200 with status failed and a clear error', async () => {
    const res = await t.api(
      'POST',
      '/v1/connections/api/connect',
      { inputs: { bearer_token: 'wrong' } },
      { token: runner },
    );
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('failed');
    expect(res.body.error.code).toBe('unexpected_status');
    expect(res.body.error.message).toContain('401');
  });

  it('timeout_ms bounds a hung remote; more than the maximum is refused', async () => {
    const started = Date.now();
    const res = await t.api('POST', '/v1/connections/api/connect', {
      inputs: { url: `${httpUrl}/slow` },
      timeout_ms: 300,
    });
    expect(res.body.status).toBe('failed');
    expect(res.body.error.code).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(2500);
    const tooLong = await t.api('POST', '/v1/connections/api/connect', { timeout_ms: 999_999 });
    expect(tooLong.status).toBe(422);
    expect(tooLong.body.error).toMatchObject({
      code: 'invalid_input',
      details: { issues: [{ path: 'timeout_ms' }] },
    });
  });

  it('refuses cloud-metadata addresses (egress policy) as a failed execution', async () => {
    await t.api('POST', '/v1/connections', {
      tag: 'imds',
      type: 'http',
      value: { url: 'http://169.254.169.254/latest/meta-data/' },
    });
    const res = await t.api('POST', '/v1/connections/imds/connect', {}, { token: runner });
    expect(res.body.status).toBe('failed');
    expect(res.body.error.code).toBe('egress_denied');
  });

  it('counts executions by type and status in /metrics', async () => {
    const metrics = await t.api('GET', '/metrics', undefined, { token: null });
    expect(metrics.text).toMatch(/patchbay_executions_total\{type="http",status="succeeded"\} [1-9]/);
    expect(metrics.text).toMatch(/patchbay_executions_total\{type="http",status="failed"\} [1-9]/);
  });

  it('a type that cannot run is 422; a missing connection is 404', async () => {
    await t.api('POST', '/v1/connections', { tag: 'gen', type: 'generic', value: { a: 1 } });
    const gen = await t.api('POST', '/v1/connections/gen/connect', {}, { token: runner });
    expect(gen.status).toBe(422);
    expect(gen.body.error.message).toContain('resolve');
    expect((await t.api('POST', '/v1/connections/none/connect', {})).status).toBe(404);
    expect((await t.api('GET', '/v1/executions/exe_nope')).body.error.code).toBe('execution_not_found');
  });

  it.runIf(pgUp)('postgres: rows from the real server, validate → active', async () => {
    await t.api('POST', '/v1/connections', {
      tag: 'pg',
      type: 'postgres',
      value: {
        host: '127.0.0.1',
        database: 'test',
        user: 'postgres',
        statement: 'SELECT $1::int + 1 AS answer',
        params: [41],
      },
    });
    const validation = await t.api('POST', '/v1/connections/pg/validate');
    expect(validation.body).toMatchObject({ valid: true, status: 'active' });
    expect(validation.body.checks.length).toBeGreaterThan(1);
    const res = await t.api(
      'POST',
      '/v1/connections/pg/connect',
      { inputs: { params: [1] } },
      { token: runner },
    );
    expect(res.body.status).toBe('succeeded');
    expect(res.body.output_value).toMatchObject({ rows: [{ answer: 2 }], row_count: 1 });
  });
});
