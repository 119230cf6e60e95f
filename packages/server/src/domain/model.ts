/** The domain shapes of SPEC 1. Stores convert their rows to these; the HTTP layer converts these to wire shapes. */

export const SCOPES = ['storage', 'broker', 'database', 'graph', 'vector'] as const;
export type Scope = (typeof SCOPES)[number];

export type Kind = 'task' | 'cloud';

export const STATUSES = ['pending', 'unverified', 'active', 'error', 'revoked'] as const;
export type Status = (typeof STATUSES)[number];

export const ROLES = ['viewer', 'runner', 'editor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const TAG_PATTERN = '^[a-z0-9][a-z0-9_-]{0,62}$';
export const TAG_REGEX = new RegExp(TAG_PATTERN);

export type JsonObject = Record<string, unknown>;

/**
 * Secret inputs as stored: a per-record data key wrapped by a master key, and one AES-GCM
 * ciphertext per field. Opaque outside the keyring.
 */
export interface SealedSecrets {
  /** id of the master key that wrapped `wrappedKey` */
  keyId: string;
  /** base64 nonce|ciphertext|tag of the 32-byte data key */
  wrappedKey: string;
  /** field name → base64 nonce|ciphertext|tag */
  fields: Record<string, string>;
}

export interface VaultAttachment {
  path: string;
  /** a pinned KV v2 version; absent = the latest */
  version?: number;
}

export interface Connection {
  workspaceId: string;
  tag: string;
  type: string;
  kind: Kind;
  displayName: string;
  description: string;
  scopes: Scope[];
  value: JsonObject;
  /** names of secret inputs with a stored value; for `generic`, every key of `secrets` */
  secretFields: string[];
  sealed: SealedSecrets | null;
  vault: VaultAttachment | null;
  status: Status;
  statusMessage: string | null;
  version: number;
  accountIdentifier: string | null;
  setup: JsonObject | null;
  createdAt: string;
  updatedAt: string;
  lastValidatedAt: string | null;
  /** the checks of the last validation (at `lastValidatedAt`), secrets redacted; null before one */
  lastChecks: CheckResult[] | null;
}

/** One step of a validation: what was checked, whether it passed, and what was seen. */
export interface CheckResult {
  name: string;
  ok: boolean;
  detail: string;
  duration_ms: number;
}

export interface Workspace {
  id: string;
  name: string;
  createdAt: string;
}

export interface Token {
  id: string;
  workspaceId: string;
  name: string;
  role: Role;
  reveal: boolean;
  /** sha256 hex of the secret; the secret itself is never stored */
  hash: string;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
}

/** Who is calling: resolved from the bearer token. */
export interface Principal {
  tokenId: string;
  tokenName: string;
  workspaceId: string;
  workspaceName: string;
  role: Role;
  reveal: boolean;
  /** when the token stops working (RFC 3339), or null/absent when it never expires */
  expiresAt?: string | null;
}

export const roleAtLeast = (role: Role, needed: Role): boolean =>
  ROLES.indexOf(role) >= ROLES.indexOf(needed);

export interface AuditEvent {
  id: string;
  workspaceId: string;
  seq: number;
  at: string;
  actor: string;
  action: string;
  tag: string | null;
  outcome: 'success' | 'failure' | 'denied';
  requestId: string | null;
  details: JsonObject;
  prevHash: string;
  hash: string;
}

/** What a service asks the audit log to record; the log assigns id, seq, time and the chain. */
export type AuditDraft = Pick<
  AuditEvent,
  'actor' | 'action' | 'tag' | 'outcome' | 'requestId' | 'details'
> & {
  workspaceId: string;
};

export interface ExecutionError {
  code: string;
  message: string;
}

export interface Execution {
  id: string;
  workspaceId: string;
  tag: string;
  type: string;
  status: 'succeeded' | 'failed';
  inputs: JsonObject;
  outputValue: unknown;
  error: ExecutionError | null;
  startedAt: string;
  endedAt: string;
  durationMs: number;
  /** the connection's `version` the call ran with; null on records older than the field */
  connectionVersion: number | null;
}

export interface Component {
  workspaceId: string;
  name: string;
  kind: Scope;
  cloud: string;
  resource: string;
  config: JsonObject;
  createdAt: string;
}
