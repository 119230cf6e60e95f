/**
 * The `openbao` test Vault: one real OpenBao dev server per test file, shared by its cases, reached
 * through a recording pass-through proxy so cases can count logins, renewals and reads as they do on
 * the fake. Every answer is OpenBao's own; the proxy only forwards bytes and notes the status.
 * `close()` undoes what the case seeded (secrets, tokens, roles; unseals), so the next case starts
 * from the same state: the mounts of TEST_MOUNTS and the AppRole auth method.
 */
import { createHash } from 'node:crypto';
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { VaultFakeRequest } from '../fakes/vault-fake.js';
import { type OpenBaoServer, startOpenBao } from './openbao.js';
import { apiPathOf, TEST_MOUNTS, type TestVault, type TestVaultTokenOptions } from './test-vault.js';

let shared: Promise<OpenBaoServer> | undefined;
/** namespaces made on the shared server (kept between cases; a restart forgets them) */
const namespaces = new Set<string>();

/** Stops the file's OpenBao, if it was started. */
export async function closeSharedOpenBao(): Promise<void> {
  const server = shared;
  shared = undefined;
  namespaces.clear();
  if (server) await (await server).close();
}

/** The file's OpenBao, started on first use; stopped by closeSharedOpenBao (or when the process ends). */
function sharedServer(): Promise<OpenBaoServer> {
  shared ??= startOpenBao().then(async (bao) => {
    await prepare(bao);
    return bao;
  });
  return shared;
}

async function must(bao: OpenBaoServer, method: string, path: string, body?: unknown, namespace?: string) {
  const res = await bao.api(method, path, body, { namespace });
  if (res.status >= 300) {
    throw new Error(`OpenBao ${method} ${path} → ${res.status} ${JSON.stringify(res.body?.errors)}`);
  }
  return res.body;
}

/** What every case may rely on: the test mounts and AppRole. (The dev server mounts `secret/` itself.) */
async function prepare(bao: OpenBaoServer, namespace?: string): Promise<void> {
  for (const [path, version] of Object.entries(TEST_MOUNTS)) {
    if (path === 'secret' && !namespace) continue;
    const mount = { type: 'kv', options: { version: String(version) } };
    await must(bao, 'POST', `sys/mounts/${path}`, mount, namespace);
  }
  if (!namespace) await must(bao, 'POST', 'sys/auth/approle', { type: 'approle' });
}

const hashed = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 16);

/** A policy that may read `allow` (API path prefixes), or everything. */
async function policyFor(bao: OpenBaoServer, allow: string[] | undefined): Promise<string> {
  const paths = allow ?? [''];
  const hcl = paths.map((p) => `path "${p}*" { capabilities = ["read"] }`).join('\n');
  const name = `read-${hashed(hcl)}`;
  await must(bao, 'PUT', `sys/policies/acl/${name}`, { policy: hcl });
  return name;
}

const ttl = (seconds: number | undefined) => (seconds ? { ttl: `${seconds}s` } : {});

function splitPath(path: string): { mount: string; key: string } {
  const mount = Object.keys(TEST_MOUNTS).find((m) => path.startsWith(`${m}/`));
  if (!mount) throw new Error(`'${path}' is on none of the test mounts`);
  return { mount, key: path.slice(mount.length + 1) };
}

export async function startOpenBaoVault(): Promise<TestVault> {
  const bao = await sharedServer();
  const requests: VaultFakeRequest[] = [];
  /** re-applied in order after a restart (the dev server keeps its data in memory only) */
  const seeded: Array<() => Promise<void>> = [];
  const undo: Array<() => Promise<void>> = [];
  let sealed = false;
  let stopped = false;

  const seed = async (apply: () => Promise<void>, revert?: () => Promise<void>) => {
    await apply();
    seeded.push(apply);
    if (revert) undo.push(revert);
  };

  async function inNamespace(namespace: string | undefined): Promise<void> {
    if (!namespace || namespaces.has(namespace)) return;
    await must(bao, 'POST', `sys/namespaces/${namespace}`, {});
    await prepare(bao, namespace);
    namespaces.add(namespace);
  }

  const proxy = createProxy(bao, requests);
  await proxy.listen();

  const vault: TestVault = {
    name: 'openbao',
    address: proxy.address(),
    rootToken: bao.rootToken,
    serverVersion: String((await bao.api('GET', 'sys/health')).body?.version),
    requests,
    bao,
    async putSecret(path, data, namespace) {
      const { mount, key } = splitPath(path);
      const v2 = TEST_MOUNTS[mount] === 2;
      const write = async () => {
        await inNamespace(namespace);
        await must(bao, 'POST', v2 ? `${mount}/data/${key}` : path, v2 ? { data } : data, namespace);
      };
      const remove = async () =>
        void (await bao.api('DELETE', v2 ? `${mount}/metadata/${key}` : path, undefined, { namespace }));
      await seed(write, remove);
    },
    async deleteVersions(path, versions) {
      await seed(async () => void (await bao.cli('kv', 'delete', `-versions=${versions.join(',')}`, path)));
    },
    async destroyVersions(path, versions) {
      await seed(async () => void (await bao.cli('kv', 'destroy', `-versions=${versions.join(',')}`, path)));
    },
    async addToken(token, options: TestVaultTokenOptions = {}) {
      const create = async () => {
        const policy = await policyFor(bao, options.allow);
        await must(bao, 'POST', 'auth/token/create-orphan', {
          id: token,
          policies: [policy],
          renewable: options.renewable ?? false,
          ...ttl(options.ttlSeconds),
        });
      };
      await seed(create, async () => void (await bao.api('POST', 'auth/token/revoke', { token })));
    },
    async addAppRole(role) {
      const name = `role-${hashed(role.roleId)}`;
      const create = async () => {
        const policy = await policyFor(bao, role.allow);
        // A renewable login is a service token (renewable up to its max TTL); a non-renewable one is
        // a batch token, which OpenBao never renews.
        await must(bao, 'POST', `auth/approle/role/${name}`, {
          token_policies: [policy],
          token_type: role.renewable ? 'service' : 'batch',
          ...(role.ttlSeconds ? { token_ttl: `${role.ttlSeconds}s` } : {}),
          ...(role.maxTtlSeconds ? { token_max_ttl: `${role.maxTtlSeconds}s` } : {}),
        });
        await must(bao, 'POST', `auth/approle/role/${name}/role-id`, { role_id: role.roleId });
        await must(bao, 'POST', `auth/approle/role/${name}/custom-secret-id`, { secret_id: role.secretId });
      };
      await seed(create, async () => void (await bao.api('DELETE', `auth/approle/role/${name}`)));
    },
    async expireIssuedTokens() {
      await must(bao, 'PUT', 'sys/leases/revoke-prefix/auth/approle/login', {});
    },
    readCount(path, namespace = '') {
      const api = apiPathOf(path);
      return requests.filter(
        (r) => r.method === 'GET' && r.path === api && r.namespace === namespace && r.status === 200,
      ).length;
    },
    async seal() {
      await bao.seal();
      sealed = true;
    },
    async unseal() {
      await bao.unseal();
      sealed = false;
    },
    async stop() {
      stopped = true;
      await proxy.close();
      await bao.stop();
    },
    async start() {
      await bao.restart();
      await prepare(bao);
      namespaces.clear();
      for (const apply of seeded) await apply();
      await proxy.listen();
      stopped = false;
    },
    async close() {
      if (stopped) await vault.start();
      if (sealed) await vault.unseal();
      for (const revert of undo.reverse()) await revert();
      await proxy.close();
    },
  };
  return vault;
}

/** A pass-through HTTP proxy to `bao` that records each answer; a dead upstream drops the socket. */
function createProxy(bao: OpenBaoServer, requests: VaultFakeRequest[]) {
  const upstream = new URL(bao.address);
  let port = 0;
  const server: Server = createServer((req: IncomingMessage, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const namespace = String(req.headers['x-vault-namespace'] ?? '').replace(/^\/+|\/+$/g, '');
    const forward = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        path: req.url,
        method: req.method,
        headers: req.headers,
      },
      (answer) => {
        requests.push({ method: req.method ?? '', path, namespace, status: answer.statusCode ?? 0 });
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => req.socket.destroy());
    req.pipe(forward);
  });
  return {
    address: () => `http://127.0.0.1:${port}`,
    listen: () =>
      new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, '127.0.0.1', () => {
          server.off('error', reject);
          port = (server.address() as AddressInfo).port;
          resolve();
        });
      }),
    close: () =>
      new Promise<void>((resolve) => {
        if (!server.listening) return resolve();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
