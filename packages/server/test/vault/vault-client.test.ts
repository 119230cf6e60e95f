import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Logger } from '../../src/domain/type-descriptor.js';
import { createVaultClient, type VaultClient } from '../../src/secrets/vault/vault-client.js';
import type { VaultCredentials, VaultSettings } from '../../src/secrets/vault/vault-settings.js';
import { closeVaults, type TestVault, VAULTS } from '../support/vaults.js';

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const reasonOf = (p: Promise<unknown>) =>
  p.then(
    () => 'resolved',
    (e: { code?: string; details?: { reason?: string } }) => e.details?.reason ?? e.code,
  );

afterAll(closeVaults);

for (const kind of VAULTS) {
  describe(`${kind.name}: vault client`, () => {
    let vault: TestVault;
    const clients: VaultClient[] = [];

    beforeEach(async () => {
      vault = await kind.start();
      await vault.putSecret('secret/oracle', { user: 'scott', password: 'tiger' });
      await vault.putSecret('kv/legacy', { api_key: 'k1' });
      await vault.addAppRole({ roleId: 'role-1', secretId: 'sid-1', ttlSeconds: 60 });
    });

    afterEach(async () => {
      await Promise.all(clients.splice(0).map((c) => c.close()));
      await vault.close();
    });

    function client(overrides: Partial<VaultSettings> = {}, credentials?: VaultCredentials): VaultClient {
      const settings: VaultSettings = {
        address: vault.address,
        namespace: null,
        mount: 'secret',
        kvVersion: 2,
        caCert: null,
        cacheTtlSeconds: 60,
        timeoutMs: 2000,
        ...overrides,
      };
      const c = createVaultClient(settings, credentials ?? { method: 'token', token: vault.rootToken }, {
        logger: silent,
      });
      clients.push(c);
      return c;
    }

    const approle: VaultCredentials = { method: 'approle', roleId: 'role-1', secretId: 'sid-1' };
    const logins = () => vault.requests.filter((r) => r.path === '/v1/auth/approle/login').length;
    const refused = () => vault.requests.filter((r) => r.status === 403).length;

    describe('KV reads', () => {
      it('reads KV v2 by the API form and the logical form alike', async () => {
        const c = client();
        const api = await c.read('secret/data/oracle');
        const logical = await c.read('secret/oracle');
        expect(api).toEqual({
          data: { user: 'scott', password: 'tiger' },
          version: 1,
          path: 'secret/oracle',
        });
        expect(logical).toEqual(api);
        expect(await c.read('oracle')).toEqual(api);
        await vault.putSecret('secret/oracle', { user: 'scott', password: 'lion' });
        expect((await c.read('secret/oracle')).version).toBe(2);
      });

      it('reads KV v1 with version null', async () => {
        const c = client({ mount: 'kv', kvVersion: 1 });
        expect(await c.read('kv/legacy')).toEqual({
          data: { api_key: 'k1' },
          version: null,
          path: 'kv/legacy',
        });
      });

      it('reads from a mount with a / in its name, by both KV v2 forms', async () => {
        await vault.putSecret('team/apps/billing/db', { password: 'p1' });
        const c = client({ mount: 'team/apps' });
        const api = await c.read('team/apps/data/billing/db');
        expect(api).toEqual({ data: { password: 'p1' }, version: 1, path: 'team/apps/billing/db' });
        expect(await c.read('team/apps/billing/db')).toEqual(api);
        expect(await c.read('billing/db')).toEqual(api);
        expect(vault.readCount('team/apps/billing/db')).toBe(3);
      });

      it('reads from the configured namespace only', async () => {
        await vault.putSecret('secret/oracle', { user: 'team-a' }, 'team-a');
        expect((await client({ namespace: 'team-a' }).read('secret/oracle')).data).toEqual({
          user: 'team-a',
        });
        expect((await client().read('secret/oracle')).data.user).toBe('scott');
        await expect(client({ namespace: 'team-b' }).read('secret/oracle')).rejects.toMatchObject({
          code: 'vault_secret_not_found',
        });
      });

      it('reports a missing secret as vault_secret_not_found with a message that says what to do', async () => {
        await expect(client().read('secret/data/nope')).rejects.toMatchObject({
          code: 'vault_secret_not_found',
          message:
            "Vault has no secret at 'secret/nope' (mount 'secret', KV v2); write it or fix the attached path with PUT /v1/connections/{tag}/vault",
        });
      });
    });

    describe('KV v2 versions', () => {
      beforeEach(async () => {
        await vault.putSecret('secret/oracle', { user: 'scott', password: 'v2' });
        await vault.putSecret('secret/oracle', { user: 'scott', password: 'v3' });
      });

      it('a pinned version reads that version; no version reads the latest', async () => {
        const c = client();
        expect(await c.read('secret/data/oracle', 1)).toMatchObject({
          version: 1,
          data: { password: 'tiger' },
        });
        expect(await c.read('secret/oracle', 2)).toMatchObject({ version: 2, data: { password: 'v2' } });
        expect(await c.read('secret/oracle')).toMatchObject({ version: 3, data: { password: 'v3' } });
      });

      it('a version that never existed is vault_secret_not_found without a reason', async () => {
        const error = await client()
          .read('secret/oracle', 9)
          .catch((e: unknown) => e);
        expect(error).toMatchObject({ code: 'vault_secret_not_found', details: { version: 9 } });
        expect((error as { details: object }).details).not.toHaveProperty('reason');
      });

      it('a soft-deleted version (kv delete -versions) is vault_secret_not_found, reason deleted', async () => {
        await vault.deleteVersions('secret/oracle', [2]);
        const c = client();
        await expect(c.read('secret/oracle', 2)).rejects.toMatchObject({
          code: 'vault_secret_not_found',
          details: { reason: 'deleted', version: 2, path: 'secret/oracle' },
          message: expect.stringContaining('kv undelete'),
        });
        expect(await c.read('secret/oracle', 1)).toMatchObject({ version: 1 });
        await vault.deleteVersions('secret/oracle', [3]);
        await expect(c.read('secret/oracle')).rejects.toMatchObject({
          details: { reason: 'deleted', version: 3 },
        });
      });

      it('a destroyed version (kv destroy -versions) is vault_secret_not_found, reason destroyed', async () => {
        await vault.destroyVersions('secret/oracle', [1]);
        await expect(client().read('secret/oracle', 1)).rejects.toMatchObject({
          code: 'vault_secret_not_found',
          details: { reason: 'destroyed', version: 1 },
        });
        expect(await client().read('secret/oracle', 3)).toMatchObject({ data: { password: 'v3' } });
      });
    });

    describe('AppRole', () => {
      it('logs in once for many concurrent reads and reuses the token', async () => {
        const c = client({}, approle);
        await Promise.all(Array.from({ length: 20 }, () => c.read('secret/oracle')));
        await c.read('secret/oracle');
        expect(logins()).toBe(1);
      });

      it('reports rejected AppRole credentials as permission_denied', async () => {
        const c = client({}, { method: 'approle', roleId: 'role-1', secretId: 'wrong' });
        expect(await reasonOf(c.read('secret/oracle'))).toBe('permission_denied');
      });

      it('logs in again before a non-renewable token expires, with no refused request', async () => {
        await vault.addAppRole({ roleId: 'short', secretId: 's', ttlSeconds: 1 });
        const c = client({}, { method: 'approle', roleId: 'short', secretId: 's' });
        await c.read('secret/oracle');
        await sleep(1100);
        await c.read('secret/oracle');
        expect(logins()).toBe(2);
        expect(refused()).toBe(0);
      });

      it('renews a renewable token before it expires instead of logging in again', async () => {
        await vault.addAppRole({ roleId: 'renew', secretId: 's', ttlSeconds: 1, renewable: true });
        const c = client({}, { method: 'approle', roleId: 'renew', secretId: 's' });
        await c.read('secret/oracle');
        await sleep(750); // past two thirds of the lease
        await c.read('secret/oracle');
        await sleep(600); // the first lease has run out; the renewed one has not
        await c.read('secret/oracle');
        // at least one: a slow machine may reach two thirds of the renewed lease too
        const renewals = vault.requests.filter(
          (r) => r.path === '/v1/auth/token/renew-self' && r.status === 200,
        );
        expect(renewals.length).toBeGreaterThanOrEqual(1);
        expect(logins()).toBe(1);
        expect(refused()).toBe(0);
      });

      it('renews up to the max TTL, then logs in afresh, with no refused request', async () => {
        await vault.addAppRole({
          roleId: 'capped',
          secretId: 's',
          ttlSeconds: 1,
          maxTtlSeconds: 2,
          renewable: true,
        });
        const c = client({}, { method: 'approle', roleId: 'capped', secretId: 's' });
        for (let i = 0; i < 16; i++) {
          await c.read('secret/oracle');
          await sleep(200);
        }
        expect(logins()).toBeGreaterThanOrEqual(2);
        expect(refused()).toBe(0);
      });

      it('logs in again and retries once when Vault refuses a token it said was valid', async () => {
        await vault.addAppRole({ roleId: 'revocable', secretId: 's', ttlSeconds: 60, renewable: true });
        const c = client({}, { method: 'approle', roleId: 'revocable', secretId: 's' });
        await c.read('secret/oracle');
        await vault.expireIssuedTokens();
        await expect(c.read('secret/oracle')).resolves.toMatchObject({ data: { user: 'scott' } });
        expect(logins()).toBe(2);
        expect(refused()).toBe(1);
      });
    });

    describe('faults', () => {
      it('sealed → sealed', async () => {
        await vault.seal();
        expect(await reasonOf(client().read('secret/oracle'))).toBe('sealed');
      });

      it('down → unreachable, and it recovers when Vault is back', async () => {
        const c = client();
        await c.read('secret/oracle');
        await vault.stop();
        expect(await reasonOf(c.read('secret/oracle'))).toBe('unreachable');
        await vault.start();
        await expect(c.read('secret/oracle')).resolves.toMatchObject({ version: 1 });
      });

      it('a token without a policy for the path → permission_denied', async () => {
        await vault.addToken('limited-token', { allow: ['secret/data/other'] });
        const c = client({}, { method: 'token', token: 'limited-token' });
        const error = await c.read('secret/oracle').catch((e: unknown) => e);
        expect(error).toMatchObject({ code: 'vault_error', details: { reason: 'permission_denied' } });
        expect(String((error as Error).message)).toContain("read on 'secret/data/oracle'");
      });

      it('an expired static token → permission_denied, not a retry loop', async () => {
        await vault.addToken('short-token', { ttlSeconds: 1 });
        const c = client({}, { method: 'token', token: 'short-token' });
        await c.read('secret/oracle');
        await sleep(1500);
        expect(await reasonOf(c.read('secret/oracle'))).toBe('permission_denied');
        expect(refused()).toBe(1);
      });

      if (kind.name === 'fake') {
        it('hung-up sockets → unreachable (fake only: it drops sockets on demand)', async () => {
          vault.fake!.hangUp = true;
          expect(await reasonOf(client().read('secret/oracle'))).toBe('unreachable');
        });

        it.each([
          ['a slow read', false],
          ['a slow AppRole login', true],
        ])(
          '%s beyond timeout_ms → timeout, returning about when the timeout ends (fake only: it delays answers)',
          async (_name, useAppRole) => {
            const timeoutMs = 300;
            vault.fake!.delayMs = 20_000;
            const c = client({ timeoutMs }, useAppRole ? approle : undefined);
            const started = performance.now();
            expect(await reasonOf(c.read('secret/oracle'))).toBe('timeout');
            // loose: well under the fake's delay, a few timeouts' worth of slack for a busy machine
            expect(performance.now() - started).toBeLessThan(timeoutMs * 10);
          },
        );
      }
    });

    describe('check', () => {
      it('reports a healthy Vault and working credentials', async () => {
        expect(await client({}, approle).check()).toMatchObject({
          reachable: true,
          initialized: true,
          sealed: false,
          authenticated: true,
          version: vault.serverVersion,
        });
      });

      it('reports a token Vault refuses', async () => {
        const result = await client({}, { method: 'token', token: 'unknown-token' }).check();
        expect(result).toMatchObject({
          reachable: true,
          sealed: false,
          authenticated: false,
          reason: 'permission_denied',
        });
        expect(result.message).toContain('PUT /v1/vault');
      });

      it('reports sealed, then unsealed, then down', async () => {
        const c = client();
        await vault.seal();
        expect(await c.check()).toMatchObject({
          reachable: true,
          sealed: true,
          authenticated: false,
          reason: 'sealed',
        });
        await vault.unseal();
        expect(await c.check()).toMatchObject({ reachable: true, sealed: false, authenticated: true });
        await vault.stop();
        expect(await c.check()).toMatchObject({
          reachable: false,
          authenticated: false,
          reason: 'unreachable',
        });
      });

      if (kind.name === 'fake') {
        it('reports an uninitialized Vault (fake only: a dev server is always initialized)', async () => {
          vault.fake!.initialized = false;
          expect(await client().check()).toMatchObject({
            reachable: true,
            initialized: false,
            authenticated: false,
          });
        });
      }
    });
  });
}
