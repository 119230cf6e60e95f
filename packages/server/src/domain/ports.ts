/**
 * The small interfaces the domain needs from the outside world. `store/`, `secrets/` and `types/`
 * implement them; services depend only on these.
 */
import type {
  AuditDraft,
  AuditEvent,
  Component,
  Connection,
  Execution,
  JsonObject,
  SealedSecrets,
  Status,
  Token,
  Workspace,
} from './model.js';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface ConnectionFilter {
  type?: string;
  kind?: 'task' | 'cloud';
  status?: Status;
  /** case-insensitive substring of tag, display name or description */
  q?: string;
  limit: number;
  cursor?: string;
}

export interface ConnectionRepository {
  get(workspaceId: string, tag: string): Promise<Connection | undefined>;
  /** ordered by tag; `cursor` is opaque (from `nextCursor`) */
  list(workspaceId: string, filter: ConnectionFilter): Promise<Page<Connection>>;
  /** throws `AppError('connection_exists')` when the tag is taken in the workspace */
  insert(connection: Connection): Promise<void>;
  /**
   * Compare-and-set: writes `next` (whose `version` is already incremented) only while the stored
   * version equals `expectedVersion`. Returns false when another write won.
   */
  update(next: Connection, expectedVersion: number): Promise<boolean>;
  delete(workspaceId: string, tag: string): Promise<boolean>;
  /** up to `limit` connections whose secrets are wrapped by a key other than `keyId` (for rotation) */
  listWrappedByOtherKey(keyId: string, limit: number): Promise<Connection[]>;
  /** replaces `sealed` only if the row still has `expectedKeyId` and `version`; no version bump */
  rewrap(connection: Connection, expectedKeyId: string): Promise<boolean>;
}

export interface WorkspaceRepository {
  create(workspace: Workspace): Promise<void>;
  get(id: string): Promise<Workspace | undefined>;
  getByName(name: string): Promise<Workspace | undefined>;
  list(): Promise<Workspace[]>;
}

export interface TokenRepository {
  insert(token: Token): Promise<void>;
  findByHash(hash: string): Promise<Token | undefined>;
  get(workspaceId: string, id: string): Promise<Token | undefined>;
  list(workspaceId: string): Promise<Token[]>;
  /** sets revokedAt; returns false when no such token */
  revoke(workspaceId: string, id: string, at: string): Promise<boolean>;
  count(): Promise<number>;
}

export interface AuditFilter {
  tag?: string;
  action?: string;
  limit: number;
  cursor?: string;
}

export interface AuditRepository {
  /**
   * Appends events to their workspace's hash chain, in order, atomically. Serialised per
   * workspace across processes (row lock on PostgreSQL).
   */
  append(drafts: AuditDraft[]): Promise<AuditEvent[]>;
  /** newest first */
  list(workspaceId: string, filter: AuditFilter): Promise<Page<AuditEvent>>;
  /** oldest first, for chain verification; `afterSeq` 0 starts at the beginning */
  scan(workspaceId: string, afterSeq: number, limit: number): Promise<AuditEvent[]>;
}

export interface ExecutionFilter {
  tag?: string;
  limit: number;
  cursor?: string;
}

export interface ExecutionRepository {
  insert(execution: Execution): Promise<void>;
  /** one multi-row insert (a group's connects, on PostgreSQL one round trip) */
  insertMany(executions: readonly Execution[]): Promise<void>;
  get(workspaceId: string, id: string): Promise<Execution | undefined>;
  /** newest first */
  list(workspaceId: string, filter: ExecutionFilter): Promise<Page<Execution>>;
}

export interface ComponentRepository {
  /** throws `AppError('invalid_request')`-free: returns false when the name is taken */
  insert(component: Component): Promise<boolean>;
  get(workspaceId: string, name: string): Promise<Component | undefined>;
  list(
    workspaceId: string,
    filter: { cloud?: string; kind?: string; limit: number; cursor?: string },
  ): Promise<Page<Component>>;
  delete(workspaceId: string, name: string): Promise<boolean>;
  countByCloud(workspaceId: string, cloud: string): Promise<number>;
  deleteByCloud(workspaceId: string, cloud: string): Promise<number>;
}

/** A workspace's Vault configuration as stored: secret parts sealed by the keyring. */
export interface VaultConfigRecord {
  workspaceId: string;
  /** non-secret settings (address, namespace, mount, kv_version, ca_cert, cache_ttl_seconds, timeout_ms, auth.method, auth.role_id) */
  settings: JsonObject;
  /** token or secret_id, sealed with tag `~vault` */
  sealed: SealedSecrets | null;
  version: number;
  updatedAt: string;
}

export interface VaultConfigRepository {
  get(workspaceId: string): Promise<VaultConfigRecord | undefined>;
  put(record: VaultConfigRecord): Promise<void>;
  listWrappedByOtherKey(keyId: string, limit: number): Promise<VaultConfigRecord[]>;
  rewrap(record: VaultConfigRecord, expectedKeyId: string): Promise<boolean>;
}

export interface Store {
  readonly dialect: 'sqlite' | 'postgres';
  readonly connections: ConnectionRepository;
  readonly workspaces: WorkspaceRepository;
  readonly tokens: TokenRepository;
  readonly audit: AuditRepository;
  readonly executions: ExecutionRepository;
  readonly components: ComponentRepository;
  readonly vaultConfigs: VaultConfigRepository;
  /** runs `fn` in one transaction; the store passed to `fn` is bound to it */
  transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T>;
  /** ids of master keys that wrap any stored data key */
  keyIdsInUse(): Promise<string[]>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Associated data of a sealed field: binds a ciphertext to its record and field. */
export interface SealContext {
  workspaceId: string;
  /** connection tag, or `~vault` for a workspace's Vault configuration */
  tag: string;
}

/** Envelope encryption of secret fields (SPEC 7). Values are any JSON. */
export interface SecretSealer {
  readonly activeKeyId: string;
  /** seals `fields`; reuses the data key of `previous` when given (re-wrapping it if its master key is old) */
  seal(context: SealContext, fields: JsonObject, previous?: SealedSecrets | null): SealedSecrets;
  open(context: SealContext, sealed: SealedSecrets): JsonObject;
  /** the same secrets with the data key wrapped by the active master key */
  rewrap(sealed: SealedSecrets): SealedSecrets;
}

/** A secret read from Vault. */
export interface VaultSecret {
  data: JsonObject;
  /** KV v2 version; null for KV v1 */
  version: number | null;
}

/** Reads attached Vault secrets for the merge (the second layer of SPEC 6.1). */
export interface VaultReader {
  /**
   * Throws `vault_not_configured`, `vault_secret_not_found` or `vault_error` (with
   * `details.reason`) as `AppError`. `path` is as attached (either KV v2 form); `version` pins a KV v2
   * version. The secret may be shared with other readers (cached), so it is frozen.
   */
  read(workspaceId: string, path: string, version?: number): Promise<VaultSecret & { path: string }>;
}
