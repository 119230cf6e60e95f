/**
 * What a Vault suite seeds and inspects, the same on the fake and on OpenBao (see `vaults.ts`).
 */
import type { VaultFake, VaultFakeRequest } from '../fakes/vault-fake.js';
import type { OpenBaoServer } from './openbao.js';

export const TEST_MOUNTS: Record<string, 1 | 2> = { secret: 2, kv: 1, 'team/apps': 2 };

export interface TestVaultTokenOptions {
  /** whole seconds until the token stops working; 0 (default) never expires */
  ttlSeconds?: number;
  renewable?: boolean;
  /** API paths (without `/v1/`) the token may read, as prefixes; default everything */
  allow?: string[];
}

export interface TestVaultAppRole extends TestVaultTokenOptions {
  roleId: string;
  secretId: string;
  /** the longest a login's token may live, renewals included (OpenBao's token_max_ttl) */
  maxTtlSeconds?: number;
}

export interface TestVault {
  readonly name: 'fake' | 'openbao';
  /** where clients connect */
  readonly address: string;
  /** never expires, may read everything */
  readonly rootToken: string;
  /** the version `sys/health` reports */
  readonly serverVersion: string;
  /** every request the Vault answered (method, URL path, namespace, status), in order */
  readonly requests: VaultFakeRequest[];
  /** the fake's fault switches (delay, hang-up, uninitialized, lying leases); only on `fake` */
  readonly fake?: VaultFake;
  /** the real server (policies, auth methods, the CLI); only on `openbao` */
  readonly bao?: OpenBaoServer;
  /** writes a new version of the secret at logical path `<mount>/<key>` */
  putSecret(path: string, data: Record<string, unknown>, namespace?: string): Promise<void>;
  /** `kv delete -versions`: soft-deletes versions of a KV v2 secret */
  deleteVersions(path: string, versions: number[]): Promise<void>;
  /** `kv destroy -versions`: destroys versions of a KV v2 secret for good */
  destroyVersions(path: string, versions: number[]): Promise<void>;
  /** a token with this id (OpenBao refuses ids with a `.`) */
  addToken(token: string, options?: TestVaultTokenOptions): Promise<void>;
  addAppRole(role: TestVaultAppRole): Promise<void>;
  /** every renewable token issued by an AppRole login stops working now */
  expireIssuedTokens(): Promise<void>;
  /** successful reads of logical path `<mount>/<key>` */
  readCount(path: string, namespace?: string): number;
  seal(): Promise<void>;
  unseal(): Promise<void>;
  /** Vault is down: its address refuses connections */
  stop(): Promise<void>;
  /** back on the same address, with the same secrets, tokens and roles */
  start(): Promise<void>;
  close(): Promise<void>;
}

/** The API path of a read of logical path `<mount>/<key>` on the test mounts, e.g. `/v1/secret/data/x`. */
export function apiPathOf(path: string): string {
  const mount = Object.keys(TEST_MOUNTS).find((m) => path.startsWith(`${m}/`));
  if (!mount) throw new Error(`'${path}' is on none of the test mounts`);
  const key = path.slice(mount.length + 1);
  return TEST_MOUNTS[mount] === 2 ? `/v1/${mount}/data/${key}` : `/v1/${path}`;
}
