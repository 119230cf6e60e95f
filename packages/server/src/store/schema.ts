/**
 * The database as Kysely sees it. One shape per table, named `…Row`; repositories convert rows to the
 * domain shapes explicitly. Both dialects store the same way: JSON as text, timestamps as RFC 3339 UTC
 * text, booleans as 0/1 integers.
 */

/** A JSON document serialised as text. */
export type JsonText = string;

export interface WorkspaceRow {
  id: string;
  name: string;
  created_at: string;
}

export interface TokenRow {
  id: string;
  workspace_id: string;
  name: string;
  role: string;
  reveal: number;
  hash: string;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
}

/** The sealed-secret columns shared by connections and Vault configurations. */
export interface SealedColumns {
  sealed_key_id: string | null;
  sealed_wrapped_key: string | null;
  /** field name → ciphertext */
  sealed_fields: JsonText | null;
}

export interface ConnectionRow extends SealedColumns {
  workspace_id: string;
  tag: string;
  type: string;
  kind: string;
  display_name: string;
  description: string;
  scopes: JsonText;
  value: JsonText;
  secret_fields: JsonText;
  vault_path: string | null;
  vault_version: number | null;
  status: string;
  status_message: string | null;
  version: number;
  account_identifier: string | null;
  setup: JsonText | null;
  created_at: string;
  updated_at: string;
  last_validated_at: string | null;
  /** JSON array of the last validation's checks */
  last_checks: JsonText | null;
}

export interface AuditEventRow {
  workspace_id: string;
  seq: number;
  id: string;
  at: string;
  actor: string;
  action: string;
  tag: string | null;
  outcome: string;
  request_id: string | null;
  details: JsonText;
  prev_hash: string;
  hash: string;
}

/** The last link of a workspace's audit chain; its row lock serialises appends. */
export interface AuditHeadRow {
  workspace_id: string;
  seq: number;
  hash: string;
}

export interface ExecutionRow {
  id: string;
  workspace_id: string;
  tag: string;
  type: string;
  status: string;
  inputs: JsonText;
  output_value: JsonText;
  error: JsonText | null;
  started_at: string;
  ended_at: string;
  duration_ms: number;
  connection_version: number | null;
}

export interface ComponentRow {
  workspace_id: string;
  name: string;
  kind: string;
  cloud: string;
  resource: string;
  config: JsonText;
  created_at: string;
}

export interface VaultConfigRow extends SealedColumns {
  workspace_id: string;
  settings: JsonText;
  version: number;
  updated_at: string;
}

export interface Database {
  workspaces: WorkspaceRow;
  tokens: TokenRow;
  connections: ConnectionRow;
  audit_events: AuditEventRow;
  audit_heads: AuditHeadRow;
  executions: ExecutionRow;
  components: ComponentRow;
  vault_configs: VaultConfigRow;
}
