import { AppError, isAppError } from '../../domain/errors.js';
import type { JsonObject } from '../../domain/model.js';
import type { VaultSecret } from '../../domain/ports.js';
import type { Logger } from '../../domain/type-descriptor.js';
import { createVaultAuth } from './vault-auth.js';
import {
  createVaultHttp,
  unexpectedAnswer,
  type VaultErrorReason,
  type VaultResponse,
  vaultError,
} from './vault-http.js';
import { type NormalizedVaultPath, normalizeVaultPath } from './vault-path.js';
import type { VaultCredentials, VaultSettings } from './vault-settings.js';

export { type NormalizedVaultPath, normalizeVaultPath } from './vault-path.js';

/** What `POST /v1/vault/check` reports. `initialized`/`sealed` are meaningful only when `reachable`. */
export interface VaultCheckResult {
  reachable: boolean;
  initialized: boolean;
  sealed: boolean;
  authenticated: boolean;
  /** Vault's version from `sys/health`, when reachable */
  version?: string;
  /** one sentence: what is wrong and what to do, or that all is well */
  message: string;
  /** set when the check failed at a `vault_error` */
  reason?: VaultErrorReason;
}

/** One workspace's Vault, reachable with one set of credentials. */
export interface VaultClient {
  readonly settings: VaultSettings;
  /**
   * Reads a KV secret; `path` in any form {@link normalizeVaultPath} accepts, `version` pins a KV v2
   * version (default the latest). Throws `vault_secret_not_found` (with `details.reason` `deleted` or
   * `destroyed` for such a version) or `vault_error` (with `details.reason`) as `AppError`, within
   * about `timeoutMs`.
   */
  read(path: string, version?: number): Promise<VaultSecret & { path: string }>;
  /** Reachability, seal state and whether the credentials authenticate; never throws a `vault_error`. */
  check(): Promise<VaultCheckResult>;
  /** closes the connection pool once in-flight requests end */
  close(): Promise<void>;
}

export interface VaultClientDeps {
  logger: Logger;
  now?: () => number;
}

/**
 * Creates a client for one workspace's Vault configuration.
 *
 * @example
 * const client = createVaultClient(
 *   { address: 'https://vault:8200', namespace: null, mount: 'secret', kvVersion: 2, caCert: pem,
 *     cacheTtlSeconds: 60, timeoutMs: 5000 },
 *   { method: 'approle', roleId, secretId },
 *   { logger },
 * );
 * const { data, version } = await client.read('secret/data/oracle');
 */
export function createVaultClient(
  settings: VaultSettings,
  credentials: VaultCredentials,
  deps: VaultClientDeps,
): VaultClient {
  const http = createVaultHttp(settings);
  const auth = createVaultAuth({
    http,
    settings,
    credentials,
    logger: deps.logger,
    now: deps.now ?? Date.now,
  });

  async function read(path: string, version?: number): Promise<VaultSecret & { path: string }> {
    const target = normalizeVaultPath(path, settings.mount, settings.kvVersion);
    const url = version === undefined ? target.apiPath : `${target.apiPath}?version=${version}`;
    const signal = AbortSignal.timeout(settings.timeoutMs);
    let token = await auth.token(signal);
    let res = await http.send({ method: 'GET', path: url, token, signal });
    // An AppRole token may expire or be revoked before its lease says: log in again, retry once.
    if (res.status === 403 && auth.refused(token)) {
      token = await auth.token(signal);
      res = await http.send({ method: 'GET', path: url, token, signal });
    }
    return secretOf(res, target, version);
  }

  function secretOf(
    res: VaultResponse,
    target: NormalizedVaultPath,
    version: number | undefined,
  ): VaultSecret & { path: string } {
    const where = {
      path: target.path,
      mount: target.mount,
      kv_version: settings.kvVersion,
      namespace: settings.namespace,
      ...(version === undefined ? {} : { version }),
    };
    if (res.status === 404) throw notFound(res, target, where);
    if (res.status === 403) {
      throw vaultError(
        'permission_denied',
        `Vault denied reading '${target.path}' (403); grant the ${credentials.method === 'approle' ? 'AppRole' : 'token'} a policy with read on '${target.apiPath.slice(4)}', or fix the credentials with PUT /v1/vault`,
        { address: settings.address, status: 403, ...where },
      );
    }
    const body = res.body as { data?: unknown } | undefined;
    if (res.status === 200 && settings.kvVersion === 1 && isObject(body?.data)) {
      return { data: body.data, version: null, path: target.path };
    }
    if (res.status === 200 && settings.kvVersion === 2 && isObject(body?.data)) {
      const { data, metadata } = body.data as { data?: unknown; metadata?: { version?: unknown } };
      if (isObject(data) && typeof metadata?.version === 'number') {
        return { data, version: metadata.version, path: target.path };
      }
    }
    throw unexpectedAnswer(res, settings, `the read of '${target.path}'`);
  }

  /** A 404: no such secret or version, or (KV v2 metadata says so) a deleted or destroyed version. */
  function notFound(res: VaultResponse, target: NormalizedVaultPath, where: JsonObject): AppError {
    const metadata = (res.body as { data?: { metadata?: Record<string, unknown> } } | undefined)?.data
      ?.metadata;
    const which = typeof metadata?.version === 'number' ? metadata.version : where.version;
    const fix = 'pin another version or write a new one, and attach it with PUT /v1/connections/{tag}/vault';
    if (metadata?.destroyed === true) {
      return new AppError(
        'vault_secret_not_found',
        `version ${which} of the Vault secret '${target.path}' is destroyed; ${fix}`,
        { ...where, reason: 'destroyed', version: Number(which) },
      );
    }
    if (typeof metadata?.deletion_time === 'string' && metadata.deletion_time !== '') {
      return new AppError(
        'vault_secret_not_found',
        `version ${which} of the Vault secret '${target.path}' is deleted; undelete it in Vault (kv undelete), or ${fix}`,
        { ...where, reason: 'deleted', version: Number(which) },
      );
    }
    const ns = settings.namespace ? `, namespace '${settings.namespace}'` : '';
    const v = where.version === undefined ? '' : ` at version ${where.version}`;
    return new AppError(
      'vault_secret_not_found',
      `Vault has no secret at '${target.path}'${v} (mount '${target.mount}', KV v${settings.kvVersion}${ns}); write it or fix the attached path with PUT /v1/connections/{tag}/vault`,
      where,
    );
  }

  async function check(): Promise<VaultCheckResult> {
    const signal = AbortSignal.timeout(settings.timeoutMs);
    const down = { reachable: false, initialized: false, sealed: false, authenticated: false };
    let health: VaultResponse;
    try {
      health = await http.send({ method: 'GET', path: '/v1/sys/health', signal, withoutNamespace: true });
    } catch (error) {
      return { ...down, ...failure(error) };
    }
    const h = health.body as { initialized?: unknown; sealed?: unknown; version?: unknown } | undefined;
    if (typeof h?.initialized !== 'boolean' || typeof h.sealed !== 'boolean') {
      return { ...down, reachable: true, ...failure(unexpectedAnswer(health, settings, 'sys/health')) };
    }
    const state = {
      reachable: true,
      initialized: h.initialized,
      sealed: h.sealed,
      authenticated: false,
      ...(typeof h.version === 'string' ? { version: h.version } : {}),
    };
    const at = `Vault at ${settings.address}`;
    if (!h.initialized)
      return { ...state, message: `${at} is not initialized; initialize it (vault operator init)` };
    if (h.sealed) {
      return { ...state, message: `${at} is sealed; unseal it (vault operator unseal)`, reason: 'sealed' };
    }
    try {
      const token = await auth.fresh(signal);
      const res = await http.send({ method: 'GET', path: '/v1/auth/token/lookup-self', token, signal });
      if (res.status === 403) {
        const message = `${at} rejected the configured token (403); set a valid token with PUT /v1/vault`;
        return { ...state, message, reason: 'permission_denied' };
      }
      // the lookup's body holds the token itself: only the status is used
      if (res.status !== 200) throw unexpectedAnswer(res, settings, 'the token lookup');
    } catch (error) {
      return { ...state, ...failure(error) };
    }
    return {
      ...state,
      authenticated: true,
      message: `${at} is reachable and unsealed, and the credentials authenticate`,
    };
  }

  return { settings, read, check, close: () => http.close() };
}

function failure(error: unknown): { message: string; reason?: VaultErrorReason } {
  if (!isAppError(error)) throw error;
  const reason = error.details?.reason as VaultErrorReason | undefined;
  return { message: error.message, ...(reason ? { reason } : {}) };
}

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
