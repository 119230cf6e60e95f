import type { Connection, ConnectionQuery, Page, Scope, Validation } from '../types.js';
import type { ConnectionsApi } from './connections.js';

/**
 * What `client.cloud.connections.create` takes: the provider (the id of a cloud type; the server says
 * which it has: `(await client.types.list()).items.filter((t) => t.kind === 'cloud')`) and a name, which becomes the tag
 * (lower-cased, characters a tag cannot hold turned into `_`) and the display name.
 *
 * @example
 * const input: CreateCloudConnectionInput = { provider: 'aws', name: 'prod_aws', scopes: ['storage', 'database'] };
 */
export interface CreateCloudConnectionInput {
  /** a cloud type's id, e.g. 'aws' (a string: the server's types decide; an unknown id is `404 type_not_found`) */
  provider: string;
  name: string;
  scopes?: Scope[];
  display_name?: string;
  description?: string;
}

/**
 * Metadata a cloud connection's `update` may change; the tag and provider are fixed.
 *
 * @example
 * const change: UpdateCloudConnectionInput = { scopes: ['storage'], description: 'production account' };
 */
export interface UpdateCloudConnectionInput {
  display_name?: string;
  description?: string;
  scopes?: Scope[];
}

/**
 * `client.cloud.connections`: the Ductape-style lifecycle create → complete → validate → fetch/list →
 * update → delete (SPEC 4), on the same connections as `client.connections`.
 *
 * @example
 * const aws = await client.cloud.connections.create({ provider: 'aws', name: 'prod_aws', scopes: ['storage', 'database'] });
 * console.log(aws.setup); // { external_id, trust_policy } to paste into the IAM role
 * await client.cloud.connections.complete(aws.tag, { role_arn: 'arn:aws:iam::123456789012:role/patchbay' });
 * const validation = await client.cloud.connections.validate(aws.tag);
 */
export interface CloudConnectionsApi {
  /** Creates a `pending` connection; for aws the answer's `setup` has the external id and trust policy. */
  create(input: CreateCloudConnectionInput): Promise<Connection>;
  /** Sets credentials (`{ role_arn }`, `{ project_id, service_account_json }` …); blank secrets keep stored ones. */
  complete(tag: string, input: Record<string, unknown>): Promise<Connection>;
  /** Tests the credentials and activates the connection. */
  validate(tag: string): Promise<Validation>;
  /** `await client.cloud.connections.fetch('prod_aws')` */
  fetch(tag: string): Promise<Connection>;
  /** Cloud connections only (`kind=cloud`). */
  list(query?: Omit<ConnectionQuery, 'kind'>): Promise<Page<Connection>>;
  /** Display name, description, scopes; the status is kept. */
  update(tag: string, input: UpdateCloudConnectionInput): Promise<Connection>;
  /** Deletes; 409 `connection_in_use` while components are linked, unless `force`. */
  delete(tag: string, options?: { force?: boolean }): Promise<void>;
}

/**
 * The tag a cloud connection named `name` gets.
 *
 * @example
 * cloudTag('Prod AWS'); // 'prod_aws'
 */
export const cloudTag = (name: string) =>
  name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9_-]/g, '_');

/**
 * Builds `client.cloud.connections` on top of `client.connections`.
 *
 * @example
 * const cloud = createCloudConnectionsApi(createConnectionsApi(createTransport({ baseUrl, token })));
 */
export function createCloudConnectionsApi(connections: ConnectionsApi): CloudConnectionsApi {
  return {
    create: ({ provider, name, scopes, display_name, description }) =>
      connections.create({
        tag: cloudTag(name),
        type: provider,
        display_name: display_name ?? name,
        ...(description !== undefined ? { description } : {}),
        ...(scopes !== undefined ? { scopes } : {}),
      }),
    complete: (tag, input) => connections.complete(tag, input),
    validate: (tag) => connections.validate(tag),
    fetch: (tag) => connections.get(tag),
    list: (query) => connections.list({ ...query, kind: 'cloud' }),
    update: (tag, input) => connections.update(tag, input),
    delete: (tag, options) => connections.delete(tag, options),
  };
}
