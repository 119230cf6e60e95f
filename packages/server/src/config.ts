import { resolve } from 'node:path';
import type { ProviderSettings } from './domain/type-descriptor.js';

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
  providers: ProviderSettings;
}

/** Every setting, its environment variable, default and meaning: the README's table is made from this. */
export const SETTINGS = [
  [
    'PATCHBAY_DATA_DIR',
    './.patchbay',
    'Data directory of the embedded default: SQLite database and key file',
  ],
  ['PATCHBAY_HOST', '127.0.0.1', 'Address to listen on'],
  ['PATCHBAY_PORT', '7300', 'Port to listen on'],
  [
    'PATCHBAY_DATABASE_URL',
    '',
    'postgres://… to share one PostgreSQL between replicas (scale-out); empty = SQLite',
  ],
  [
    'PATCHBAY_MASTER_KEY',
    '',
    'Master key, base64 of 32 bytes (`openssl rand -base64 32`); required with PostgreSQL',
  ],
  [
    'PATCHBAY_PREVIOUS_MASTER_KEYS',
    '',
    'Comma-separated older master keys, still used to unwrap during rotation',
  ],
  [
    'PATCHBAY_ADMIN_TOKEN',
    '',
    'First start only: the bootstrap admin token (at least 32 characters) instead of a generated one',
  ],
  ['PATCHBAY_LOG_LEVEL', 'info', 'pino log level: fatal, error, warn, info, debug, trace, silent'],
  [
    'PATCHBAY_EGRESS_ALLOW',
    '',
    'Comma-separated CIDRs that tasks may reach although link-local/metadata (e.g. 169.254.10.0/24)',
  ],
  [
    'PATCHBAY_RATE_LIMIT_PER_MINUTE',
    '0',
    'Requests per minute per token before 429 rate_limited; 0 = unlimited',
  ],
  [
    'PATCHBAY_ANONYMOUS_RATE_LIMIT_PER_MINUTE',
    '60',
    'Requests per minute per source address without a valid token before 429 rate_limited; 0 = unlimited',
  ],
  [
    'PATCHBAY_MAX_CONCURRENT_CONNECTS',
    '8',
    'Connect and validate calls one token may run at once before 429 rate_limited; 0 = unlimited',
  ],
  ['PATCHBAY_CONNECT_TIMEOUT_MS', '30000', 'Default time budget of validate and connect'],
  ['PATCHBAY_MAX_CONNECT_TIMEOUT_MS', '600000', 'Largest timeout_ms a connect call may ask for'],
  ['PATCHBAY_WEB_DIR', '', 'Directory of the built workbench; empty = the one shipped with the package'],
  ['PATCHBAY_SECURE_COOKIES', 'false', 'Mark the workbench session cookie Secure (set true behind HTTPS)'],
  [
    'PATCHBAY_AUDIT_SYNC',
    'interval',
    'Audit journal fdatasync (embedded default): interval = within 5 ms, like a WAL; always = before answering',
  ],
  ['PATCHBAY_AWS_STS_ENDPOINT', '', 'AWS STS endpoint; empty = the regional public endpoint'],
  [
    'PATCHBAY_AWS_PRINCIPAL_ARN',
    '',
    "The server's AWS principal for trust policies; empty = GetCallerIdentity of the base credentials",
  ],
  ['PATCHBAY_GCP_TOKEN_URL', 'https://oauth2.googleapis.com/token', 'Google OAuth 2.0 token endpoint'],
  [
    'PATCHBAY_GCP_API_URL',
    'https://cloudresourcemanager.googleapis.com',
    'Google Cloud Resource Manager API',
  ],
  [
    'PATCHBAY_AZURE_AUTHORITY_URL',
    'https://login.microsoftonline.com',
    'Microsoft identity platform authority',
  ],
  ['PATCHBAY_AZURE_MANAGEMENT_URL', 'https://management.azure.com', 'Azure Resource Manager'],
  ['PATCHBAY_ATLAS_API_URL', 'https://cloud.mongodb.com', 'MongoDB Atlas Admin API'],
  ['PATCHBAY_AURA_API_URL', 'https://api.neo4j.io', 'Neo4j Aura API'],
] as const;

export type SettingName = (typeof SETTINGS)[number][0];

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
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const get = (name: SettingName) => {
    const dflt = SETTINGS.find(([n]) => n === name)?.[1] ?? '';
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
    providers: {
      awsStsEndpoint: env.PATCHBAY_AWS_STS_ENDPOINT || undefined,
      awsPrincipalArn: env.PATCHBAY_AWS_PRINCIPAL_ARN || undefined,
      gcpTokenUrl: get('PATCHBAY_GCP_TOKEN_URL'),
      gcpApiUrl: get('PATCHBAY_GCP_API_URL'),
      azureAuthorityUrl: get('PATCHBAY_AZURE_AUTHORITY_URL'),
      azureManagementUrl: get('PATCHBAY_AZURE_MANAGEMENT_URL'),
      atlasApiUrl: get('PATCHBAY_ATLAS_API_URL'),
      auraApiUrl: get('PATCHBAY_AURA_API_URL'),
    },
  };
}
