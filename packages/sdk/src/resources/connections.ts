import { segment, type Transport } from '../transport.js';
import type {
  AttachVaultInput,
  Connection,
  ConnectionQuery,
  CreateConnectionInput,
  Execution,
  Page,
  Resolution,
  UpdateConnectionInput,
  Validation,
} from '../types.js';

/**
 * Options of `resolve`: per-call overrides, and `reveal` to get secret values (needs a token with reveal).
 *
 * @example
 * const options: ResolveOptions = { inputs: { ref: 'v2' }, reveal: false };
 */
export interface ResolveOptions {
  inputs?: Record<string, unknown>;
  reveal?: boolean;
}

/**
 * Options of `connect`: per-call overrides and the time budget of the task.
 *
 * @example
 * const options: ConnectOptions = { inputs: { ref: 'v2' }, timeout_ms: 60_000 };
 */
export interface ConnectOptions {
  inputs?: Record<string, unknown>;
  timeout_ms?: number;
}

/**
 * `client.connections`: every operation on named connections (SPEC 2).
 *
 * @example
 * await client.connections.create({ tag: 'library', type: 'git', value: { repository_url: 'https://git.example.com/lib.git' } });
 * const execution = await client.connections.connect('library', { inputs: { ref: 'v2' } });
 */
export interface ConnectionsApi {
  /** One page; `client.connections.list({ type: 'git', limit: 100 })` */
  list(query?: ConnectionQuery): Promise<Page<Connection>>;
  /** Every match, page after page; `for await (const c of client.connections.listAll({ kind: 'cloud' })) …` */
  listAll(query?: Omit<ConnectionQuery, 'cursor'>): AsyncIterable<Connection>;
  /** `await client.connections.get('library')` */
  get(tag: string): Promise<Connection>;
  /** `await client.connections.create({ tag: 'api', type: 'http', value: { url }, secrets: { bearer_token } })` */
  create(body: CreateConnectionInput): Promise<Connection>;
  /** Metadata and a JSON merge patch of `value`; `ifMatch` makes it fail with 412 if the version moved on. */
  update(tag: string, body: UpdateConnectionInput, options?: { ifMatch?: number }): Promise<Connection>;
  /** Sets inputs; each goes to value or secrets by the type's schema; a blank secret keeps the stored one. */
  complete(tag: string, inputs: Record<string, unknown>): Promise<Connection>;
  /** Tests against the real system; `active` on success, `error` with `message` otherwise. */
  validate(tag: string): Promise<Validation>;
  /** Merged inputs with their sources; secrets masked unless `reveal`. */
  resolve(tag: string, options?: ResolveOptions): Promise<Resolution>;
  /** Runs the task; resolves also when the task failed (`execution.status === 'failed'`). */
  connect(tag: string, options?: ConnectOptions): Promise<Execution>;
  /** Switches the connection off: resolve and connect answer 409 `connection_revoked`. */
  revoke(tag: string): Promise<Connection>;
  /** Switches a revoked connection back on (`unverified` or `pending`). */
  restore(tag: string): Promise<Connection>;
  /** Deletes; `force` unlinks its components first. */
  delete(tag: string, options?: { force?: boolean }): Promise<void>;
  /** Attaches a Vault secret (`secret/data/oracle` or `secret/oracle`); `version` pins a KV v2 version. */
  attachVault(tag: string, path: string, options?: { version?: number }): Promise<Connection>;
  /** Detaches the Vault secret. */
  detachVault(tag: string): Promise<Connection>;
}

/**
 * Builds `client.connections` on a transport.
 *
 * @example
 * const connections = createConnectionsApi(createTransport({ baseUrl, token }));
 */
export function createConnectionsApi(transport: Transport): ConnectionsApi {
  const at = (tag: string, suffix = '') => `/v1/connections/${segment(tag)}${suffix}`;
  const api: ConnectionsApi = {
    list: (query) => transport.request('GET', '/v1/connections', { query }),
    async *listAll(query) {
      let cursor: string | undefined;
      do {
        const page = await api.list({ ...query, ...(cursor ? { cursor } : {}) });
        yield* page.items;
        cursor = page.next_cursor ?? undefined;
      } while (cursor);
    },
    get: (tag) => transport.request('GET', at(tag)),
    create: (body) => transport.request('POST', '/v1/connections', { body }),
    update: (tag, body, options) => transport.request('PATCH', at(tag), { body, ifMatch: options?.ifMatch }),
    complete: (tag, inputs) => transport.request('PUT', at(tag, '/credentials'), { body: inputs }),
    validate: (tag) => transport.request('POST', at(tag, '/validate')),
    resolve: (tag, options = {}) => transport.request('POST', at(tag, '/resolve'), { body: options }),
    connect: (tag, options = {}) => transport.request('POST', at(tag, '/connect'), { body: options }),
    revoke: (tag) => transport.request('POST', at(tag, '/revoke')),
    restore: (tag) => transport.request('POST', at(tag, '/restore')),
    delete: (tag, options) =>
      transport.request('DELETE', at(tag), { query: { force: options?.force ? true : undefined } }),
    attachVault: (tag, path, options) => {
      // no `version` key at all unless pinned: the server reads its absence as "the latest"
      const body: AttachVaultInput =
        options?.version === undefined ? { path } : { path, version: options.version };
      return transport.request('PUT', at(tag, '/vault'), { body });
    },
    detachVault: (tag) => transport.request('DELETE', at(tag, '/vault')),
  };
  return api;
}
