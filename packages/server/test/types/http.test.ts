/**
 * The http task type against real HTTP servers on loopback: success, each failure mode and its message,
 * timeouts, egress refusal per redirect hop, address pinning and secrets kept out of outputs.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JsonObject } from '../../src/domain/model.js';
import { TaskFailure } from '../../src/domain/type-descriptor.js';
import { httpType } from '../../src/types/http/http-type.js';
import { createTestPki } from '../support/test-pki.js';
import { runExecute, runValidate, type TypeContextOverrides, withDefaults } from '../support/type-context.js';

const CANARY = 'canary-http-7f3a9c1e';
let server: Server;
let other: Server;
let tlsServer: Server;
let base = '';
let otherBase = '';
let tlsBase = '';

function handler(req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://x');
  const send = (status: number, body: unknown, type = 'application/json') => {
    res.writeHead(status, { 'content-type': type });
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  };
  let body = '';
  req.on('data', (c) => {
    body += c;
  });
  req.on('end', () => {
    switch (url.pathname) {
      case '/ok':
        return send(200, { hello: 'world' });
      case '/text':
        return send(200, 'plain words', 'text/plain');
      case '/echo':
        return send(200, {
          method: req.method,
          body,
          query: Object.fromEntries(url.searchParams),
          authorization: req.headers.authorization ?? null,
          custom: req.headers['x-custom'] ?? null,
        });
      case '/basic': {
        const expected = `Basic ${Buffer.from(`alice:${CANARY}`).toString('base64')}`;
        return req.headers.authorization === expected
          ? send(200, { user: 'alice' })
          : send(401, { error: 'no' });
      }
      case '/status':
        return send(Number(url.searchParams.get('code')), { status: url.searchParams.get('code') });
      case '/redirect':
        res.writeHead(Number(url.searchParams.get('code') ?? 302), {
          location: url.searchParams.get('to') ?? '/ok',
        });
        return res.end();
      case '/loop':
        res.writeHead(302, { location: '/loop' });
        return res.end();
      case '/slow':
        return; // never answers
      default:
        return send(404, { error: 'not found' });
    }
  });
}

const listen = (s: Server): Promise<number> =>
  new Promise((resolve) => s.listen(0, '127.0.0.1', () => resolve((s.address() as AddressInfo).port)));

beforeAll(async () => {
  server = createServer(handler);
  other = createServer(handler);
  base = `http://127.0.0.1:${await listen(server)}`;
  otherBase = `http://127.0.0.1:${await listen(other)}`;
  // signed by a CA the task is not given: an untrusted certificate
  const { key, cert } = createTestPki();
  tlsServer = createHttpsServer({ key, cert }, handler);
  tlsBase = `https://127.0.0.1:${await listen(tlsServer)}`;
});

afterAll(async () => {
  for (const s of [server, other, tlsServer]) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

const inputs = (extra: JsonObject): JsonObject => withDefaults(httpType, extra);
const execute = (extra: JsonObject, ctx: TypeContextOverrides = {}) =>
  runExecute(httpType, inputs(extra), ctx);
const validate = (extra: JsonObject, ctx: TypeContextOverrides = {}) =>
  runValidate(httpType, inputs(extra), ctx);

async function failure(promise: Promise<unknown>): Promise<TaskFailure> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TaskFailure);
  return error as TaskFailure;
}

const metadataResolver = async (host: string) => {
  if (host === 'metadata.test') return ['10.0.0.1', '169.254.169.254'];
  if (host === 'pinned.test') return ['127.0.0.1'];
  if (host === 'mapped.test') return ['::ffff:169.254.169.254'];
  throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
};

describe('http: success', () => {
  it('returns status, headers and parsed json', async () => {
    const out = (await execute({ url: `${base}/ok` })) as JsonObject;
    expect(out.status_code).toBe(200);
    expect(out.json).toEqual({ hello: 'world' });
    expect((out.headers as JsonObject)['content-type']).toBe('application/json');
  });

  it('returns text for non-json bodies', async () => {
    const out = (await execute({ url: `${base}/text` })) as JsonObject;
    expect(out.text).toBe('plain words');
    expect(out.json).toBeUndefined();
  });

  it('sends method, params, headers and a json body', async () => {
    const out = (await execute({
      url: `${base}/echo`,
      method: 'POST',
      params: { a: 1, b: 'two' },
      headers: { 'X-Custom': 'yes' },
      json: { x: [1, 2] },
    })) as { json: JsonObject };
    expect(out.json).toEqual({
      method: 'POST',
      body: '{"x":[1,2]}',
      query: { a: '1', b: 'two' },
      authorization: null,
      custom: 'yes',
    });
  });

  it('sends basic auth and validates', async () => {
    const outcome = await validate({ url: `${base}/basic`, username: 'alice', password: CANARY });
    expect(outcome.valid).toBe(true);
    expect(outcome.checks.map((c) => [c.name, c.ok])).toEqual([
      ['resolve', true],
      ['request', true],
      ['status', true],
    ]);
  });

  it('connects only to the address the guard returned (a name DNS does not know)', async () => {
    const port = new URL(base).port;
    const out = (await execute(
      { url: `http://pinned.test:${port}/ok` },
      { resolve: metadataResolver },
    )) as JsonObject;
    expect(out.status_code).toBe(200);
  });
});

describe('http: failures', () => {
  it('fails on an unexpected status, naming it', async () => {
    const error = await failure(execute({ url: `${base}/status?code=404` }));
    expect(error.code).toBe('unexpected_status');
    expect(error.message).toContain('404');
    expect(error.message).toContain('expected one of 200, 201, 202, 204');
    const outcome = await validate({ url: `${base}/status?code=500` });
    expect(outcome.valid).toBe(false);
    expect(outcome.message).toContain('status 500');
  });

  it('accepts a status listed in expected_status_code', async () => {
    const out = (await execute({
      url: `${base}/status?code=418`,
      expected_status_code: [418],
    })) as JsonObject;
    expect(out.status_code).toBe(418);
  });

  it('says the credentials were refused on 401, without the password', async () => {
    const outcome = await validate({ url: `${base}/basic`, username: 'alice', password: `${CANARY}-wrong` });
    expect(outcome.valid).toBe(false);
    expect(outcome.message).toContain('refused the credentials');
    expect(JSON.stringify(outcome)).not.toContain(CANARY);
  });

  it('reports connection refused', async () => {
    const outcome = await validate({ url: 'http://127.0.0.1:1/' });
    expect(outcome.valid).toBe(false);
    expect(outcome.message).toMatch(/connection refused by 127\.0\.0\.1:1/);
  });

  it('reports an unknown host', async () => {
    const outcome = await validate({ url: 'http://no-such-host.invalid/' });
    expect(outcome.valid).toBe(false);
    expect(outcome.message).toContain("unknown host 'no-such-host.invalid'");
  });

  it('reports a TLS failure for an untrusted certificate', async () => {
    const outcome = await validate({ url: `${tlsBase}/ok` });
    expect(outcome.valid).toBe(false);
    expect(outcome.message).toMatch(/^TLS to 127\.0\.0\.1:\d+ failed/);
    const error = await failure(execute({ url: `${tlsBase}/ok` }));
    expect(error.code).toBe('tls_failed');
  });

  it('times out on read_timeout', async () => {
    const started = Date.now();
    const error = await failure(execute({ url: `${base}/slow`, read_timeout: 0.3 }));
    expect(error.code).toBe('timeout');
    expect(error.message).toContain('read_timeout (0.3s)');
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('stops at the call deadline (ctx.signal)', async () => {
    const started = Date.now();
    const error = await failure(execute({ url: `${base}/slow` }, { timeoutMs: 300 }));
    expect(error.code).toBe('timeout');
    expect(error.message).toContain('0.3s');
    expect(Date.now() - started).toBeLessThan(3000);
  });
});

describe('http: redirects and egress', () => {
  it('follows redirects', async () => {
    const out = (await execute({ url: `${base}/redirect?to=/ok` })) as JsonObject;
    expect(out.json).toEqual({ hello: 'world' });
  });

  it('turns POST into GET on 303 and keeps it on 307', async () => {
    const see = (await execute({ url: `${base}/redirect?code=303&to=/echo`, method: 'POST', body: 'x' })) as {
      json: JsonObject;
    };
    expect(see.json.method).toBe('GET');
    const keep = (await execute({
      url: `${base}/redirect?code=307&to=/echo`,
      method: 'POST',
      body: 'x',
    })) as {
      json: JsonObject;
    };
    expect(keep.json).toMatchObject({ method: 'POST', body: 'x' });
  });

  it('does not send credentials to another origin', async () => {
    const to = encodeURIComponent(`${otherBase}/echo`);
    const out = (await execute({ url: `${base}/redirect?to=${to}`, bearer_token: CANARY })) as {
      json: JsonObject;
    };
    expect(out.json.authorization).toBeNull();
  });

  it('stops after max_redirects', async () => {
    const error = await failure(execute({ url: `${base}/loop`, max_redirects: 3 }));
    expect(error.code).toBe('too_many_redirects');
    expect(error.message).toContain('max_redirects (3)');
  });

  it('returns the redirect itself when max_redirects is 0', async () => {
    const out = (await execute({
      url: `${base}/redirect?to=/ok`,
      max_redirects: 0,
      expected_status_code: [302],
    })) as JsonObject;
    expect(out.status_code).toBe(302);
  });

  it('refuses the metadata address', async () => {
    const error = await failure(execute({ url: 'http://169.254.169.254/latest/meta-data/' }));
    expect(error.code).toBe('egress_denied');
    expect(error.message).toBe(
      "connection to '169.254.169.254' refused: 169.254.169.254 resolves to 169.254.169.254, a link-local/cloud-metadata address; an operator can allow it with PATCHBAY_EGRESS_ALLOW",
    );
    const outcome = await validate({ url: 'http://[fd00:ec2::254]/' });
    expect(outcome.valid).toBe(false);
    expect(outcome.message).toContain('fd00:ec2::254, a link-local/cloud-metadata address');
  });

  it('refuses a host name when any of its addresses is link-local (also IPv4-mapped)', async () => {
    const error = await failure(execute({ url: 'http://metadata.test/' }, { resolve: metadataResolver }));
    expect(error.message).toContain('metadata.test resolves to 169.254.169.254');
    const mapped = await failure(execute({ url: 'http://mapped.test/' }, { resolve: metadataResolver }));
    expect(mapped.code).toBe('egress_denied');
  });

  it('re-checks every redirect hop', async () => {
    const to = encodeURIComponent('http://169.254.169.254/latest/meta-data/');
    const error = await failure(execute({ url: `${base}/redirect?to=${to}` }));
    expect(error.code).toBe('egress_denied');
    const byName = encodeURIComponent('http://metadata.test/');
    const named = await failure(
      execute({ url: `${base}/redirect?to=${byName}` }, { resolve: metadataResolver }),
    );
    expect(named.code).toBe('egress_denied');
  });

  it('lets an operator allow a CIDR', async () => {
    const error = await failure(
      execute(
        { url: 'http://169.254.169.254:9/', connect_timeout: 0.3 },
        { allowCidrs: ['169.254.169.254/32'], timeoutMs: 1500 },
      ),
    );
    expect(error.code).not.toBe('egress_denied');
  });
});

describe('http: secrets', () => {
  it('masks a secret the server echoes back', async () => {
    const out = await execute({ url: `${base}/echo`, bearer_token: CANARY });
    expect(JSON.stringify(out)).not.toContain(CANARY);
    expect(JSON.stringify(out)).toContain('Bearer ********');
  });

  it('masks the basic-auth token too', async () => {
    const out = await execute({ url: `${base}/echo`, username: 'alice', password: CANARY });
    expect(JSON.stringify(out)).not.toContain(Buffer.from(`alice:${CANARY}`).toString('base64'));
  });
});
