import type { JsonObject } from '../../domain/model.js';
import type { VaultConfigRecord } from '../../domain/ports.js';
import {
  type StoredAuth,
  VAULT_DEFAULTS,
  type VaultConfigView,
  type VaultSettings,
} from './vault-settings.js';

/** Settings as stored in `VaultConfigRecord.settings` (snake_case JSON, no secret parts). */
export function toStoredSettings(settings: VaultSettings, auth: StoredAuth): JsonObject {
  return {
    address: settings.address,
    namespace: settings.namespace,
    mount: settings.mount,
    kv_version: settings.kvVersion,
    ca_cert: settings.caCert,
    cache_ttl_seconds: settings.cacheTtlSeconds,
    timeout_ms: settings.timeoutMs,
    auth: auth.method === 'token' ? { method: 'token' } : { method: 'approle', role_id: auth.roleId },
  };
}

/** Reads `VaultConfigRecord.settings` back; fills defaults for fields an older record lacks. */
export function settingsFromStored(stored: JsonObject): VaultSettings {
  const kv = stored.kv_version === 1 ? 1 : 2;
  const num = (v: unknown, d: number) => (typeof v === 'number' ? v : d);
  return {
    address: String(stored.address),
    namespace: typeof stored.namespace === 'string' ? stored.namespace : null,
    mount: typeof stored.mount === 'string' ? stored.mount : VAULT_DEFAULTS.mount,
    kvVersion: kv,
    caCert: typeof stored.ca_cert === 'string' ? stored.ca_cert : null,
    cacheTtlSeconds: num(stored.cache_ttl_seconds, VAULT_DEFAULTS.cacheTtlSeconds),
    timeoutMs: num(stored.timeout_ms, VAULT_DEFAULTS.timeoutMs),
  };
}

export function storedAuthOf(stored: JsonObject): StoredAuth {
  const auth = (stored.auth ?? {}) as Record<string, unknown>;
  return auth.method === 'approle'
    ? { method: 'approle', roleId: String(auth.role_id) }
    : { method: 'token' };
}

/** The public view of a stored configuration: secret parts become `*_set` booleans. */
export function toVaultConfigView(record: VaultConfigRecord): VaultConfigView {
  const s = settingsFromStored(record.settings);
  const auth = storedAuthOf(record.settings);
  const fields = record.sealed?.fields ?? {};
  return {
    address: s.address,
    namespace: s.namespace,
    mount: s.mount,
    kv_version: s.kvVersion,
    ca_cert: s.caCert,
    cache_ttl_seconds: s.cacheTtlSeconds,
    timeout_ms: s.timeoutMs,
    auth:
      auth.method === 'token'
        ? { method: 'token', token_set: 'token' in fields }
        : { method: 'approle', role_id: auth.roleId, secret_id_set: 'secret_id' in fields },
    version: record.version,
    updated_at: record.updatedAt,
  };
}
