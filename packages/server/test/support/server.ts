import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { loadConfig } from '../../src/config.js';
import { createLogger, createPatchbay, type Patchbay, type PatchbayDeps } from '../../src/server.js';

export interface TestServer {
  /** base URL, e.g. http://127.0.0.1:41234 (no /v1) */
  url: string;
  /** the bootstrap admin token of workspace default (with reveal) */
  token: string;
  patchbay: Patchbay;
  dataDir: string;
  /** every log line the server wrote (pino JSON), for canary searches */
  logs: string[];
  close(): Promise<void>;
}

/**
 * A real Patchbay listening on a free loopback port, with SQLite in a fresh temp dir (unless the
 * overrides give PATCHBAY_DATABASE_URL). Logs are captured at `info` (override PATCHBAY_LOG_LEVEL),
 * never printed.
 *
 * @example
 * const server = await startTestServer();
 * const client = new PatchbayClient({ baseUrl: server.url, token: server.token });
 * afterAll(() => server.close());
 */
export async function startTestServer(
  env: Record<string, string> = {},
  deps: PatchbayDeps = {},
): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'patchbay-server-'));
  const token = `pb_${randomBytes(32).toString('base64url')}`;
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const config = loadConfig({
    PATCHBAY_DATA_DIR: dataDir,
    PATCHBAY_ADMIN_TOKEN: token,
    PATCHBAY_LOG_LEVEL: 'info',
    ...env,
  });
  const patchbay = await createPatchbay(config, createLogger(config.logLevel, sink), deps);
  const address = await patchbay.app.listen({ port: 0, host: '127.0.0.1' });
  return {
    url: address,
    token,
    patchbay,
    dataDir,
    logs,
    async close() {
      await patchbay.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
