/**
 * `@patchbay/sdk`: the typed client of the Patchbay connection broker, for Node 20+ and browsers.
 *
 * @example
 * import { createClient, NotFoundError } from '@patchbay/sdk';
 * const client = createClient(); // PATCHBAY_URL, PATCHBAY_TOKEN
 * const execution = await client.connect('library', { ref: 'v2' });
 */
export { createClient, DEFAULT_BASE_URL, PatchbayClient, type PatchbayClientOptions } from './client.js';
export {
  BadRequestError,
  ConflictError,
  ForbiddenError,
  MethodNotAllowedError,
  NotFoundError,
  PatchbayError,
  type PatchbayErrorInit,
  PreconditionFailedError,
  RateLimitedError,
  ServerError,
  UnauthenticatedError,
  UnprocessableError,
  UpstreamError,
} from './errors.js';
export type {
  AuditApi,
  ComponentsApi,
  CreatedToken,
  ExecutionsApi,
  SessionApi,
  TokensApi,
  TypesApi,
  VaultApi,
  WorkspacesApi,
} from './resources/admin.js';
export {
  type CloudConnectionsApi,
  type CreateCloudConnectionInput,
  cloudTag,
  type UpdateCloudConnectionInput,
} from './resources/cloud.js';
export type { ConnectionsApi, ConnectOptions, ResolveOptions } from './resources/connections.js';
export type * from './types.js';
