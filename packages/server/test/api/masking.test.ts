/**
 * Issue 11, finding 4: execution records mask inputs by field, so a runner cannot send guesses and
 * read which one came back as ******** (an oracle). Outputs are still scrubbed by value, and every
 * masked occurrence in an output is counted in a metric and in the connect audit event. Viewers read
 * executions without their output.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../support/app.js';

const SECRET = 'CANARY-mask-4417';
let t: TestApp;
let runner: string;
let viewer: string;
let server: Server;
let base: string;

beforeAll(async () => {
  t = await makeTestApp();
  runner = await t.token('runner');
  viewer = await t.token('viewer');
  // answers with what it was sent, as many real APIs do
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(req.url?.startsWith('/quiet') ? 'ok' : `${req.url} ${body}`);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await t.api('POST', '/v1/connections', {
    tag: 'quiet',
    type: 'http',
    value: { url: `${base}/quiet` },
    secrets: { bearer_token: SECRET, password: `${SECRET}-pw` },
  });
  await t.api('POST', '/v1/connections', {
    tag: 'echo',
    type: 'http',
    value: { url: `${base}/echo` },
    secrets: { bearer_token: SECRET },
  });
});
afterAll(async () => {
  await t.close();
  await new Promise((r) => server.close(r));
});

const guesses = ['hunter2-guess', SECRET, `x${SECRET}x`, `${SECRET}-pw`];

describe('execution inputs are masked by field', () => {
  it('guesses in non-secret fields come back exactly as sent, whichever one is right', async () => {
    const inputs = {
      method: 'POST',
      headers: Object.fromEntries(guesses.map((g, i) => [`x-guess-${i}`, g])),
      params: { q: guesses[1]! },
      body: guesses.join(' '),
    };
    const res = await t.api('POST', '/v1/connections/quiet/connect', { inputs }, { token: runner });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('succeeded');
    expect(res.body.inputs).toMatchObject(inputs);
    expect(res.body.inputs.bearer_token).toBe('********');
    expect(res.body.inputs.password).toBe('********');
    const stored = await t.api('GET', `/v1/executions/${res.body.id}`, undefined, { token: runner });
    expect(stored.body.inputs).toMatchObject(inputs);
  });

  it('a secret field is masked whoever filled it, the caller included', async () => {
    const res = await t.api(
      'POST',
      '/v1/connections/quiet/connect',
      { inputs: { password: 'callers-own-guess' } },
      { token: runner },
    );
    expect(res.body.inputs.password).toBe('********');
    expect(res.text).not.toContain('callers-own-guess');
  });
});

describe('outputs are scrubbed by value and the masks are counted', () => {
  it('counts masked occurrences in the audit event and in the metric', async () => {
    const before = await maskMetric();
    const res = await t.api(
      'POST',
      '/v1/connections/echo/connect',
      { inputs: { method: 'POST', params: { a: SECRET }, body: `${SECRET} and ${SECRET}` } },
      { token: runner },
    );
    expect(res.body.output_value.text).not.toContain(SECRET);
    expect(res.body.output_value.text).toContain('********');
    const audit = await t.api('GET', '/v1/audit?action=connection.connect&limit=1');
    expect(audit.body.items[0].details.masked_in_output).toBe(3);
    expect((await maskMetric()) - before).toBe(3);
  });
});

describe('viewers read executions without output', () => {
  it('output_value is null for a viewer, present for a runner', async () => {
    const run = await t.api('POST', '/v1/connections/quiet/connect', {}, { token: runner });
    expect(run.body.output_value).not.toBeNull();
    const one = await t.api('GET', `/v1/executions/${run.body.id}`, undefined, { token: viewer });
    expect(one.status).toBe(200);
    expect(one.body.output_value).toBeNull();
    const list = await t.api('GET', '/v1/executions?tag=quiet', undefined, { token: viewer });
    expect(list.body.items.length).toBeGreaterThan(0);
    expect(list.body.items.every((e: { output_value: unknown }) => e.output_value === null)).toBe(true);
    const asRunner = await t.api('GET', `/v1/executions/${run.body.id}`, undefined, { token: runner });
    expect(asRunner.body.output_value).toEqual(run.body.output_value);
  });
});

async function maskMetric(): Promise<number> {
  const text = (await t.api('GET', '/metrics', undefined, { token: null })).text;
  const line = text.split('\n').find((l) => l.startsWith('patchbay_output_secret_masks_total{type="http"}'));
  return line ? Number(line.split(' ').at(-1)) : 0;
}
