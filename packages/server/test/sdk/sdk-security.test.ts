/**
 * Issue 11 through the SDK: secret_headers are stored as secrets and sent to the origin; the guard's
 * and the canonicaliser's refusals arrive as typed errors; viewers read executions without output.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  BadRequestError,
  ForbiddenError,
  PatchbayClient,
  PatchbayError,
  UnprocessableError,
} from '@patchbay/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';

const KEY = 'CANARY-sdk-api-key-5c2';

async function failure(promise: Promise<unknown>): Promise<PatchbayError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof PatchbayError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

describe('sdk: the target guard and secret headers', () => {
  let server: TestServer;
  let target: Server;
  let url: string;
  const seen: IncomingHttpHeaders[] = [];
  let admin: PatchbayClient;
  let runner: PatchbayClient;
  let viewer: PatchbayClient;

  beforeAll(async () => {
    server = await startTestServer();
    target = createServer((req, res) => {
      seen.push(req.headers);
      res.writeHead(200, { 'content-type': 'text/plain' }).end('fine');
    });
    await new Promise<void>((r) => target.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(target.address() as AddressInfo).port}/`;
    admin = new PatchbayClient({ baseUrl: server.url, token: server.token });
    const make = async (role: 'runner' | 'viewer') =>
      new PatchbayClient({
        baseUrl: server.url,
        token: (await admin.tokens.create({ name: role, role })).token,
      });
    runner = await make('runner');
    viewer = await make('viewer');
  });
  afterAll(async () => {
    await server.close();
    await new Promise((r) => target.close(r));
  });

  it('secret_headers are sealed and reach the origin; outputs are masked for viewers', async () => {
    const created = await admin.connections.create({
      tag: 'keyed',
      type: 'http',
      value: { url },
      secrets: { secret_headers: { 'X-Api-Key': KEY } },
    });
    expect(created.secret_fields).toEqual(['secret_headers']);
    const execution = await runner.connect('keyed');
    expect(execution.status).toBe('succeeded');
    expect(seen.at(-1)?.['x-api-key']).toBe(KEY);
    expect(execution.inputs.secret_headers).toBe('********');
    expect((await viewer.executions.get(execution.id)).output_value).toBeNull();
    expect((await runner.executions.get(execution.id)).output_value).not.toBeNull();
  });

  it('refusals are typed: override_forbidden, invalid_input, invalid_request, forbidden', async () => {
    const moved = await failure(runner.connect('keyed', { url: `${url}x` }));
    expect(moved).toBeInstanceOf(ForbiddenError);
    expect(moved.code).toBe('override_forbidden');
    const ambiguous = await failure(
      admin.connections.create({ tag: 'amb', type: 'http', value: { url: 'http://a.test\\@b.test/' } }),
    );
    expect(ambiguous).toBeInstanceOf(UnprocessableError);
    expect(ambiguous.code).toBe('invalid_input');
    const proto = await failure(
      runner.connect('keyed', JSON.parse('{"__proto__":{"url":"http://x.test/"}}')),
    );
    expect(proto).toBeInstanceOf(BadRequestError);
    const plainAdmin = new PatchbayClient({
      baseUrl: server.url,
      token: (await admin.tokens.create({ name: 'plain', role: 'admin' })).token,
    });
    const reveal = await failure(plainAdmin.tokens.create({ name: 'r', role: 'runner', reveal: true }));
    expect(reveal).toBeInstanceOf(ForbiddenError);
  });
});
