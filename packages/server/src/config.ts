import { resolve } from 'node:path';
import type { SettingSpec, TypeDescriptor, TypeSettings } from './domain/type-descriptor.js';
import { ALL_TYPES } from './types/registry.js';

/** Values printed in the README as examples; a server refuses to start with them. */
const PUBLISHED_SAMPLES = new Set([
  'pb_example_admin_token_do_not_use_0000000000',
  'q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq80=',
]);

export interface Config {
  dataDir: string;
  host: string;
  port: number;
  databaseUrl: string | undefined;
  masterKey: string | undefined;
  previousMasterKeys: string[];
  adminToken: string | undefined;
  logLevel: string;
  egressAllow: string[];
  rateLimitPerMinute: number;
  /** per source address, for requests without a valid token */
  anonymousRateLimitPerMinute: number;
  /** per token, connect and validate calls at once */
  maxConcurrentConnects: number;
  connectTimeoutMs: number;
  maxConnectTimeoutMs: number;
  webDir: string | undefined;
  secureCookies: boolean;
  /** when the audit journal reaches the disk (ADR 0008) */
  auditSync: 'interval' | 'always';
  /** each type's own settings by type id, read once at start (its descriptor's `settings`) */
  typeSettings: ReadonlyMap<string, TypeSettings>;
}

/** One row of the settings table: a server setting (`type` null) or one a type declares. */
export interface SettingRow {
  type: string | null;
  env: string;
  default: string;
  /** Markdown, one line: what it is, what empty means */
  doc: string;
}

/** The server's own settings; each type declares its own in its descriptor (`TypeDescriptor.settings`). */
export const SERVER_SETTINGS = [
  {
    env: 'PATCHBAY_DATA_DIR',
    default: './.patchbay',
    doc: 'Data directory of the embedded default: SQLite database and key file',
  },
  { env: 'PATCHBAY_HOST', default: '127.0.0.1', doc: 'Address to listen on' },
  { env: 'PATCHBAY_PORT', default: '7300', doc: 'Port to listen on' },
  {
    env: 'PATCHBAY_DATABASE_URL',
    default: '',
    doc: '`postgres://…` to share one PostgreSQL between replicas (scale-out); empty = SQLite',
  },
  {
    env: 'PATCHBAY_MASTER_KEY',
    default: '',
    doc: 'Master key, base64 of 32 bytes (`openssl rand -base64 32`); required with PostgreSQL',
  },
  {
    env: 'PATCHBAY_PREVIOUS_MASTER_KEYS',
    default: '',
    doc: 'Comma-separated older master keys, still used to unwrap during rotation',
  },
  {
    env: 'PATCHBAY_ADMIN_TOKEN',
    default: '',
    doc: 'First start only: the bootstrap admin token (at least 32 characters) instead of a generated one',
  },
  {
    env: 'PATCHBAY_LOG_LEVEL',
    default: 'info',
    doc: 'pino log level: fatal, error, warn, info, debug, trace, silent',
  },
  {
    env: 'PATCHBAY_EGRESS_ALLOW',
    default: '',
    doc: 'Comma-separated CIDRs that tasks may reach although link-local/metadata (e.g. `169.254.10.0/24`)',
  },
  {
    env: 'PATCHBAY_RATE_LIMIT_PER_MINUTE',
    default: '0',
    doc: 'Requests per minute per token before `429 rate_limited`; 0 = unlimited',
  },
  {
    env: 'PATCHBAY_ANONYMOUS_RATE_LIMIT_PER_MINUTE',
    default: '60',
    doc: 'Requests per minute per source address without a valid token before `429 rate_limited`; 0 = unlimited',
  },
  {
    env: 'PATCHBAY_MAX_CONCURRENT_CONNECTS',
    default: '8',
    doc: 'Connect and validate calls one token may run at once before `429 rate_limited`; 0 = unlimited',
  },
  {
    env: 'PATCHBAY_CONNECT_TIMEOUT_MS',
    default: '30000',
    doc: 'Default time budget of validate and connect',
  },
  {
    env: 'PATCHBAY_MAX_CONNECT_TIMEOUT_MS',
    default: '600000',
    doc: 'Largest `timeout_ms` a connect call may ask for',
  },
  {
    env: 'PATCHBAY_WEB_DIR',
    default: '',
    doc: 'Directory of the built workbench; empty = `packages/web/dist`',
  },
  {
    env: 'PATCHBAY_SECURE_COOKIES',
    default: 'false',
    doc: 'Mark the workbench session cookie `Secure` (set `true` behind HTTPS)',
  },
  {
    env: 'PATCHBAY_AUDIT_SYNC',
    default: 'interval',
    doc:
      'Embedded default: when the audit journal is fdatasynced — `interval` within 5 ms of a write (like a WAL; ' +
      'a crash of the process loses nothing, a power loss at most the last 5 ms), `always` before answering',
  },
] as const satisfies readonly Omit<SettingRow, 'type'>[];

export type SettingName = (typeof SERVER_SETTINGS)[number]['env'];

/**
 * Every setting, the server's then each type's in registry order: the README's table is made from this.
 *
 * @example
 * allSettings().find((s) => s.env === 'PATCHBAY_AURA_API_URL') // { type: 'neo4j_aura', default: 'https://api.neo4j.io', … }
 */
export function allSettings(types: readonly TypeDescriptor[] = ALL_TYPES): SettingRow[] {
  return [
    ...SERVER_SETTINGS.map((s) => ({ type: null, env: s.env, default: s.default, doc: s.doc })),
    ...types.flatMap((t) =>
      (t.settings ?? []).map((s) => ({ type: t.id, env: s.env, default: s.default, doc: s.doc })),
    ),
  ];
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

function integer(
  env: NodeJS.ProcessEnv,
  name: SettingName,
  fallback: string,
  min: number,
  max: number,
): number {
  const raw = env[name] || fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, not '${raw}'`);
  }
  return value;
}

const list = (raw: string | undefined) =>
  (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

function auditSync(raw: string): Config['auditSync'] {
  if (raw === 'interval' || raw === 'always') return raw;
  throw new ConfigError(`PATCHBAY_AUDIT_SYNC must be interval or always, not '${raw}'`);
}

/** Parses the environment once, refusing bad values and published sample secrets with a clear message. */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  types: readonly TypeDescriptor[] = ALL_TYPES,
): Config {
  const get = (name: SettingName) => {
    const dflt = SERVER_SETTINGS.find((s) => s.env === name)?.default ?? '';
    return env[name] || dflt;
  };
  const databaseUrl = env.PATCHBAY_DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError(
      'PATCHBAY_DATABASE_URL must be a postgres:// URL; leave it empty for the embedded SQLite',
    );
  }
  const masterKey = env.PATCHBAY_MASTER_KEY || undefined;
  if (databaseUrl && !masterKey) {
    throw new ConfigError(
      'PATCHBAY_MASTER_KEY is required with PATCHBAY_DATABASE_URL: every replica must use the same key (make one with: openssl rand -base64 32)',
    );
  }
  const adminToken = env.PATCHBAY_ADMIN_TOKEN || undefined;
  if (adminToken !== undefined && adminToken.length < 32) {
    throw new ConfigError(
      'PATCHBAY_ADMIN_TOKEN must be at least 32 characters; generate one with: openssl rand -hex 32',
    );
  }
  for (const [name, value] of [
    ['PATCHBAY_MASTER_KEY', masterKey],
    ['PATCHBAY_ADMIN_TOKEN', adminToken],
  ] as const) {
    if (value && PUBLISHED_SAMPLES.has(value)) {
      throw new ConfigError(`${name} is the example value from the README; generate your own`);
    }
  }
  const logLevel = get('PATCHBAY_LOG_LEVEL');
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) {
    throw new ConfigError(`PATCHBAY_LOG_LEVEL '${logLevel}' is not a pino level (fatal … trace, silent)`);
  }
  return {
    dataDir: resolve(get('PATCHBAY_DATA_DIR')),
    host: get('PATCHBAY_HOST'),
    port: integer(env, 'PATCHBAY_PORT', '7300', 0, 65535),
    databaseUrl,
    masterKey,
    previousMasterKeys: list(env.PATCHBAY_PREVIOUS_MASTER_KEYS),
    adminToken,
    logLevel,
    egressAllow: list(env.PATCHBAY_EGRESS_ALLOW),
    rateLimitPerMinute: integer(env, 'PATCHBAY_RATE_LIMIT_PER_MINUTE', '0', 0, 10_000_000),
    anonymousRateLimitPerMinute: integer(
      env,
      'PATCHBAY_ANONYMOUS_RATE_LIMIT_PER_MINUTE',
      '60',
      0,
      10_000_000,
    ),
    maxConcurrentConnects: integer(env, 'PATCHBAY_MAX_CONCURRENT_CONNECTS', '8', 0, 100_000),
    connectTimeoutMs: integer(env, 'PATCHBAY_CONNECT_TIMEOUT_MS', '30000', 100, 3_600_000),
    maxConnectTimeoutMs: integer(env, 'PATCHBAY_MAX_CONNECT_TIMEOUT_MS', '600000', 100, 3_600_000),
    webDir: env.PATCHBAY_WEB_DIR || undefined,
    secureCookies: get('PATCHBAY_SECURE_COOKIES') === 'true',
    auditSync: auditSync(get('PATCHBAY_AUDIT_SYNC')),
    typeSettings: new Map(types.map((t) => [t.id, readTypeSettings(t, env)])),
  };
}

/**
 * Reads the settings `type` declares from `env` (empty or unset = the declared default) and checks
 * them, so a wrong endpoint stops the start instead of failing the first validation.
 *
 * @example
 * readTypeSettings(neo4jAuraType, { PATCHBAY_AURA_API_URL: 'http://127.0.0.1:4010' }) // { apiUrl: 'http://127.0.0.1:4010' }
 */
export function readTypeSettings(type: TypeDescriptor, env: NodeJS.ProcessEnv): TypeSettings {
  const values: Record<string, string> = {};
  for (const spec of type.settings ?? []) {
    const value = env[spec.env] || spec.default;
    if (value !== '' && spec.format === 'url') checkUrl(spec, value);
    const problem = value === '' ? undefined : spec.check?.(value);
    if (problem) throw new ConfigError(`${spec.env}: ${problem}`);
    values[spec.key] = value;
  }
  return Object.freeze(values);
}

function checkUrl(spec: SettingSpec, value: string): void {
  const protocol = URL.canParse(value) ? new URL(value).protocol : undefined;
  if (protocol === 'http:' || protocol === 'https:') return;
  const fallback = spec.default ? `the default ${spec.default}` : 'the default';
  throw new ConfigError(
    `${spec.env} must be an absolute http(s) URL such as https://host:port, not '${value}'; fix it, or unset it for ${fallback}`,
  );
}
