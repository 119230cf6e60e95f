import { AppError } from '../../domain/errors.js';
import type {
  SecretSealer,
  VaultConfigRecord,
  VaultConfigRepository,
  VaultReader,
  VaultSecret,
} from '../../domain/ports.js';
import type { Logger } from '../../domain/type-descriptor.js';
import { createVaultCache } from './vault-cache.js';
import { createVaultClient, type VaultCheckResult, type VaultClient } from './vault-client.js';
import {
  settingsFromStored,
  storedAuthOf,
  toStoredSettings,
  toVaultConfigView,
} from './vault-config-record.js';
import { type NormalizedVaultPath, normalizeVaultPath } from './vault-path.js';
import {
  parseVaultConfigInput,
  type VaultConfigInput,
  type VaultConfigView,
  type VaultCredentials,
} from './vault-settings.js';

export type { VaultCheckResult } from './vault-client.js';
export type { NormalizedVaultPath } from './vault-path.js';
export type { VaultConfigInput, VaultConfigView } from './vault-settings.js';

/** Seal context of a workspace's Vault credentials (SPEC 7: bound to workspace and `~vault`). */
export const VAULT_SEAL_TAG = '~vault';

/** The workspace Vault integration of SPEC 5, and the reader of attached secrets for SPEC 6.1. */
export interface VaultService extends VaultReader {
  /** the public view, or null when the workspace has no configuration */
  getConfig(workspaceId: string): Promise<VaultConfigView | null>;
  /** validates and stores `PUT /v1/vault`; throws `invalid_input` with `details.issues` */
  configure(workspaceId: string, input: VaultConfigInput): Promise<VaultConfigView>;
  /** `POST /v1/vault/check`; throws `vault_not_configured` only */
  check(workspaceId: string): Promise<VaultCheckResult>;
  /**
   * the canonical form of an attached path; throws `vault_not_configured`, or `invalid_input` for a
   * bad path or a pinned `version` on a KV v1 mount (which keeps no versions)
   */
  normalizePath(workspaceId: string, path: string, version?: number): Promise<NormalizedVaultPath>;
  /** drops the workspace's cached secrets and client */
  invalidate(workspaceId: string): void;
  close(): Promise<void>;
}

export interface VaultServiceDeps {
  configs: Pick<VaultConfigRepository, 'get' | 'put'>;
  sealer: Pick<SecretSealer, 'seal' | 'open'>;
  logger: Logger;
  now?: () => number;
  /** how long a workspace's stored configuration is trusted before it is read again; default 1000 ms */
  configRefreshMs?: number;
}

interface Slot {
  version: number | null;
  client: VaultClient | null;
  checkedAt: number;
}

/**
 * Creates the Vault service. Clients are kept per workspace and rebuilt when the stored
 * configuration's version changes, which is looked up at most once per `configRefreshMs`, so a
 * change made on another replica applies within a second.
 *
 * @example
 * const vault = createVaultService({ configs: store.vaultConfigs, sealer: keyring, logger });
 * await vault.configure('default', { address: 'https://vault:8200', auth: { method: 'token', token } });
 * const { data, version } = await vault.read('default', 'secret/data/oracle');
 */
export function createVaultService(deps: VaultServiceDeps): VaultService {
  const { configs, sealer, logger } = deps;
  const now = deps.now ?? Date.now;
  const refreshMs = deps.configRefreshMs ?? 1000;
  const cache = createVaultCache<VaultSecret & { path: string }>({ now });
  const slots = new Map<string, Slot>();
  const loading = new Map<string, Promise<Slot>>();
  const generations = new Map<string, number>();

  function current(workspaceId: string): Promise<Slot> {
    const slot = slots.get(workspaceId);
    if (slot && now() - slot.checkedAt < refreshMs) return Promise.resolve(slot);
    let pending = loading.get(workspaceId);
    if (!pending) {
      pending = reload(workspaceId).finally(() => {
        if (loading.get(workspaceId) === pending) loading.delete(workspaceId);
      });
      loading.set(workspaceId, pending);
    }
    return pending;
  }

  async function reload(workspaceId: string): Promise<Slot> {
    const generation = generations.get(workspaceId) ?? 0;
    const record = await configs.get(workspaceId);
    // configure() ran meanwhile: this record may predate it
    if ((generations.get(workspaceId) ?? 0) !== generation) return current(workspaceId);
    const kept = slots.get(workspaceId);
    const version = record?.version ?? null;
    if (kept && kept.version === version) {
      kept.checkedAt = now();
      return kept;
    }
    const next: Slot = { version, client: record ? clientOf(record) : null, checkedAt: now() };
    slots.set(workspaceId, next);
    cache.invalidate(workspaceId);
    closeClient(kept?.client);
    if (kept) logger.info({ workspace: workspaceId, config_version: version }, 'vault configuration changed');
    return next;
  }

  function clientOf(record: VaultConfigRecord): VaultClient {
    const settings = settingsFromStored(record.settings);
    const auth = storedAuthOf(record.settings);
    const secrets = record.sealed
      ? sealer.open({ workspaceId: record.workspaceId, tag: VAULT_SEAL_TAG }, record.sealed)
      : {};
    const credentials: VaultCredentials | undefined =
      auth.method === 'token'
        ? typeof secrets.token === 'string'
          ? { method: 'token', token: secrets.token }
          : undefined
        : typeof secrets.secret_id === 'string'
          ? { method: 'approle', roleId: auth.roleId, secretId: secrets.secret_id }
          : undefined;
    if (!credentials) {
      throw new AppError(
        'vault_not_configured',
        `the workspace's Vault configuration has no ${auth.method === 'token' ? 'token' : 'secret_id'}; an admin sets it with PUT /v1/vault`,
      );
    }
    return createVaultClient(settings, credentials, { logger, now });
  }

  function closeClient(client: VaultClient | null | undefined): void {
    client?.close().catch((error: unknown) => {
      logger.warn({ err_name: (error as Error)?.name }, 'closing a Vault client failed');
    });
  }

  async function clientFor(workspaceId: string): Promise<VaultClient> {
    const { client } = await current(workspaceId);
    if (!client) {
      throw new AppError(
        'vault_not_configured',
        'workspace has no Vault configuration; an admin sets one with PUT /v1/vault',
      );
    }
    return client;
  }

  function invalidate(workspaceId: string): void {
    generations.set(workspaceId, (generations.get(workspaceId) ?? 0) + 1);
    loading.delete(workspaceId);
    closeClient(slots.get(workspaceId)?.client);
    slots.delete(workspaceId);
    cache.invalidate(workspaceId);
  }

  async function read(
    workspaceId: string,
    path: string,
    version?: number,
  ): Promise<VaultSecret & { path: string }> {
    const client = await clientFor(workspaceId);
    const { mount, kvVersion, cacheTtlSeconds } = client.settings;
    const target = normalizedPath(path, mount, kvVersion);
    const key = version === undefined ? target.path : `${target.path}@${version}`;
    try {
      // frozen: every reader shares the cached secret, and none can change it for the others
      const secret = await cache.get(workspaceId, key, cacheTtlSeconds, async () =>
        deepFreeze(await client.read(target.path, kvVersion === 2 ? version : undefined)),
      );
      logger.debug(
        { workspace: workspaceId, path: secret.path, version: secret.version },
        'vault secret read',
      );
      return secret;
    } catch (error) {
      const e = error as AppError;
      logger.warn(
        { workspace: workspaceId, path: target.path, code: e.code, reason: e.details?.reason },
        'vault read failed',
      );
      throw error;
    }
  }

  async function configure(workspaceId: string, input: VaultConfigInput): Promise<VaultConfigView> {
    const stored = await configs.get(workspaceId);
    const parsed = parseVaultConfigInput(input, stored);
    const context = { workspaceId, tag: VAULT_SEAL_TAG };
    const sealed = parsed.secret
      ? sealer.seal(context, parsed.secret, stored?.sealed)
      : (stored?.sealed ?? null);
    const record: VaultConfigRecord = {
      workspaceId,
      settings: toStoredSettings(parsed.settings, parsed.auth),
      sealed,
      version: (stored?.version ?? 0) + 1,
      updatedAt: new Date(now()).toISOString(),
    };
    await configs.put(record);
    invalidate(workspaceId);
    logger.info(
      { workspace: workspaceId, config_version: record.version, auth_method: parsed.auth.method },
      'vault configuration stored',
    );
    return toVaultConfigView(record);
  }

  return {
    read,
    configure,
    invalidate,
    async getConfig(workspaceId) {
      const record = await configs.get(workspaceId);
      return record ? toVaultConfigView(record) : null;
    },
    async check(workspaceId) {
      return (await clientFor(workspaceId)).check();
    },
    async normalizePath(workspaceId, path, version) {
      const { settings } = await clientFor(workspaceId);
      if (version !== undefined && settings.kvVersion !== 2) {
        const message = `the mount '${settings.mount}' is KV v1, which keeps no versions; attach without version`;
        throw new AppError('invalid_input', `invalid Vault attachment: ${message}`, {
          issues: [{ path: 'version', message }],
        });
      }
      return normalizeVaultPath(path, settings.mount, settings.kvVersion);
    },
    async close() {
      const clients = [...slots.values()].map((s) => s.client?.close());
      slots.clear();
      await Promise.allSettled(clients);
    },
  };
}

const normalizedPaths = new Map<string, ReturnType<typeof normalizeVaultPath>>();

/** {@link normalizeVaultPath}, remembered: a resolve of a Vault-backed connection asks for the same path each time. */
function normalizedPath(path: string, mount: string, kvVersion: 1 | 2) {
  const key = `${kvVersion}\u0000${mount}\u0000${path}`;
  let normalized = normalizedPaths.get(key);
  if (!normalized) {
    normalized = normalizeVaultPath(path, mount, kvVersion);
    if (normalizedPaths.size >= 10_000) normalizedPaths.clear();
    normalizedPaths.set(key, normalized);
  }
  return normalized;
}

/** Freezes `value` and everything it holds. */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const item of Object.values(value)) deepFreeze(item);
  }
  return value;
}
