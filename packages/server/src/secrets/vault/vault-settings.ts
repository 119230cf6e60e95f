import { X509Certificate } from 'node:crypto';
import { AppError, type Issue } from '../../domain/errors.js';
import type { JsonObject } from '../../domain/model.js';
import type { VaultConfigRecord } from '../../domain/ports.js';
import { normalizeMount } from './vault-path.js';

/** Non-secret connection settings of one workspace's Vault, as the client uses them. */
export interface VaultSettings {
  /** base URL without trailing slash, e.g. `https://vault.example.com:8200` */
  address: string;
  namespace: string | null;
  mount: string;
  kvVersion: 1 | 2;
  /** PEM of the CA(s) that sign Vault's certificate; null trusts the system CAs */
  caCert: string | null;
  cacheTtlSeconds: number;
  timeoutMs: number;
}

/** How the client authenticates. Never logged, never returned. */
export type VaultCredentials =
  | { method: 'token'; token: string }
  | { method: 'approle'; roleId: string; secretId: string };

/** Body of `PUT /v1/vault` (SPEC 5). A token/secret_id that is absent, null or "" keeps the stored one. */
export interface VaultConfigInput {
  address: string;
  auth:
    | { method: 'token'; token?: string | null }
    | { method: 'approle'; role_id: string; secret_id?: string | null };
  namespace?: string | null;
  mount?: string;
  kv_version?: 1 | 2;
  ca_cert?: string | null;
  cache_ttl_seconds?: number;
  timeout_ms?: number;
}

/** What `GET /v1/vault` shows: the settings, and only whether each secret part is set. */
export interface VaultConfigView {
  address: string;
  namespace: string | null;
  mount: string;
  kv_version: 1 | 2;
  ca_cert: string | null;
  cache_ttl_seconds: number;
  timeout_ms: number;
  auth:
    | { method: 'token'; token_set: boolean }
    | { method: 'approle'; role_id: string; secret_id_set: boolean };
  version: number;
  updated_at: string;
}

export const VAULT_DEFAULTS = {
  mount: 'secret',
  kvVersion: 2,
  cacheTtlSeconds: 60,
  timeoutMs: 5000,
} as const;
export const VAULT_LIMITS = { maxCacheTtlSeconds: 86_400, minTimeoutMs: 100, maxTimeoutMs: 120_000 } as const;

export type StoredAuth = { method: 'token' } | { method: 'approle'; roleId: string };

/** The parsed PUT body: settings to store and the new secret part (null keeps the stored one). */
export interface ParsedVaultConfig {
  settings: VaultSettings;
  auth: StoredAuth;
  secret: { token: string } | { secret_id: string } | null;
}

const KNOWN = new Set([
  'address',
  'auth',
  'namespace',
  'mount',
  'kv_version',
  'ca_cert',
  'cache_ttl_seconds',
  'timeout_ms',
]);
// printable ASCII without spaces: anything else cannot travel in a header or JSON login safely
const CREDENTIAL = /^[\x21-\x7e]{1,4096}$/;

const blank = (v: unknown): boolean => v === undefined || v === null || v === '';

/**
 * Validates a `PUT /v1/vault` body. Throws `AppError('invalid_input')` with `details.issues`; issue
 * messages never echo credential values.
 */
export function parseVaultConfigInput(
  input: VaultConfigInput,
  stored?: VaultConfigRecord,
): ParsedVaultConfig {
  const issues: Issue[] = [];
  const raw = input as unknown as Record<string, unknown>;
  for (const key of Object.keys(raw)) {
    if (!KNOWN.has(key)) issues.push({ path: key, message: 'unknown property' });
  }
  const address = parseAddress(raw.address, issues);
  const namespace = parseNamespace(raw.namespace, issues);
  const mount = parseWith(issues, 'mount', () =>
    raw.mount === undefined ? VAULT_DEFAULTS.mount : normalizeMount(String(raw.mount)),
  );
  const kvVersion = raw.kv_version ?? VAULT_DEFAULTS.kvVersion;
  if (kvVersion !== 1 && kvVersion !== 2) issues.push({ path: 'kv_version', message: 'must be 1 or 2' });
  const caCert = parseCaCert(raw.ca_cert, issues);
  const cacheTtlSeconds = parseInteger(
    raw.cache_ttl_seconds,
    'cache_ttl_seconds',
    VAULT_DEFAULTS.cacheTtlSeconds,
    0,
    VAULT_LIMITS.maxCacheTtlSeconds,
    issues,
  );
  const timeoutMs = parseInteger(
    raw.timeout_ms,
    'timeout_ms',
    VAULT_DEFAULTS.timeoutMs,
    VAULT_LIMITS.minTimeoutMs,
    VAULT_LIMITS.maxTimeoutMs,
    issues,
  );
  const moved = stored ? movedSettings(stored.settings, address, namespace) : [];
  const { auth, secret } = parseAuth(raw.auth, stored, moved, issues);
  if (issues.length > 0 || auth === undefined) {
    throw new AppError(
      'invalid_input',
      `invalid Vault configuration: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
      { issues },
    );
  }
  const settings = {
    address,
    namespace,
    mount,
    kvVersion: kvVersion as 1 | 2,
    caCert,
    cacheTtlSeconds,
    timeoutMs,
  };
  return { settings, auth, secret };
}

function parseWith<T>(issues: Issue[], path: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    issues.push({ path, message: error instanceof AppError ? error.message : 'invalid value' });
    return undefined as T;
  }
}

function parseAddress(value: unknown, issues: Issue[]): string {
  const problem = 'must be an http:// or https:// URL without user info, query or fragment';
  if (typeof value !== 'string') {
    issues.push({ path: 'address', message: `required; ${problem}` });
    return '';
  }
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    issues.push({ path: 'address', message: problem });
    return '';
  }
  if (!['http:', 'https:'].includes(url.protocol) || url.username || url.password || url.search || url.hash) {
    issues.push({ path: 'address', message: problem });
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

function parseNamespace(value: unknown, issues: Issue[]): string | null {
  if (blank(value)) return null;
  if (typeof value !== 'string') {
    issues.push({ path: 'namespace', message: 'must be a string such as admin/team-a' });
    return null;
  }
  return parseWith(issues, 'namespace', () => normalizeMount(value));
}

function parseCaCert(value: unknown, issues: Issue[]): string | null {
  if (blank(value)) return null;
  if (typeof value !== 'string' || value.length > 65_536 || !value.includes('-----BEGIN CERTIFICATE-----')) {
    issues.push({ path: 'ca_cert', message: 'must be PEM text with at least one BEGIN CERTIFICATE block' });
    return null;
  }
  try {
    new X509Certificate(value);
  } catch {
    issues.push({ path: 'ca_cert', message: 'is not a readable PEM certificate' });
  }
  return value.trim();
}

function parseInteger(
  value: unknown,
  path: string,
  dflt: number,
  min: number,
  max: number,
  issues: Issue[],
): number {
  if (value === undefined) return dflt;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    issues.push({ path, message: `must be an integer from ${min} to ${max}` });
    return dflt;
  }
  return value;
}

/**
 * Which of the settings that decide where the credentials go (SPEC 5: address, namespace) differ from
 * the stored ones. Both sides are normalised: `https://Vault:8200/` and `https://vault:8200` are one
 * address, while another host, port, scheme or path is a move.
 */
function movedSettings(stored: JsonObject, address: string, namespace: string | null): string[] {
  const moved: string[] = [];
  if (address !== '' && address !== stored.address) moved.push('address');
  if (namespace !== ((stored.namespace as string | null | undefined) ?? null)) moved.push('namespace');
  return moved;
}

/** Why a blank secret part cannot keep the stored one, or undefined when it can. */
function mustResend(
  method: 'token' | 'approle',
  stored: VaultConfigRecord | undefined,
  moved: string[],
): string | undefined {
  const field = method === 'token' ? 'token' : 'secret_id';
  const storedMethod = (stored?.settings.auth as { method?: unknown } | undefined)?.method;
  const again = `send the ${field} in the same request, so the stored credentials never travel to`;
  if (storedMethod !== undefined && storedMethod !== method) {
    return `required: auth.method changes from '${storedMethod}' to '${method}'; ${again} another auth method`;
  }
  if (stored?.sealed?.fields[field] === undefined) return `required (no ${field} is stored yet)`;
  if (moved.length > 0) return `required: ${moved.join(' and ')} changes; ${again} a new Vault`;
  return undefined;
}

function parseAuth(
  value: unknown,
  stored: VaultConfigRecord | undefined,
  moved: string[],
  issues: Issue[],
): { auth: StoredAuth | undefined; secret: ParsedVaultConfig['secret'] } {
  const auth = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const allowed = auth.method === 'token' ? ['method', 'token'] : ['method', 'role_id', 'secret_id'];
  for (const key of Object.keys(auth)) {
    if (!allowed.includes(key)) issues.push({ path: `auth.${key}`, message: 'unknown property' });
  }
  if (auth.method === 'token') {
    if (blank(auth.token)) {
      const why = mustResend('token', stored, moved);
      if (why) issues.push({ path: 'auth.token', message: why });
      return { auth: { method: 'token' }, secret: null };
    }
    if (typeof auth.token !== 'string' || !CREDENTIAL.test(auth.token)) {
      issues.push({
        path: 'auth.token',
        message: 'must be printable ASCII without spaces, at most 4096 characters',
      });
    }
    return { auth: { method: 'token' }, secret: { token: String(auth.token) } };
  }
  if (auth.method === 'approle') {
    if (typeof auth.role_id !== 'string' || !CREDENTIAL.test(auth.role_id)) {
      issues.push({ path: 'auth.role_id', message: 'required; printable ASCII without spaces' });
    }
    const roleId = String(auth.role_id);
    if (blank(auth.secret_id)) {
      const why = mustResend('approle', stored, moved);
      if (why) issues.push({ path: 'auth.secret_id', message: why });
      return { auth: { method: 'approle', roleId }, secret: null };
    }
    if (typeof auth.secret_id !== 'string' || !CREDENTIAL.test(auth.secret_id)) {
      issues.push({
        path: 'auth.secret_id',
        message: 'must be printable ASCII without spaces, at most 4096 characters',
      });
    }
    return { auth: { method: 'approle', roleId }, secret: { secret_id: String(auth.secret_id) } };
  }
  issues.push({ path: 'auth.method', message: "must be 'token' or 'approle'" });
  return { auth: undefined, secret: null };
}
