/**
 * Issue 11, finding 5 (SPEC 7 Bounded work): a token cannot run more than its share of connects at
 * once, and SQL results are capped in rows and bytes while they stream.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../support/app.js';
import { serviceAvailable } from '../support/type-context.js';

const pgUp = await serviceAvailable('PostgreSQL', '127.0.0.1', 5432, 'bounded work: postgres');
const myUp = await serviceAvailable('MariaDB', '127.0.0.1', 3306, 'bounded work: mysql');
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

describe('SQL results are capped in rows and bytes while they stream', () => {
  const cases = [
    {
      type: 'postgres',
      up: pgUp,
      value: { host: '127.0.0.1', port: 5432, database: 'test', user: 'postgres' },
      rows: 'SELECT g FROM generate_series(1, 20000) AS g',
      bytes: "SELECT repeat('x', 1000000) AS big FROM generate_series(1, 12)",
      fits: 'SELECT g FROM generate_series(1, 10000) AS g',
    },
    {
      type: 'mysql',
      up: myUp,
      value: { host: '127.0.0.1', port: 3306, database: 'test', user: 'root' },
      rows: 'SELECT seq FROM seq_1_to_20000',
      bytes: "SELECT REPEAT('x', 1000000) AS big FROM seq_1_to_12",
      fits: 'SELECT seq FROM seq_1_to_10000',
    },
  ];
  for (const c of cases) {
    it.runIf(c.up)(
      `${c.type}: too many rows or too many bytes is result_too_large; the cap itself fits`,
      async () => {
        const runner = await t.token('runner');
        await t.api('POST', '/v1/connections', { tag: `big-${c.type}`, type: c.type, value: c.value });
        const run = (statement: string) =>
          t.api(
            'POST',
            `/v1/connections/big-${c.type}/connect`,
            { inputs: { statement } },
            { token: runner },
          );
        for (const statement of [c.rows, c.bytes]) {
          const res = await run(statement);
          expect(res.body.status, statement).toBe('failed');
          expect(res.body.error.code).toBe('result_too_large');
        }
        const fits = await run(c.fits);
        expect(fits.body.status).toBe('succeeded');
        expect(fits.body.output_value.row_count).toBe(10000);
      },
    );
  }
});
