import {
  type AuditApi,
  type ComponentsApi,
  createAdminApis,
  type ExecutionsApi,
  type SessionApi,
  type TokensApi,
  type TypesApi,
  type VaultApi,
  type WorkspacesApi,
} from './resources/admin.js';
import { type CloudConnectionsApi, createCloudConnectionsApi } from './resources/cloud.js';
import { type ConnectionsApi, createConnectionsApi, type ResolveOptions } from './resources/connections.js';
import { createTransport } from './transport.js';
import type { Execution, Resolution } from './types.js';

/** The address `createClient` uses when neither an option nor PATCHBAY_URL gives one. */
export const DEFAULT_BASE_URL = 'http://127.0.0.1:7300';

/**
 * How to reach a Patchbay server: its base URL and either a bearer token (scripts, CI) or the
 * browser session (`credentials: 'include'` with `csrfToken` reading the `pb_csrf` cookie).
 *
 * @example
 * const options: PatchbayClientOptions = { baseUrl: 'http://127.0.0.1:7300', token: process.env.PATCHBAY_TOKEN };
 */
export interface PatchbayClientOptions {
  /** e.g. `http://127.0.0.1:7300` (no `/v1`) */
  baseUrl: string;
  /** API token (`pb_…`), sent as `Authorization: Bearer` */
  token?: string;
  /** a fetch implementation; the global one by default */
  fetch?: typeof fetch;
  /** extra headers on every request */
  headers?: Record<string, string>;
  /** browser sessions: send cookies and echo the CSRF cookie in x-csrf-token */
  credentials?: RequestCredentials;
  csrfToken?: () => string | undefined;
  /** retries of idempotent calls (GET, PUT, DELETE) answered 429 or 502, honouring Retry-After; default 2, 0 turns them off */
  maxRetries?: number;
  /** how retries wait; a timer by default */
  sleep?: (ms: number) => Promise<void>;
}

/**
 * The typed client of the Patchbay API. Every method returns the API's JSON and throws a
 * {@link PatchbayError} subclass (`NotFoundError`, `ConflictError` …) on failure.
 *
 * @example
 * const client = new PatchbayClient({ baseUrl: 'http://127.0.0.1:7300', token: process.env.PATCHBAY_TOKEN });
 * const v2 = await client.connect('library', { ref: 'v2' });
 * console.log(v2.status, v2.output_value);
 */
export class PatchbayClient {
  /** connection types and their input schemas */
  readonly types: TypesApi;
  /** named connections: create, update, complete, validate, resolve, connect, revoke, delete, Vault */
  readonly connections: ConnectionsApi;
  /** the cloud lifecycle (Ductape parity): `client.cloud.connections.create/complete/validate/fetch/list/update/delete` */
  readonly cloud: { readonly connections: CloudConnectionsApi };
  /** consumers linked to cloud connections */
  readonly components: ComponentsApi;
  /** records of connect calls */
  readonly executions: ExecutionsApi;
  /** API tokens (admin) */
  readonly tokens: TokensApi;
  /** workspaces (admin of default) */
  readonly workspaces: WorkspacesApi;
  /** audit events and chain verification (admin) */
  readonly audit: AuditApi;
  /** the workspace's Vault integration (admin) */
  readonly vault: VaultApi;
  /** who is calling; workbench sign-in/out */
  readonly session: SessionApi;
  /** the base URL requests go to */
  readonly baseUrl: string;

  constructor(options: PatchbayClientOptions) {
    // plain JavaScript can call this without options; say what to do instead of a TypeError deep inside
    // ('' is a base URL: the workbench calls its own origin)
    if (typeof options?.baseUrl !== 'string') {
      throw new TypeError(
        'PatchbayClient needs options.baseUrl (e.g. http://127.0.0.1:7300); createClient() reads PATCHBAY_URL and PATCHBAY_TOKEN from the environment instead',
      );
    }
    const transport = createTransport(options);
    this.baseUrl = transport.baseUrl;
    this.connections = createConnectionsApi(transport);
    this.cloud = { connections: createCloudConnectionsApi(this.connections) };
    const admin = createAdminApis(transport);
    this.types = admin.types;
    this.components = admin.components;
    this.executions = admin.executions;
    this.tokens = admin.tokens;
    this.workspaces = admin.workspaces;
    this.audit = admin.audit;
    this.vault = admin.vault;
    this.session = admin.session;
  }

  /**
   * Shortcut: runs a connection with per-call overrides and returns the execution, also when the
   * task failed (check `execution.status`).
   *
   * @example
   * const dev = await client.connect('library');
   * const v2 = await client.connect('library', { ref: 'v2' }, { timeout_ms: 60_000 });
   */
  connect(
    tag: string,
    overrides?: Record<string, unknown>,
    options?: { timeout_ms?: number },
  ): Promise<Execution> {
    return this.connections.connect(tag, {
      ...(overrides ? { inputs: overrides } : {}),
      ...(options?.timeout_ms !== undefined ? { timeout_ms: options.timeout_ms } : {}),
    });
  }

  /**
   * Shortcut for `client.connections.resolve`: the merged inputs and their sources.
   *
   * @example
   * const { inputs, sources } = await client.resolve('library', { inputs: { ref: 'v2' } });
   */
  resolve(tag: string, options?: ResolveOptions): Promise<Resolution> {
    return this.connections.resolve(tag, options);
  }
}

/**
 * A client with defaults from the environment when there is one (Node): `PATCHBAY_URL` (default
 * `http://127.0.0.1:7300`) and `PATCHBAY_TOKEN`. Options given win.
 *
 * @example
 * // PATCHBAY_URL=http://127.0.0.1:7300 PATCHBAY_TOKEN=pb_… node script.js
 * const client = createClient();
 * const library = await client.connections.get('library');
 */
export function createClient(options: Partial<PatchbayClientOptions> = {}): PatchbayClient {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env ?? {};
  const token = options.token ?? (env.PATCHBAY_TOKEN || undefined);
  return new PatchbayClient({
    ...options,
    baseUrl: options.baseUrl ?? (env.PATCHBAY_URL || DEFAULT_BASE_URL),
    ...(token ? { token } : {}),
  });
}
