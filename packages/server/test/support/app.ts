import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { loadConfig } from '../../src/config.js';
import { createLogger, createPatchbay, type Patchbay } from '../../src/server.js';

export interface ApiResponse {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON answers
  body: any;
  text: string;
  headers: Record<string, string | string[] | number | undefined>;
}

export interface TestApp {
  patchbay: Patchbay;
  adminToken: string;
  dataDir: string;
  /** every log line the server wrote */
  logs: string[];
  /** every response body the tests received, for canary checks */
  responses: string[];
  api(
    method: string,
    url: string,
    body?: unknown,
    options?: { token?: string | null; headers?: Record<string, string> },
  ): Promise<ApiResponse>;
  /** creates a token of a role and returns its secret */
  token(role: 'viewer' | 'runner' | 'editor' | 'admin', reveal?: boolean): Promise<string>;
  close(): Promise<void>;
}

/**
 * A real server (store, keyring, services, HTTP) in this process, reached through Fastify's inject.
 * SQLite in a fresh temp dir unless `PATCHBAY_DATABASE_URL` is given.
 */
export async function makeTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'patchbay-test-'));
  const adminToken = `pb_${randomBytes(32).toString('base64url')}`;
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const config = loadConfig({
    PATCHBAY_DATA_DIR: dataDir,
    PATCHBAY_ADMIN_TOKEN: adminToken,
    PATCHBAY_LOG_LEVEL: 'debug',
    ...env,
  });
  const patchbay = await createPatchbay(config, createLogger('debug', sink));
  const responses: string[] = [];
  const app: TestApp = {
    patchbay,
    adminToken,
    dataDir,
    logs,
    responses,
    async api(method, url, body, options = {}) {
      const token = options.token === undefined ? adminToken : options.token;
      const headers: Record<string, string> = { ...(options.headers ?? {}) };
      if (token) headers.authorization = `Bearer ${token}`;
      const res = await patchbay.app.inject({
        method: method as 'GET',
        url,
        headers,
        ...(body === undefined
          ? {}
          : typeof body === 'string'
            ? { payload: body }
            : { payload: body as object }),
      });
      responses.push(res.body);
      let parsed: unknown;
      try {
        parsed = res.body ? JSON.parse(res.body) : undefined;
      } catch {
        parsed = undefined;
      }
      return { status: res.statusCode, body: parsed, text: res.body, headers: res.headers };
    },
    async token(role, reveal = false) {
      const res = await app.api('POST', '/v1/tokens', {
        name: `${role}-${randomBytes(3).toString('hex')}`,
        role,
        reveal,
      });
      if (res.status !== 201) throw new Error(`token create failed: ${res.text}`);
      return res.body.token as string;
    },
    async close() {
      await patchbay.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return app;
}
