import { Writable } from 'node:stream';
import Fastify from 'fastify';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { lazyChildLogger, RequestLogController } from '../../src/http/request-logger.js';

function capture(level: string) {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const logger = pino({ level }, sink);
  let children = 0;
  const child = logger.child.bind(logger);
  logger.child = ((...args: Parameters<typeof child>) => {
    children++;
    return child(...args);
  }) as typeof logger.child;
  return { logger, lines, children: () => children };
}

describe('per-request logger', () => {
  it('writes enabled lines with the request binding, and makes no child for lines below the level', async () => {
    const quiet = capture('warn');
    const lazy = lazyChildLogger.call(
      undefined as never,
      quiet.logger,
      { reqId: 'r-1' },
      {},
      undefined as never,
    );
    lazy.info({ route: '/v1/x' }, 'request');
    lazy.debug('nothing');
    expect(quiet.children()).toBe(0);
    lazy.error({ code: 'boom' }, 'failed');
    await new Promise((resolve) => setImmediate(resolve));
    expect(quiet.children()).toBe(1);
    expect(quiet.lines).toHaveLength(1);
    expect(JSON.parse(quiet.lines[0]!)).toMatchObject({ reqId: 'r-1', code: 'boom', msg: 'failed' });

    const verbose = capture('info');
    const logged = lazyChildLogger.call(
      undefined as never,
      verbose.logger,
      { reqId: 'r-2' },
      {},
      undefined as never,
    );
    logged.info({ status: 200 }, 'request');
    await new Promise((resolve) => setImmediate(resolve));
    expect(JSON.parse(verbose.lines[0]!)).toMatchObject({ reqId: 'r-2', status: 200, msg: 'request' });
  });

  it('counts and logs every finished request once, matched or not, with its route and status', async () => {
    const { logger, lines } = capture('info');
    const observed: [string, string, number][] = [];
    const app = Fastify({
      loggerInstance: logger,
      childLoggerFactory: lazyChildLogger,
      logController: new RequestLogController({
        observe: (method, route, status, seconds) => {
          expect(seconds).toBeGreaterThanOrEqual(0);
          observed.push([method, route, status]);
        },
      }),
    });
    app.get('/v1/things/:id', async () => ({ ok: true }));
    await app.ready();
    expect((await app.inject({ method: 'GET', url: '/v1/things/7' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/v1/nothing' })).statusCode).toBe(404);
    await app.close();
    await new Promise((resolve) => setImmediate(resolve));
    expect(observed).toEqual([
      ['GET', '/v1/things/:id', 200],
      ['GET', 'unmatched', 404],
    ]);
    const requests = lines.map((line) => JSON.parse(line)).filter((line) => line.msg === 'request');
    expect(requests).toEqual([
      expect.objectContaining({
        method: 'GET',
        route: '/v1/things/:id',
        status: 200,
        reqId: expect.any(String),
      }),
      expect.objectContaining({ method: 'GET', route: 'unmatched', status: 404 }),
    ]);
    // Fastify's own request lines stay off
    expect(lines.some((line) => /incoming request|request completed|Route GET/.test(line))).toBe(false);
  });
});
