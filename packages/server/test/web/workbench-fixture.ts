/**
 * Builders for the workbench suite: a built web app, a real Patchbay server in-process serving it,
 * a real Chromium (Debian's), and a small loopback HTTP server for `http` connections to call.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium } from 'playwright-core';
import { startTestServer, type TestServer } from '../support/server.js';

const here = dirname(fileURLToPath(import.meta.url));
export const WEB_ROOT = resolve(here, '../../../web');
export const WEB_DIST = join(WEB_ROOT, 'dist');
/**
 * Where the browser suite saves its screenshots: `test-results/screenshots`, so a test run leaves the
 * checkout clean; `PATCHBAY_UPDATE_SCREENSHOTS=1` writes the README's copies in `docs/screenshots`.
 */
export const SCREENSHOTS = process.env.PATCHBAY_UPDATE_SCREENSHOTS
  ? resolve(here, '../../../../docs/screenshots')
  : resolve(here, '../../../../test-results/screenshots');
export const CHROMIUM_PATH = '/usr/bin/chromium';

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((entry) => newestMtime(join(path, entry))));
}

/** Runs `vite build` when dist/index.html is missing or older than any source the bundle is made of. */
export function ensureWebBuilt(): void {
  const built = newestMtime(join(WEB_DIST, 'index.html'));
  const sources = Math.max(
    newestMtime(join(WEB_ROOT, 'src')),
    newestMtime(join(WEB_ROOT, 'index.html')),
    newestMtime(join(WEB_ROOT, 'vite.config.ts')),
    newestMtime(resolve(WEB_ROOT, '../sdk/src')),
  );
  if (built > 0 && built >= sources) return;
  execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], {
    cwd: WEB_ROOT,
    stdio: 'inherit',
    timeout: 120_000,
  });
}

export interface RunningServer extends TestServer {
  /** calls the API with the admin token, for seeding and for checks the UI does not make */
  api(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }>;
}

/** The shared test server (real Patchbay on loopback, fresh data dir, logs captured) serving the built workbench. */
export async function startServer(env: Record<string, string> = {}): Promise<RunningServer> {
  const server = await startTestServer({ PATCHBAY_WEB_DIR: WEB_DIST, ...env });
  return {
    ...server,
    async api(method, path, body) {
      const response = await fetch(server.url + path, {
        method,
        headers: {
          authorization: `Bearer ${server.token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : undefined };
    },
  };
}

/**
 * Debian's Chromium, headless. `null` when it is not installed (the suite then skips, loudly);
 * under CI a missing browser is an error instead, so the suite cannot pass by not running.
 */
export async function launchChromium(): Promise<Browser | null> {
  if (!existsSync(CHROMIUM_PATH)) {
    if (process.env.CI) {
      throw new Error(
        `${CHROMIUM_PATH} is missing: install Debian's chromium package to run the workbench tests in CI`,
      );
    }
    return null;
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
}

export const chromiumAvailable = () => existsSync(CHROMIUM_PATH);

export interface EchoServer {
  url: string;
  /** authorization headers received, to prove the stored bearer token was sent */
  authorizations: (string | undefined)[];
  close(): Promise<void>;
}

/** An HTTP API for `http` connections: answers JSON with the path and query, never echoing headers. */
export async function startEchoServer(): Promise<EchoServer> {
  const authorizations: (string | undefined)[] = [];
  const server = createServer((req, res) => {
    authorizations.push(req.headers.authorization);
    const url = new URL(req.url ?? '/', 'http://echo');
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        greeting: 'hello from echo',
      }),
    );
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    authorizations,
    close: () => new Promise((done) => server.close(() => done())),
  };
}
