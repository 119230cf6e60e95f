import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Logger } from '../../src/domain/type-descriptor.js';
import { createVaultService, type VaultService } from '../../src/secrets/vault/vault-service.js';
import type { VaultConfigInput } from '../../src/secrets/vault/vault-settings.js';
import { closeVaults, type TestVault, VAULTS } from '../support/vaults.js';
import {
  createInMemorySealer,
  createInMemoryVaultConfigs,
  type InMemoryVaultConfigs,
} from './in-memory-ports.js';

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };

afterAll(closeVaults);

for (const kind of VAULTS) {
  describe(`${kind.name}: vault service`, () => {
    let vault: TestVault;
    let configs: InMemoryVaultConfigs;
    let t: number;
    const services: VaultService[] = [];
    const sealer = createInMemorySealer();

    beforeEach(async () => {
      vault = await kind.start();
      await vault.putSecret('secret/oracle', { user: 'scott', password: 'tiger' });
      await vault.putSecret('secret/oracle', { user: 'scott', password: 'team-a' }, 'team-a');
      await vault.addAppRole({ roleId: 'role-1', secretId: 'sid-1', ttlSeconds: 600 });
      configs = createInMemoryVaultConfigs();
      t = 1_700_000_000_000;
    });

    afterEach(async () => {
      await Promise.all(services.splice(0).map((s) => s.close()));
      await vault.close();
    });

    function service(): VaultService {
      const s = createVaultService({ configs, sealer, logger: silent, now: () => t });
      services.push(s);
      return s;
    }

    const tokenConfig = (overrides: Partial<VaultConfigInput> = {}): VaultConfigInput => ({
      address: vault.address,
      auth: { method: 'token', token: vault.rootToken },
      timeout_ms: 2000,
      ...overrides,
    });

    describe('configuration', () => {
      it('without a configuration, read, check and normalizePath are vault_not_configured', async () => {
        const s = service();
        const notConfigured = {
          code: 'vault_not_configured',
          message: 'workspace has no Vault configuration; an admin sets one with PUT /v1/vault',
        };
        await expect(s.read('ws1', 'secret/oracle')).rejects.toMatchObject(notConfigured);
        await expect(s.check('ws1')).rejects.toMatchObject(notConfigured);
        await expect(s.normalizePath('ws1', 'secret/oracle')).rejects.toMatchObject(notConfigured);
        expect(await s.getConfig('ws1')).toBeNull();
      });

      it('stores the settings with defaults and shows only whether the token is set', async () => {
        const s = service();
        const view = await s.configure('ws1', {
          address: `${vault.address}/`,
          auth: { method: 'token', token: vault.rootToken },
        });
        expect(view).toEqual({
          address: vault.address,
          namespace: null,
          mount: 'secret',
          kv_version: 2,
          ca_cert: null,
          cache_ttl_seconds: 60,
          timeout_ms: 5000,
          auth: { method: 'token', token_set: true },
          version: 1,
          updated_at: new Date(t).toISOString(),
        });
        expect(await s.getConfig('ws1')).toEqual(view);
        const stored = configs.records.get('ws1');
        expect(JSON.stringify(stored)).not.toContain(vault.rootToken);
        expect(sealer.open({ workspaceId: 'ws1', tag: '~vault' }, stored!.sealed!)).toEqual({
          token: vault.rootToken,
        });
        expect(() => sealer.open({ workspaceId: 'ws2', tag: '~vault' }, stored!.sealed!)).toThrow();
      });

      it('refuses invalid input with issues', async () => {
        const s = service();
        const error = await s
          .configure('ws1', {
            address: 'ftp://vault',
            auth: { method: 'token' },
            kv_version: 3 as 2,
            cache_ttl_seconds: -1,
            timeout_ms: 10,
            mount: '../sys',
            ca_cert: 'not a cert',
            extra: true,
          } as VaultConfigInput)
          .catch((e: unknown) => e);
        expect(error).toMatchObject({ code: 'invalid_input' });
        const paths = (error as { details: { issues: { path: string }[] } }).details.issues.map(
          (i) => i.path,
        );
        expect(paths.sort()).toEqual(
          [
            'address',
            'auth.token',
            'ca_cert',
            'cache_ttl_seconds',
            'extra',
            'kv_version',
            'mount',
            'timeout_ms',
          ].sort(),
        );
        expect(configs.records.size).toBe(0);
      });

      it('keeps the stored secret_id when a PUT omits it and keeps the method', async () => {
        const s = service();
        await s.configure('ws1', {
          address: vault.address,
          auth: { method: 'approle', role_id: 'role-1', secret_id: 'sid-1' },
        });
        const view = await s.configure('ws1', {
          address: vault.address,
          auth: { method: 'approle', role_id: 'role-1', secret_id: '' },
          cache_ttl_seconds: 5,
        });
        expect(view).toMatchObject({
          version: 2,
          cache_ttl_seconds: 5,
          auth: { role_id: 'role-1', secret_id_set: true },
        });
        expect((await s.read('ws1', 'secret/oracle')).data.password).toBe('tiger');
        // switching the method needs the new secret part
        await expect(
          s.configure('ws1', { address: vault.address, auth: { method: 'token' } }),
        ).rejects.toMatchObject({
          code: 'invalid_input',
          details: { issues: [{ path: 'auth.token' }] },
        });
      });

      it('normalizes an attached path against the workspace mount', async () => {
        const s = service();
        await s.configure('ws1', tokenConfig({ mount: 'kv', kv_version: 1 }));
        expect(await s.normalizePath('ws1', 'kv/app')).toMatchObject({
          path: 'kv/app',
          apiPath: '/v1/kv/app',
        });
        await expect(s.normalizePath('ws1', 'kv/../sys')).rejects.toMatchObject({ code: 'invalid_input' });
      });

      it('checks the workspace Vault', async () => {
        const s = service();
        await s.configure('ws1', tokenConfig());
        expect(await s.check('ws1')).toMatchObject({ reachable: true, sealed: false, authenticated: true });
      });
    });

    describe('reads and cache', () => {
      it('reads both KV v2 forms as one cached secret, which no reader can change', async () => {
        const s = service();
        await s.configure('ws1', tokenConfig());
        const first = await s.read('ws1', 'secret/data/oracle');
        expect(first).toEqual({
          data: { user: 'scott', password: 'tiger' },
          version: 1,
          path: 'secret/oracle',
        });
        expect(() => {
          first.data.password = 'mutated';
        }).toThrow(TypeError);
        expect((await s.read('ws1', 'secret/oracle')).data.password).toBe('tiger');
        expect(vault.readCount('secret/oracle')).toBe(1);
      });

      it('1,000 concurrent reads of a cold secret make one Vault read', async () => {
        const s = service();
        await s.configure('ws1', tokenConfig());
        configs.gets = 0;
        const reads = await Promise.all(Array.from({ length: 1000 }, () => s.read('ws1', 'secret/oracle')));
        expect(reads.every((r) => r.data.password === 'tiger')).toBe(true);
        expect(vault.readCount('secret/oracle')).toBe(1);
        expect(configs.gets).toBe(1);
      });

      it('reads again when the TTL ends; ttl 0 reads every time', async () => {
        const s = service();
        await s.configure('ws1', tokenConfig({ cache_ttl_seconds: 60 }));
        await s.read('ws1', 'secret/oracle');
        t += 59_000;
        await s.read('ws1', 'secret/oracle');
        expect(vault.readCount('secret/oracle')).toBe(1);
        t += 1_000;
        await s.read('ws1', 'secret/oracle');
        expect(vault.readCount('secret/oracle')).toBe(2);
        await s.configure('ws1', tokenConfig({ cache_ttl_seconds: 0 }));
        for (let i = 0; i < 3; i++) await s.read('ws1', 'secret/oracle');
        expect(vault.readCount('secret/oracle')).toBe(5);
      });

      it('keeps workspaces apart: own configuration, own cache', async () => {
        const s = service();
        await s.configure('ws1', tokenConfig());
        await expect(s.read('ws2', 'secret/oracle')).rejects.toMatchObject({ code: 'vault_not_configured' });
        await s.configure('ws2', tokenConfig({ namespace: 'team-a' }));
        expect((await s.read('ws1', 'secret/oracle')).data.password).toBe('tiger');
        expect((await s.read('ws2', 'secret/oracle')).data.password).toBe('team-a');
        await s.configure('ws3', tokenConfig());
        await s.read('ws3', 'secret/oracle');
        expect(vault.readCount('secret/oracle')).toBe(2); // ws1 and ws3 do not share an entry
        s.invalidate('ws1');
        await s.read('ws1', 'secret/oracle');
        await s.read('ws3', 'secret/oracle');
        expect(vault.readCount('secret/oracle')).toBe(3);
      });

      it('configure drops the workspace cache', async () => {
        const s = service();
        await s.configure('ws1', tokenConfig());
        await s.read('ws1', 'secret/oracle');
        await vault.putSecret('secret/oracle', { user: 'scott', password: 'lion' });
        await s.configure('ws1', tokenConfig());
        expect(await s.read('ws1', 'secret/oracle')).toMatchObject({
          version: 2,
          data: { password: 'lion' },
        });
      });

      it('a configuration changed by another replica applies within a second', async () => {
        const a = service();
        const b = service();
        await a.configure('ws1', tokenConfig());
        expect((await a.read('ws1', 'secret/oracle')).data.password).toBe('tiger');
        await b.configure('ws1', tokenConfig({ namespace: 'team-a' }));
        t += 500;
        expect((await a.read('ws1', 'secret/oracle')).data.password).toBe('tiger');
        t += 500;
        expect((await a.read('ws1', 'secret/oracle')).data.password).toBe('team-a');
      });

      it('caches a pinned version apart from the latest', async () => {
        const s = service();
        await s.configure('ws1', tokenConfig());
        await vault.putSecret('secret/oracle', { user: 'scott', password: 'lion' });
        expect(await s.read('ws1', 'secret/oracle', 1)).toMatchObject({
          version: 1,
          data: { password: 'tiger' },
        });
        expect(await s.read('ws1', 'secret/data/oracle')).toMatchObject({
          version: 2,
          data: { password: 'lion' },
        });
        expect(await s.read('ws1', 'secret/oracle', 1)).toMatchObject({ version: 1 });
        expect(vault.readCount('secret/oracle')).toBe(2);
      });

      it('refuses a pinned version on a KV v1 mount, which keeps none', async () => {
        const s = service();
        await s.configure('ws1', tokenConfig({ mount: 'kv', kv_version: 1 }));
        await expect(s.normalizePath('ws1', 'kv/legacy', 2)).rejects.toMatchObject({
          code: 'invalid_input',
          details: { issues: [{ path: 'version' }] },
        });
        expect(await s.normalizePath('ws1', 'kv/legacy')).toMatchObject({ path: 'kv/legacy' });
      });

      it('passes Vault faults through with their reason', async () => {
        const s = service();
        await s.configure('ws1', tokenConfig({ cache_ttl_seconds: 0 }));
        await vault.seal();
        await expect(s.read('ws1', 'secret/oracle')).rejects.toMatchObject({ details: { reason: 'sealed' } });
        await vault.unseal();
        await expect(s.read('ws1', 'secret/missing')).rejects.toMatchObject({
          code: 'vault_secret_not_found',
        });
      });
    });
  });
}
