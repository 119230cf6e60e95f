/**
 * A test double for HashiCorp Vault's HTTP API (https://developer.hashicorp.com/vault/api-docs):
 * KV v1 (`GET /v1/<mount>/<path>` → `{data}`) and KV v2 (`GET /v1/<mount>/data/<path>` →
 * `{data: {data, metadata}}`) reads, `sys/health` (200, 501 uninitialized, 503 sealed),
 * `auth/approle/login`, `auth/token/lookup-self` and `renew-self`, the `X-Vault-Token` and
 * `X-Vault-Namespace` headers, `{"errors":["permission denied"]}` with 403 and `{"errors":[]}` with 404.
 * KV v2 reads take `?version=N`; a soft-deleted or destroyed version answers 404 with its metadata
 * (`deletion_time`, `destroyed`) and `data: null`, as OpenBao does.
 * Switches simulate faults: sealed, slow answers, down, hung-up sockets, expiring tokens.
 */
import { randomBytes } from 'node:crypto';
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';

export interface VaultFakeOptions {
  /** serve HTTPS with this key and certificate (PEM) */
  tls?: { key: string; cert: string };
  /** KV mounts (in every namespace): mount path → KV version; default `{ secret: 2, kv: 1 }` */
  mounts?: Record<string, 1 | 2>;
}

export interface VaultFakeTokenOptions {
  /** seconds until the token stops working; 0 (default) never expires */
  ttlSeconds?: number;
  /** what a login says the lease is, when it should differ from the real TTL (a lying clock) */
  advertisedTtlSeconds?: number;
  renewable?: boolean;
  /** the longest the token may live, renewals included; a renewal's lease is cut to what is left */
  maxTtlSeconds?: number;
  /** API paths (without `/v1/`) the token may read, as prefixes; default everything */
  allow?: string[];
}

export interface VaultFakeAppRole extends VaultFakeTokenOptions {
  roleId: string;
  secretId: string;
}

export interface VaultFakeRequest {
  method: string;
  /** URL path, e.g. `/v1/secret/data/oracle` */
  path: string;
  namespace: string;
  status: number;
}

export interface VaultFake {
  readonly address: string;
  /** a token that never expires and may read everything */
  readonly rootToken: string;
  sealed: boolean;
  initialized: boolean;
  /** every answer waits this long */
  delayMs: number;
  /** destroy the socket of every request instead of answering */
  hangUp: boolean;
  readonly requests: VaultFakeRequest[];
  /** writes a new version of the secret at logical path `<mount>/<path>` */
  putSecret(path: string, data: Record<string, unknown>, namespace?: string): void;
  /** soft-deletes versions of a KV v2 secret (`kv delete -versions`) */
  deleteVersions(path: string, versions: number[], namespace?: string): void;
  /** destroys versions of a KV v2 secret (`kv destroy -versions`) */
  destroyVersions(path: string, versions: number[], namespace?: string): void;
  addToken(token: string, options?: VaultFakeTokenOptions): void;
  addAppRole(role: VaultFakeAppRole): void;
  /** every token issued by a login stops working now */
  expireIssuedTokens(): void;
  /** reads of logical path `<mount>/<path>` that reached the secret */
  readCount(path: string, namespace?: string): number;
  /** stops listening and closes every connection: Vault is down */
  stop(): Promise<void>;
  /** listens again on the same port */
  start(): Promise<void>;
  close(): Promise<void>;
}

interface FakeToken {
  expiresAt: number;
  maxExpiresAt: number;
  ttlMs: number;
  advertisedMs: number;
  renewable: boolean;
  allow: string[] | undefined;
  issued: boolean;
}

interface Version {
  data: Record<string, unknown> | null;
  createdTime: string;
  deletionTime: string;
  destroyed: boolean;
}

interface Stored {
  versions: Version[];
}

export async function startVaultFake(options: VaultFakeOptions = {}): Promise<VaultFake> {
  const mounts = options.mounts ?? { secret: 2, kv: 1 };
  const tokens = new Map<string, FakeToken>();
  const roles = new Map<string, VaultFakeAppRole>();
  const secrets = new Map<string, Stored>();
  const reads = new Map<string, number>();
  const timers = new Set<NodeJS.Timeout>();
  const rootToken = `hvs.root-${randomBytes(12).toString('hex')}`;

  const issue = (token: string, o: VaultFakeTokenOptions, issued: boolean): FakeToken => {
    const ttlMs = (o.ttlSeconds ?? 0) * 1000;
    const t: FakeToken = {
      expiresAt: ttlMs > 0 ? Date.now() + ttlMs : Number.POSITIVE_INFINITY,
      maxExpiresAt: o.maxTtlSeconds ? Date.now() + o.maxTtlSeconds * 1000 : Number.POSITIVE_INFINITY,
      ttlMs,
      advertisedMs: (o.advertisedTtlSeconds ?? o.ttlSeconds ?? 0) * 1000,
      renewable: o.renewable ?? false,
      allow: o.allow,
      issued,
    };
    tokens.set(token, t);
    return t;
  };
  issue(rootToken, {}, false);

  const fake = {
    address: '',
    rootToken,
    sealed: false,
    initialized: true,
    delayMs: 0,
    hangUp: false,
    requests: [] as VaultFakeRequest[],
  };

  function handle(req: IncomingMessage, res: ServerResponse, body: string) {
    const url = new URL(req.url ?? '/', 'http://vault');
    const namespace = String(req.headers['x-vault-namespace'] ?? '').replace(/^\/+|\/+$/g, '');
    const send = (status: number, json: unknown) => {
      fake.requests.push({ method: req.method ?? '', path: url.pathname, namespace, status });
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(json));
    };
    const route = url.pathname.replace(/^\/v1\//, '');
    if (route === 'sys/health') {
      const status = !fake.initialized ? 501 : fake.sealed ? 503 : 200;
      return send(status, {
        initialized: fake.initialized,
        sealed: fake.sealed || !fake.initialized,
        standby: false,
        performance_standby: false,
        server_time_utc: Math.floor(Date.now() / 1000),
        version: '1.17.2',
        cluster_name: 'vault-fake',
      });
    }
    if (fake.sealed || !fake.initialized) return send(503, { errors: ['Vault is sealed'] });
    if (req.method === 'POST' && route === 'auth/approle/login') return login(body, send);
    const tokenId = String(req.headers['x-vault-token'] ?? '');
    const token = tokens.get(tokenId);
    if (!token || Date.now() >= token.expiresAt) return send(403, { errors: ['permission denied'] });
    if (req.method === 'GET' && route === 'auth/token/lookup-self') {
      const ttl = Number.isFinite(token.expiresAt) ? Math.ceil((token.expiresAt - Date.now()) / 1000) : 0;
      return send(200, {
        data: {
          id: tokenId,
          accessor: 'fake-accessor',
          policies: ['default'],
          ttl,
          renewable: token.renewable,
        },
      });
    }
    if (req.method === 'POST' && route === 'auth/token/renew-self') {
      if (!token.renewable) return send(400, { errors: ['lease is not renewable'] });
      if (token.ttlMs > 0) token.expiresAt = Math.min(Date.now() + token.ttlMs, token.maxExpiresAt);
      // like OpenBao: near the max TTL the lease is what is left, rounded to whole seconds (so 0 when
      // less than half a second is left, and a little more than is left otherwise)
      const left = Math.round((token.expiresAt - Date.now()) / 1000);
      return send(200, { auth: authBody(tokenId, token, Math.min(left, token.advertisedMs / 1000)) });
    }
    if (req.method === 'GET') return readSecret(route, url.searchParams, namespace, token, send);
    send(405, { errors: ['unsupported operation'] });
  }

  function login(body: string, send: (status: number, json: unknown) => void) {
    let creds: { role_id?: unknown; secret_id?: unknown } = {};
    try {
      creds = JSON.parse(body);
    } catch {
      return send(400, { errors: ['failed to parse JSON input'] });
    }
    const role = roles.get(String(creds.role_id));
    if (!role || role.secretId !== creds.secret_id)
      return send(400, { errors: ['invalid role or secret ID'] });
    const tokenId = `hvs.${randomBytes(18).toString('base64url')}`;
    send(200, { auth: authBody(tokenId, issue(tokenId, role, true)) });
  }

  const authBody = (tokenId: string, token: FakeToken, leaseSeconds = token.advertisedMs / 1000) => ({
    client_token: tokenId,
    accessor: 'fake-accessor',
    policies: ['default'],
    token_policies: ['default'],
    lease_duration: leaseSeconds,
    renewable: token.renewable,
  });

  function readSecret(
    route: string,
    query: URLSearchParams,
    namespace: string,
    token: FakeToken,
    send: (s: number, j: unknown) => void,
  ) {
    if (token.allow && !token.allow.some((p) => route.startsWith(p)))
      return send(403, { errors: ['permission denied'] });
    const mount = Object.keys(mounts).find((m) => route.startsWith(`${m}/`));
    if (!mount) return send(404, { errors: [`no handler for route "${route}". route entry not found.`] });
    let rest = route.slice(mount.length + 1);
    if (mounts[mount] === 2) {
      if (!rest.startsWith('data/')) return send(405, { errors: ['unsupported path'] });
      rest = rest.slice('data/'.length);
    }
    const key = `${namespace}|${mount}/${decodeURIComponent(rest)}`;
    const stored = secrets.get(key);
    if (!stored) return send(404, { errors: [] });
    if (mounts[mount] === 1) {
      reads.set(key, (reads.get(key) ?? 0) + 1);
      const data = stored.versions.at(-1)?.data;
      return send(200, { request_id: 'fake', lease_duration: 2764800, renewable: false, data });
    }
    const asked = Number(query.get('version') ?? 0);
    const number = asked > 0 ? asked : stored.versions.length;
    const version = stored.versions[number - 1];
    if (!version) return send(404, { errors: [] });
    const metadata = {
      created_time: version.createdTime,
      custom_metadata: null,
      deletion_time: version.deletionTime,
      destroyed: version.destroyed,
      version: number,
    };
    const data = version.data;
    if (data === null) return send(404, { request_id: 'fake', data: { data: null, metadata } });
    reads.set(key, (reads.get(key) ?? 0) + 1);
    send(200, {
      request_id: 'fake',
      lease_id: '',
      renewable: false,
      lease_duration: 0,
      data: { data, metadata },
      wrap_info: null,
      warnings: null,
      auth: null,
    });
  }

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    if (fake.hangUp) {
      req.socket.destroy();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const answer = () => handle(req, res, Buffer.concat(chunks).toString('utf8'));
      if (fake.delayMs <= 0) return answer();
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (!res.destroyed) answer();
      }, fake.delayMs);
      timers.add(timer);
    });
  };

  const server: Server = options.tls
    ? createHttpsServer({ key: options.tls.key, cert: options.tls.cert }, onRequest)
    : createHttpServer(onRequest);
  let port = 0;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        port = (server.address() as AddressInfo).port;
        resolve();
      });
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      if (!server.listening) return resolve();
      server.close(() => resolve());
      server.closeAllConnections();
    });
  await listen();
  fake.address = `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`;

  return Object.assign(fake, {
    putSecret(path: string, data: Record<string, unknown>, namespace = '') {
      const key = `${namespace}|${path}`;
      const stored = secrets.get(key) ?? { versions: [] };
      const createdTime = new Date().toISOString();
      stored.versions.push({ data: structuredClone(data), createdTime, deletionTime: '', destroyed: false });
      secrets.set(key, stored);
    },
    deleteVersions(path: string, versions: number[], namespace = '') {
      for (const n of versions) {
        const v = secrets.get(`${namespace}|${path}`)?.versions[n - 1];
        if (v && !v.destroyed) Object.assign(v, { data: null, deletionTime: new Date().toISOString() });
      }
    },
    destroyVersions(path: string, versions: number[], namespace = '') {
      for (const n of versions) {
        const v = secrets.get(`${namespace}|${path}`)?.versions[n - 1];
        if (v) Object.assign(v, { data: null, destroyed: true });
      }
    },
    addToken: (token: string, o: VaultFakeTokenOptions = {}) => void issue(token, o, false),
    addAppRole: (role: VaultFakeAppRole) => void roles.set(role.roleId, role),
    expireIssuedTokens() {
      for (const t of tokens.values()) if (t.issued) t.expiresAt = 0;
    },
    readCount: (path: string, namespace = '') => reads.get(`${namespace}|${path}`) ?? 0,
    stop,
    start: listen,
    close: stop,
  });
}
