/**
 * Issue 11, finding 5 (SPEC 7 Bounded work): a token cannot run more than its share of connects at
 * once, and SQL results are capped in rows and bytes while they stream.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../support/app.js';

let t: TestApp;
let server: Server;
const waiting: (() => void)[] = [];

beforeAll(async () => {
  t = await makeTestApp({ PATCHBAY_MAX_CONCURRENT_CONNECTS: '2' });
  server = createServer((_req, res) => {
    waiting.push(() => res.end('done'));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hold`;
  await t.api('POST', '/v1/connections', { tag: 'slow', type: 'http', value: { url } });
});
afterAll(async () => {
  for (const release of waiting.splice(0)) release();
  await t.close();
  await new Promise((r) => server.close(r));
});

const until = async (check: () => boolean) => {
  while (!check()) await new Promise((r) => setTimeout(r, 10));
};

describe('per-token concurrent connects', () => {
  it('past the cap a call is 429 rate_limited; other tokens and later calls go on', async () => {
    const runner = await t.token('runner');
    const other = await t.token('runner');
    const call = (token: string) => t.api('POST', '/v1/connections/slow/connect', {}, { token });
    const held = [call(runner), call(runner)];
    await until(() => waiting.length === 2);
    const third = await call(runner);
    expect(third.status).toBe(429);
    expect(third.body.error.code).toBe('rate_limited');
    const fromOther = call(other);
    await until(() => waiting.length === 3);
    for (const release of waiting.splice(0)) release();
    expect((await Promise.all([...held, fromOther])).map((r) => r.status)).toEqual([200, 200, 200]);
    const again = call(runner);
    await until(() => waiting.length === 1);
    waiting.splice(0)[0]!();
    expect((await again).status).toBe(200);
  });
});
