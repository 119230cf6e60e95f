/**
 * The TypeScript SDK retries idempotent calls (GET, PUT, DELETE) answered 429 or 502, honouring
 * Retry-After, and never retries POST or PATCH — against a real HTTP server on loopback that answers
 * from a script.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createClient, PatchbayError } from '@patchbay/sdk';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

let server: Server;
let baseUrl: string;
let script: { status: number; headers?: Record<string, string> }[] = [];
let seen: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const next = script.shift() ?? { status: 200 };
    const body =
      next.status === 200
        ? { items: [], next_cursor: null }
        : {
            error: { code: next.status === 429 ? 'rate_limited' : 'vault_error', message: 'later' },
            request_id: 'r1',
          };
    res.writeHead(next.status, { 'content-type': 'application/json', ...next.headers });
    res.end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  script = [];
  seen = [];
});

const client = (waits: number[], maxRetries?: number) =>
  createClient({
    baseUrl,
    token: 'pb_retry_test_token',
    maxRetries,
    sleep: async (ms) => {
      waits.push(ms);
    },
  });

describe('TypeScript SDK retries', () => {
  it('a GET answered 429 then 502 is sent again, waiting what Retry-After says', async () => {
    script = [{ status: 429, headers: { 'retry-after': '3' } }, { status: 502 }];
    const waits: number[] = [];
    const page = await client(waits).executions.list();
    expect(page.items).toEqual([]);
    expect(seen).toHaveLength(3);
    expect(waits[0]).toBe(3000);
    expect(waits[1]).toBeGreaterThanOrEqual(0);
    expect(waits[1]).toBeLessThanOrEqual(1000);
  });

  it('gives up after maxRetries with the typed error of the last answer', async () => {
    script = [{ status: 502 }, { status: 502 }, { status: 502 }, { status: 502 }];
    const error = await client([], 2)
      .executions.list()
      .catch((e) => e);
    expect(error).toBeInstanceOf(PatchbayError);
    expect(error.status).toBe(502);
    expect(seen).toHaveLength(3);
  });

  it('never sends a POST or PATCH twice', async () => {
    script = [{ status: 429 }];
    const post = await client([])
      .connections.resolve('library')
      .catch((e) => e);
    expect(post.status).toBe(429);
    script = [{ status: 502 }];
    const patch = await client([])
      .connections.update('library', { description: 'x' })
      .catch((e) => e);
    expect(patch.status).toBe(502);
    expect(seen.map((s) => s.split(' ')[0])).toEqual(['POST', 'PATCH']);
  });

  it('a Retry-After date is honoured, capped at 60 s; maxRetries 0 turns retries off', async () => {
    script = [{ status: 429, headers: { 'retry-after': new Date(Date.now() + 3_600_000).toUTCString() } }];
    const waits: number[] = [];
    await client(waits).tokens.list();
    expect(waits).toEqual([60_000]);
    script = [{ status: 429 }];
    expect(
      (
        await client([], 0)
          .tokens.list()
          .catch((e) => e)
      ).status,
    ).toBe(429);
  });
});
