import { segment, type Transport } from '../transport.js';
import type {
  AuditEvent,
  AuditQuery,
  AuditVerification,
  Component,
  ComponentQuery,
  ConnectionType,
  CreateTokenInput,
  Execution,
  ExecutionQuery,
  LinkComponentInput,
  Page,
  Session,
  Token,
  VaultCheck,
  VaultConfig,
  VaultConfigInput,
  Workspace,
} from '../types.js';

/**
 * A token as `tokens.create` returns it: with its secret, shown this once.
 *
 * @example
 * const created: CreatedToken = await client.tokens.create({ name: 'ci', role: 'runner' });
 * process.env.PATCHBAY_TOKEN = created.token;
 */
export type CreatedToken = Token & { token: string };

/**
 * `client.types`: the registered connection types and their input schemas.
 *
 * @example
 * const { items } = await client.types.list();
 * const git = await client.types.get('git');
 */
export interface TypesApi {
  list(): Promise<{ items: ConnectionType[] }>;
  get(id: string): Promise<ConnectionType>;
}

/**
 * `client.components`: consumers linked to an active cloud connection.
 *
 * @example
 * await client.components.link({ name: 'uploads', kind: 'storage', cloud: 'prod_aws', resource: 's3://uploads' });
 * await client.components.unlink('uploads');
 */
export interface ComponentsApi {
  link(body: LinkComponentInput): Promise<Component>;
  list(query?: ComponentQuery): Promise<Page<Component>>;
  get(name: string): Promise<Component>;
  unlink(name: string): Promise<void>;
}

/**
 * `client.executions`: the records of `connect` calls, newest first.
 *
 * @example
 * const { items } = await client.executions.list({ tag: 'library' });
 * const one = await client.executions.get(items[0]!.id);
 */
export interface ExecutionsApi {
  list(query?: ExecutionQuery): Promise<Page<Execution>>;
  get(id: string): Promise<Execution>;
}

/**
 * `client.tokens`: API tokens of the caller's workspace (admin).
 *
 * @example
 * const ci = await client.tokens.create({ name: 'ci', role: 'runner', expires_in_seconds: 86400 });
 * await client.tokens.revoke(ci.id);
 */
export interface TokensApi {
  create(body: CreateTokenInput): Promise<CreatedToken>;
  list(): Promise<{ items: Token[] }>;
  revoke(id: string): Promise<void>;
}

/**
 * `client.workspaces`: tenants; only an admin of `default` may call these.
 *
 * @example
 * const { workspace, token } = await client.workspaces.create('team_b');
 */
export interface WorkspacesApi {
  create(name: string): Promise<{ workspace: Workspace; token: CreatedToken }>;
  list(): Promise<{ items: Workspace[] }>;
}

/**
 * `client.audit`: the workspace's audit events (admin) and a check of their hash chain.
 *
 * @example
 * const { items } = await client.audit.list({ tag: 'library', action: 'connection.resolve' });
 * const { ok } = await client.audit.verify();
 */
export interface AuditApi {
  list(query?: AuditQuery): Promise<Page<AuditEvent>>;
  verify(): Promise<AuditVerification>;
}

/**
 * `client.vault`: the workspace's Vault integration (admin); secret parts are write-only.
 *
 * @example
 * await client.vault.configure({ address: 'https://vault:8200', auth: { method: 'approle', role_id, secret_id } });
 * const check = await client.vault.check();
 */
export interface VaultApi {
  get(): Promise<VaultConfig | null>;
  configure(body: VaultConfigInput): Promise<VaultConfig>;
  check(): Promise<VaultCheck>;
}

/**
 * `client.session`: who is calling, and the workbench's cookie sign-in/out.
 *
 * @example
 * const me = await client.session.whoami();
 * await client.session.signIn(token); // browser: sets the HttpOnly session cookie
 */
export interface SessionApi {
  whoami(): Promise<Session>;
  signIn(token: string): Promise<Session>;
  signOut(): Promise<void>;
}

/**
 * Builds the smaller resource groups of the client.
 *
 * @example
 * const { tokens } = createAdminApis(createTransport({ baseUrl, token }));
 */
export function createAdminApis(t: Transport) {
  const types: TypesApi = {
    list: () => t.request('GET', '/v1/types'),
    get: (id) => t.request('GET', `/v1/types/${segment(id)}`),
  };
  const components: ComponentsApi = {
    link: (body) => t.request('POST', '/v1/components', { body }),
    list: (query) => t.request('GET', '/v1/components', { query }),
    get: (name) => t.request('GET', `/v1/components/${segment(name)}`),
    unlink: (name) => t.request('DELETE', `/v1/components/${segment(name)}`),
  };
  const executions: ExecutionsApi = {
    list: (query) => t.request('GET', '/v1/executions', { query }),
    get: (id) => t.request('GET', `/v1/executions/${segment(id)}`),
  };
  const tokens: TokensApi = {
    create: (body) => t.request('POST', '/v1/tokens', { body }),
    list: () => t.request('GET', '/v1/tokens'),
    revoke: (id) => t.request('DELETE', `/v1/tokens/${segment(id)}`),
  };
  const workspaces: WorkspacesApi = {
    create: (name) => t.request('POST', '/v1/workspaces', { body: { name } }),
    list: () => t.request('GET', '/v1/workspaces'),
  };
  const audit: AuditApi = {
    list: (query) => t.request('GET', '/v1/audit', { query }),
    verify: () => t.request('GET', '/v1/audit/verify'),
  };
  const vault: VaultApi = {
    get: async () => (await t.request<VaultConfig | null | undefined>('GET', '/v1/vault')) ?? null,
    configure: (body) => t.request('PUT', '/v1/vault', { body }),
    check: () => t.request('POST', '/v1/vault/check'),
  };
  const session: SessionApi = {
    whoami: () => t.request('GET', '/v1/session'),
    signIn: (token) => t.request('POST', '/v1/session', { body: { token } }),
    signOut: () => t.request('DELETE', '/v1/session'),
  };
  return { types, components, executions, tokens, workspaces, audit, vault, session };
}
