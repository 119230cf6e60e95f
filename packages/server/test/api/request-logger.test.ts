import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { lazyChildLogger } from '../../src/http/request-logger.js';

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
});
