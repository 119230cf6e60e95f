/**
 * A real OpenBao server (`bao server -dev`) for the Vault suites. The binary comes from
 * `scripts/prepare.d/20-openbao.sh` (`.tools/venv/bin/bao` at the repository root) or from
 * PATCHBAY_TEST_BAO. Each server listens on a free loopback port with a known root token, keeps its
 * data in memory, and works in a temporary directory that is removed when it stops.
 *
 * When `bao` is missing the OpenBao cases are left out with a loud warning; under `CI` the importing
 * suite fails instead.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, constants, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Agent, fetch } from 'undici';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');

export const BAO_BINARY = process.env.PATCHBAY_TEST_BAO ?? join(repoRoot, '.tools/venv/bin/bao');

function baoProblem(): string | undefined {
  try {
    accessSync(BAO_BINARY, constants.X_OK);
    return undefined;
  } catch {
    return `no executable OpenBao binary at ${BAO_BINARY}`;
  }
}

function openBaoAvailable(): boolean {
  const problem = baoProblem();
  if (problem === undefined) return true;
  const fix = 'run scripts/prepare-machine.sh (prepare.d/20-openbao.sh) or set PATCHBAY_TEST_BAO';
  if (process.env.CI) throw new Error(`${problem}; CI must run the OpenBao cases: ${fix}`);
  console.warn(
    `\n!!! SKIPPING every 'openbao:' case of this suite: ${problem}.\n` +
      `!!! Only the Vault fake is tested. To test against a real OpenBao, ${fix} (CI=1 turns this into a failure).\n`,
  );
  return false;
}

/** True when a real OpenBao can be started (decided once per test file). */
export const OPENBAO_AVAILABLE: boolean = openBaoAvailable();

export interface OpenBaoServer {
  readonly address: string;
  readonly rootToken: string;
  /** the dev server's single unseal key, as it printed at start */
  readonly unsealKey: string;
  /** with `tls`: the PEM of the CA that signed the server's certificate (bao's `-dev-tls`) */
  readonly caCert: string | null;
  /** calls the HTTP API as root (or `token`); resolves with the status and parsed body */
  api(
    method: string,
    path: string,
    body?: unknown,
    options?: { token?: string; namespace?: string },
  ): Promise<{ status: number; body: Record<string, unknown> | undefined }>;
  /** runs the `bao` CLI against this server as root; resolves with its stdout */
  cli(...args: string[]): Promise<string>;
  seal(): Promise<void>;
  unseal(): Promise<void>;
  /** stops the process: the address refuses connections; the in-memory data is gone */
  stop(): Promise<void>;
  /** starts a new, empty dev server on the same port with the same root token */
  restart(): Promise<void>;
  /** stops the process and removes its directory */
  close(): Promise<void>;
}

const run = promisify(execFile);

/** A free loopback port: bound once by the OS, then released for bao to take. */
function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolvePort(port));
    });
  });
}

/** Starts `bao server -dev` and waits until `sys/health` says it is unsealed and active. */
export async function startOpenBao(options: { tls?: boolean } = {}): Promise<OpenBaoServer> {
  const rootToken = `root-${randomBytes(12).toString('hex')}`;
  const port = await freePort();
  const address = `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`;
  const dir = mkdtempSync(join(tmpdir(), 'patchbay-openbao-'));
  const caFile = join(dir, 'tls', 'vault-ca.pem');
  // bao writes its dev CA and certificate here; it must exist beforehand
  if (options.tls) mkdirSync(join(dir, 'tls'));
  let caCert: string | null = null;
  let dispatcher: Agent | undefined;
  let child: ChildProcess | undefined;
  let output = '';
  let unsealKey = '';

  const env = {
    ...process.env,
    HOME: dir,
    BAO_ADDR: address,
    BAO_TOKEN: rootToken,
    ...(options.tls ? { BAO_CACERT: caFile } : {}),
  };
  const tlsArgs = options.tls ? ['-dev-tls', `-dev-tls-cert-dir=${join(dir, 'tls')}`] : [];
  async function launch(): Promise<void> {
    output = '';
    // a -dev-tls server makes a new CA each start
    dispatcher = undefined;
    caCert = null;
    child = spawn(
      BAO_BINARY,
      [
        'server',
        '-dev',
        `-dev-root-token-id=${rootToken}`,
        `-dev-listen-address=127.0.0.1:${port}`,
        '-dev-no-store-token',
        ...tlsArgs,
      ],
      { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const collect = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      unsealKey = /Unseal Key: (\S+)/.exec(output)?.[1] ?? unsealKey;
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    await waitHealthy(child);
  }

  async function waitHealthy(proc: ChildProcess): Promise<void> {
    for (let i = 0; i < 200; i++) {
      if (proc.exitCode !== null) break;
      if (options.tls && !dispatcher) {
        try {
          caCert = readFileSync(caFile, 'utf8');
          dispatcher = new Agent({ connect: { ca: caCert } });
        } catch {
          // not written yet
        }
      }
      const ok = await fetch(`${address}/v1/sys/health`, { dispatcher }).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ok && unsealKey) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`OpenBao did not come up at ${address}; its output:\n${output.slice(-3000)}`);
  }

  async function stop(): Promise<void> {
    const proc = child;
    child = undefined;
    if (!proc || proc.exitCode !== null) return;
    const exited = new Promise((r) => proc.once('exit', r));
    proc.kill('SIGTERM');
    const timer = setTimeout(() => proc.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }

  async function api(
    method: string,
    path: string,
    body?: unknown,
    o: { token?: string; namespace?: string } = {},
  ) {
    const headers: Record<string, string> = { 'x-vault-token': o.token ?? rootToken };
    if (o.namespace) headers['x-vault-namespace'] = o.namespace;
    const res = await fetch(`${address}/v1/${path}`, {
      dispatcher,
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  }

  await launch();
  process.once('exit', () => child?.kill('SIGKILL'));
  return {
    address,
    rootToken,
    get caCert() {
      return caCert;
    },
    get unsealKey() {
      return unsealKey;
    },
    api,
    async cli(...args) {
      return (await run(BAO_BINARY, args, { cwd: dir, env })).stdout;
    },
    async seal() {
      await run(BAO_BINARY, ['operator', 'seal'], { cwd: dir, env });
    },
    async unseal() {
      const res = await api('PUT', 'sys/unseal', { key: unsealKey });
      if (res.status !== 200 || res.body?.sealed !== false) {
        throw new Error(`OpenBao did not unseal (${res.status})`);
      }
    },
    stop,
    async restart() {
      await stop();
      await launch();
    },
    async close() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
