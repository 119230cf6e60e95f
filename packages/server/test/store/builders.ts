/** Fixture builders for the store suites: valid domain shapes with overridable fields. */
import type {
  AuditDraft,
  Component,
  Connection,
  Execution,
  SealedSecrets,
  Token,
  Workspace,
} from '../../src/domain/model.js';
import type { VaultConfigRecord } from '../../src/domain/ports.js';

const NOW = '2025-01-02T03:04:05.678Z';

export const makeWorkspace = (overrides: Partial<Workspace> = {}): Workspace => ({
  id: 'default',
  name: overrides.id ?? 'default',
  createdAt: NOW,
  ...overrides,
});

export const makeSealed = (
  keyId = 'mk_one',
  fields: Record<string, string> = { password: 'Y2lwaGVy' },
): SealedSecrets => ({
  keyId,
  wrappedKey: `wrapped-by-${keyId}`,
  fields,
});

export const makeConnection = (overrides: Partial<Connection> = {}): Connection => ({
  workspaceId: 'default',
  tag: 'library',
  type: 'git',
  kind: 'task',
  displayName: overrides.tag ?? 'library',
  description: '',
  scopes: [],
  value: { repository_url: 'https://git.example.com/library.git', ref: 'develop' },
  secretFields: [],
  sealed: null,
  vault: null,
  status: 'unverified',
  statusMessage: null,
  version: 1,
  accountIdentifier: null,
  setup: null,
  createdAt: NOW,
  updatedAt: NOW,
  lastValidatedAt: null,
  lastChecks: null,
  ...overrides,
});

export const makeToken = (overrides: Partial<Token> = {}): Token => ({
  id: 'tok_1',
  workspaceId: 'default',
  name: 'admin',
  role: 'admin',
  reveal: false,
  hash: `hash-of-${overrides.id ?? 'tok_1'}`,
  createdAt: NOW,
  expiresAt: null,
  revokedAt: null,
  ...overrides,
});

export const makeExecution = (overrides: Partial<Execution> = {}): Execution => ({
  id: 'exe_1',
  workspaceId: 'default',
  tag: 'library',
  type: 'git',
  status: 'succeeded',
  inputs: { ref: 'v2', password: '********' },
  outputValue: { commit_sha: 'abc123' },
  error: null,
  startedAt: NOW,
  endedAt: NOW,
  durationMs: 12,
  connectionVersion: 3,
  ...overrides,
});

export const makeComponent = (overrides: Partial<Component> = {}): Component => ({
  workspaceId: 'default',
  name: 'uploads',
  kind: 'storage',
  cloud: 'prod_aws',
  resource: 's3://uploads',
  config: { versioning: true },
  createdAt: NOW,
  ...overrides,
});

export const makeVaultConfig = (overrides: Partial<VaultConfigRecord> = {}): VaultConfigRecord => ({
  workspaceId: 'default',
  settings: { address: 'https://vault.example.com', auth: { method: 'token' }, kv_version: 2 },
  sealed: makeSealed('mk_one', { token: 'dG9rZW4=' }),
  version: 1,
  updatedAt: NOW,
  ...overrides,
});

export const makeDraft = (overrides: Partial<AuditDraft> = {}): AuditDraft => ({
  workspaceId: 'default',
  actor: 'tok_1',
  action: 'connection.create',
  tag: 'library',
  outcome: 'success',
  requestId: 'req-1',
  details: { type: 'git' },
  ...overrides,
});
