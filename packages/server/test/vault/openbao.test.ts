/**
 * What only a real server shows: OpenBao's own policies, AppRole with generated credentials, token
 * TTLs and max TTLs, and a process that is really gone. Seeded with the `bao` CLI, as an operator would.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Logger } from '../../src/domain/type-descriptor.js';
import { createVaultClient, type VaultClient } from '../../src/secrets/vault/vault-client.js';
import type { VaultCredentials, VaultSettings } from '../../src/secrets/vault/vault-settings.js';
import { OPENBAO_AVAILABLE, type OpenBaoServer, startOpenBao } from '../support/openbao.js';
import { closeVaults, type TestVault, VAULTS } from '../support/vaults.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const reasonOf = (p: Promise<unknown>) =>
  p.then(
    () => 'resolved',
    (e: { code?: string; details?: { reason?: string } }) => e.details?.reason ?? e.code,
  );

afterAll(closeVaults);

describe.runIf(OPENBAO_AVAILABLE)('openbao only', () => {
  let vault: TestVault;
  let bao: OpenBaoServer;
  const clients: VaultClient[] = [];
  const messages: string[] = [];
  const logger: Logger = {
    debug: (_o, m) => void messages.push(String(m)),
    info: (_o, m) => void messages.push(String(m)),
    warn: (_o, m) => void messages.push(String(m)),
    error: (_o, m) => void messages.push(String(m)),
  };

  beforeEach(async () => {
    vault = await VAULTS.find((k) => k.name === 'openbao')!.start();
    bao = vault.bao!;
    messages.length = 0;
    await vault.putSecret('secret/oracle', { user: 'scott', password: 'tiger' });
    await vault.putSecret('secret/other', { user: 'nobody' });
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await bao.cli('policy', 'delete', 'oracle-read');
    await bao.cli('delete', 'auth/approle/role/app');
    await vault.close();
  });

  function client(credentials: VaultCredentials, overrides: Partial<VaultSettings> = {}): VaultClient {
    const settings: VaultSettings = {
      address: vault.address,
      namespace: null,
      mount: 'secret',
      kvVersion: 2,
      caCert: null,
      cacheTtlSeconds: 0,
      timeoutMs: 2000,
      ...overrides,
    };
    const c = createVaultClient(settings, credentials, { logger });
    clients.push(c);
    return c;
  }

  /** An AppRole `app` with an HCL policy that reads only secret/data/oracle; role_id and secret_id as OpenBao made them. */
  async function appRole(...tokenSettings: string[]): Promise<VaultCredentials> {
    const hcl = 'path "secret/data/oracle" { capabilities = ["read"] }\n';
    await bao.api('PUT', 'sys/policies/acl/oracle-read', { policy: hcl });
    await bao.cli('write', 'auth/approle/role/app', 'token_policies=oracle-read', ...tokenSettings);
    const roleId = (await bao.cli('read', '-field=role_id', 'auth/approle/role/app/role-id')).trim();
    const secretId = (
      await bao.cli('write', '-f', '-field=secret_id', 'auth/approle/role/app/secret-id')
    ).trim();
    return { method: 'approle', roleId, secretId };
  }

  it('AppRole with a real policy and generated role_id/secret_id: reads what the policy grants, permission_denied elsewhere', async () => {
    const c = client(await appRole());
    expect(await c.read('secret/data/oracle')).toMatchObject({ data: { user: 'scott' }, version: 1 });
    const denied = await c.read('secret/other').catch((e: unknown) => e);
    expect(denied).toMatchObject({
      code: 'vault_error',
      details: { reason: 'permission_denied', status: 403 },
    });
    expect(await c.check()).toMatchObject({ authenticated: true, sealed: false });
  });

  it('a token whose policy grants list but not read → permission_denied', async () => {
    const hcl =
      'path "secret/data/oracle" { capabilities = ["list"] }\npath "secret/metadata/*" { capabilities = ["list"] }\n';
    await bao.api('PUT', 'sys/policies/acl/oracle-read', { policy: hcl });
    const token = (await bao.cli('token', 'create', '-policy=oracle-read', '-field=token')).trim();
    const c = client({ method: 'token', token });
    expect(await reasonOf(c.read('secret/oracle'))).toBe('permission_denied');
    expect(await c.check()).toMatchObject({ authenticated: true }); // the token itself is valid
  });

  it('a token with a 2 s TTL and 4 s max TTL: renewed before expiry, a fresh login past max TTL, no failed read', async () => {
    const c = client(await appRole('token_ttl=2s', 'token_max_ttl=4s', 'token_type=service'));
    const failures: unknown[] = [];
    for (let i = 0; i < 20; i++) {
      await c.read('secret/oracle').catch((e: unknown) => failures.push(e));
      await sleep(250);
    }
    expect(failures).toEqual([]);
    const answered = (path: string, status: number) =>
      vault.requests.filter((r) => r.path === path && r.status === status).length;
    expect(answered('/v1/auth/token/renew-self', 200)).toBeGreaterThanOrEqual(1);
    expect(answered('/v1/auth/approle/login', 200)).toBeGreaterThanOrEqual(2);
    // every read found a live token: none was refused and retried
    expect(vault.requests.filter((r) => r.status === 403)).toEqual([]);
    expect(messages).toContain('vault token renewed');
  });

  it('a stopped server (no proxy in between) → unreachable, and check says not reachable', async () => {
    const own = await startOpenBao();
    try {
      await own.cli('kv', 'put', 'secret/oracle', 'user=scott');
      const c = createVaultClient(
        {
          address: own.address,
          namespace: null,
          mount: 'secret',
          kvVersion: 2,
          caCert: null,
          cacheTtlSeconds: 0,
          timeoutMs: 2000,
        },
        { method: 'token', token: own.rootToken },
        { logger },
      );
      clients.push(c);
      expect(await c.read('secret/oracle')).toMatchObject({ data: { user: 'scott' } });
      await own.stop();
      expect(await reasonOf(c.read('secret/oracle'))).toBe('unreachable');
      expect(await c.check()).toMatchObject({ reachable: false, reason: 'unreachable' });
    } finally {
      await own.close();
    }
  });

  it('TLS (bao -dev-tls): verified against its CA with ca_cert, refused without it', async () => {
    const own = await startOpenBao({ tls: true });
    try {
      await own.cli('kv', 'put', 'secret/oracle', 'user=scott');
      const settings = (caCert: string | null): VaultSettings => ({
        address: own.address,
        namespace: null,
        mount: 'secret',
        kvVersion: 2,
        caCert,
        cacheTtlSeconds: 0,
        timeoutMs: 2000,
      });
      const credentials: VaultCredentials = { method: 'token', token: own.rootToken };
      const trusted = createVaultClient(settings(own.caCert), credentials, { logger });
      const untrusted = createVaultClient(settings(null), credentials, { logger });
      clients.push(trusted, untrusted);
      expect(own.caCert).toContain('BEGIN CERTIFICATE');
      expect(await trusted.read('secret/oracle')).toMatchObject({ data: { user: 'scott' } });
      expect(await trusted.check()).toMatchObject({ reachable: true, authenticated: true });
      const error = await untrusted.read('secret/oracle').catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'vault_error', details: { reason: 'unreachable' } });
      expect((error as Error).message).toContain('set ca_cert');
    } finally {
      await own.close();
    }
  });

  it('a KV v1 mount enabled with the CLI reads with version null; KV v2 data read as v1 is not mistaken for a secret', async () => {
    await bao.cli('secrets', 'enable', '-path=legacy', '-version=1', 'kv');
    try {
      await bao.cli('kv', 'put', 'legacy/app', 'api_key=k1');
      expect(
        await client({ method: 'token', token: bao.rootToken }, { mount: 'legacy', kvVersion: 1 }).read(
          'legacy/app',
        ),
      ).toEqual({
        data: { api_key: 'k1' },
        version: null,
        path: 'legacy/app',
      });
      const wrongVersion = client({ method: 'token', token: bao.rootToken }, { kvVersion: 1 });
      const error = await wrongVersion.read('secret/oracle').catch((e: unknown) => e);
      expect(error).toMatchObject({ code: expect.stringMatching(/vault_secret_not_found|vault_error/) });
      expect(JSON.stringify(error)).not.toContain('tiger');
    } finally {
      await bao.cli('secrets', 'disable', 'legacy');
    }
  });
});
