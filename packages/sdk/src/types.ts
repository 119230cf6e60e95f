import type { components, paths } from './openapi-types.js';

/**
 * The API's shapes, derived from the generated OpenAPI contract (`openapi-types.ts`) so the SDK cannot
 * drift from the server: regenerate with `npm run generate -w @patchbay/sdk` after `npm run openapi`.
 */
type Schemas = components['schemas'];

/**
 * A named connection (SPEC 1). Secret inputs are never in it; `secret_fields` names the ones that are set.
 *
 * @example
 * const library: Connection = await client.connections.get('library');
 * console.log(library.status, library.secret_fields);
 */
export type Connection = Schemas['Connection'];

/**
 * The record of one `connect` call; `status` is `failed` when the task failed.
 *
 * @example
 * const execution: Execution = await client.connect('library', { ref: 'v2' });
 * if (execution.status === 'succeeded') console.log(execution.output_value);
 */
export type Execution = Schemas['Execution'];

/**
 * The answer of `validate`: whether the connection works, with one entry per check.
 *
 * @example
 * const validation: Validation = await client.connections.validate('prod_aws');
 * for (const check of validation.checks) console.log(check.name, check.ok, check.detail);
 */
export type Validation = Schemas['Validation'];

/**
 * Merged inputs of a connection and where each came from (SPEC 6).
 *
 * @example
 * const resolution: Resolution = await client.resolve('library', { inputs: { ref: 'v2' } });
 * resolution.sources.ref; // 'override'
 */
export type Resolution = Schemas['Resolution'];

/**
 * A connection type with its JSON Schema of inputs (SPEC 3).
 *
 * @example
 * const git: ConnectionType = await client.types.get('git');
 * console.log(Object.keys(git.input_schema.properties as object));
 */
export type ConnectionType = Schemas['ConnectionType'];

/**
 * A consumer (storage, broker, database, graph, vector) linked to a cloud connection.
 *
 * @example
 * const bucket: Component = await client.components.link({ name: 'uploads', kind: 'storage', cloud: 'prod_aws' });
 */
export type Component = Schemas['Component'];

/**
 * An API token's metadata; its secret (`token`) is present only in the answer of `tokens.create`.
 *
 * @example
 * const { items }: { items: Token[] } = await client.tokens.list();
 */
export type Token = Schemas['Token'];

/**
 * A workspace: the tenant boundary.
 *
 * @example
 * const { items }: { items: Workspace[] } = await client.workspaces.list();
 */
export type Workspace = Schemas['Workspace'];

/**
 * One append-only, hash-chained audit event.
 *
 * @example
 * const page = await client.audit.list({ tag: 'library' });
 * const event: AuditEvent | undefined = page.items[0];
 */
export type AuditEvent = Schemas['AuditEvent'];

/**
 * The workspace's Vault configuration; secret parts appear only as `token_set` / `secret_id_set`.
 *
 * @example
 * const config: VaultConfig | null = await client.vault.get();
 */
export type VaultConfig = Schemas['VaultConfig'];

/**
 * Reachability, seal state and authentication of the configured Vault.
 *
 * @example
 * const check: VaultCheck = await client.vault.check();
 * if (!check.authenticated) console.error(check.message);
 */
export type VaultCheck = Schemas['VaultCheck'];

/**
 * Who is calling: the workspace, token and role behind the credentials.
 *
 * @example
 * const session: Session = await client.session.whoami();
 * console.log(`${session.token_name} (${session.role}) in ${session.workspace}`);
 */
export type Session = Schemas['Session'];

/**
 * The error body of every failed request (SPEC 2.1).
 *
 * @example
 * const body: ErrorBody = { error: { code: 'connection_not_found', message: '…' }, request_id: 'req-1' };
 */
export type ErrorBody = Schemas['Error'];

/**
 * One page of a list; pass `next_cursor` as `cursor` to get the next (null on the last page).
 *
 * @example
 * const first: Page<Connection> = await client.connections.list({ limit: 10 });
 * const second = first.next_cursor ? await client.connections.list({ limit: 10, cursor: first.next_cursor }) : null;
 */
export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

type JsonBody<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends {
  requestBody?: { content: { 'application/json': infer B } };
}
  ? B
  : never;
type Query<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends {
  parameters: { query?: infer Q };
}
  ? NonNullable<Q>
  : never;

/**
 * Body of `connections.create`.
 *
 * @example
 * const body: CreateConnectionInput = { tag: 'library', type: 'git', value: { repository_url: 'https://example.com/lib.git' } };
 */
export type CreateConnectionInput = JsonBody<'/v1/connections', 'post'>;

/**
 * Body of `connections.update`: metadata, and `value` as a JSON merge patch (a `null` removes a key).
 *
 * @example
 * const change: UpdateConnectionInput = { description: 'the library repo', value: { ref: 'main' } };
 */
export type UpdateConnectionInput = Pick<
  JsonBody<'/v1/connections/{tag}', 'patch'>,
  'display_name' | 'description' | 'scopes' | 'value'
>;

/**
 * Filters of `connections.list`.
 *
 * @example
 * const query: ConnectionQuery = { kind: 'cloud', status: 'active', limit: 100 };
 */
export type ConnectionQuery = Query<'/v1/connections', 'get'>;

/**
 * Body of `components.link`.
 *
 * @example
 * const link: LinkComponentInput = { name: 'uploads', kind: 'storage', cloud: 'prod_aws', resource: 's3://uploads' };
 */
export type LinkComponentInput = JsonBody<'/v1/components', 'post'>;

/**
 * Filters of `components.list`.
 *
 * @example
 * const query: ComponentQuery = { cloud: 'prod_aws' };
 */
export type ComponentQuery = Query<'/v1/components', 'get'>;

/**
 * Filters of `executions.list`.
 *
 * @example
 * const query: ExecutionQuery = { tag: 'library', limit: 20 };
 */
export type ExecutionQuery = Query<'/v1/executions', 'get'>;

/**
 * Filters of `audit.list`.
 *
 * @example
 * const query: AuditQuery = { action: 'connection.resolve' };
 */
export type AuditQuery = Query<'/v1/audit', 'get'>;

/**
 * Body of `tokens.create`.
 *
 * @example
 * const body: CreateTokenInput = { name: 'ci', role: 'runner', expires_in_seconds: 86400 };
 */
export type CreateTokenInput = JsonBody<'/v1/tokens', 'post'>;

/**
 * Body of `connections.attachVault`: the secret's path and, optionally, the KV v2 version to pin.
 *
 * @example
 * const body: AttachVaultInput = { path: 'secret/data/oracle', version: 3 };
 */
export type AttachVaultInput = JsonBody<'/v1/connections/{tag}/vault', 'put'>;

/**
 * Body of `vault.configure`; a blank `token`/`secret_id` keeps the stored one.
 *
 * @example
 * const body: VaultConfigInput = { address: 'https://vault:8200', auth: { method: 'token', token: 's.xxxx' } };
 */
export type VaultConfigInput = JsonBody<'/v1/vault', 'put'>;

/**
 * The answer of `audit.verify`: `ok` with the event count, or the first broken `seq` and why.
 *
 * @example
 * const result: AuditVerification = await client.audit.verify();
 */
export type AuditVerification =
  paths['/v1/audit/verify']['get']['responses'][200]['content']['application/json'];

/**
 * Scopes a cloud connection can grant.
 *
 * @example
 * const scopes: Scope[] = ['storage', 'database'];
 */
export type Scope = Connection['scopes'][number];
