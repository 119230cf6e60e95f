import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../support/app.js';
import { closeVaults, type TestVault, VAULTS } from '../support/vaults.js';

afterAll(closeVaults);

/** SPEC 5 `vault.version` and SPEC 6.1 placeholders, over HTTP, on the fake and on OpenBao. */
for (const kind of VAULTS) {
  describe(`${kind.name}: attached Vault secrets — placeholders and pinned versions`, () => {
    let t: TestApp;
    let vault: TestVault;
    let runner: string;

    const oracle = (tag: string, user: string) => ({
      tag,
      type: 'oracle',
      value: { host: 'db.test', service_name: 'ORCL', user, password: 'vault.secret(password)' },
    });
    const resolve = (tag: string, token?: string) =>
      t.api('POST', `/v1/connections/${tag}/resolve`, { reveal: !token }, token ? { token } : {});

    beforeAll(async () => {
      vault = await kind.start();
      t = await makeTestApp();
      runner = await t.token('runner');
      await vault.putSecret('secret/naming', {
        user: 'from-user',
        username: 'from-username',
        password: 'pw1',
      });
      await vault.putSecret('secret/naming', {
        user: 'from-user',
        username: 'from-username',
        password: 'pw2',
      });
      await vault.putSecret('secret/naming', {
        user: 'from-user',
        username: 'from-username',
        password: 'pw3',
      });
      await vault.putSecret('kv/legacy', { user: 'legacy', password: 'pw' });
      const put = await t.api('PUT', '/v1/vault', {
        address: vault.address,
        auth: { method: 'token', token: vault.rootToken },
        cache_ttl_seconds: 0,
      });
      expect(put.status).toBe(200);
    });
    afterAll(async () => {
      await t.close();
      await vault.close();
    });

    it('a placeholder takes the key it names, never the secret key named like the field', async () => {
      expect((await t.api('POST', '/v1/connections', oracle('nokey', 'vault.secret(nokey)'))).status).toBe(
        201,
      );
      expect((await t.api('PUT', '/v1/connections/nokey/vault', { path: 'secret/data/naming' })).status).toBe(
        200,
      );
      for (const token of [runner, undefined]) {
        const res = await resolve('nokey', token);
        expect(res.status).toBe(422);
        expect(res.body.error).toMatchObject({
          code: 'vault_key_missing',
          details: { field: 'user', key: 'nokey', path: 'secret/data/naming' },
        });
        expect(res.body.error.message).toContain("has no key 'nokey'");
        expect(res.text).not.toContain('from-user');
      }
    });

    it('a placeholder for a differently named key wins over the key named like the field', async () => {
      await t.api('POST', '/v1/connections', oracle('renamed', 'vault.secret(username)'));
      await t.api('PUT', '/v1/connections/renamed/vault', { path: 'secret/naming' });
      const res = await resolve('renamed');
      expect(res.status).toBe(200);
      expect(res.body.inputs.user).toBe('from-username');
      expect(res.body.sources.user).toBe('vault:secret/naming#username@3');
    });

    it('a field named like a key, without a placeholder, still takes the secret key', async () => {
      await t.api('POST', '/v1/connections', oracle('plain', 'scott'));
      await t.api('PUT', '/v1/connections/plain/vault', { path: 'secret/naming' });
      const res = await resolve('plain');
      expect(res.body.inputs.user).toBe('from-user');
      expect(res.body.sources.user).toBe('vault:secret/naming#user@3');
    });

    it('attach {path, version} pins that KV v2 version; without version it follows the latest', async () => {
      await t.api('POST', '/v1/connections', oracle('pinned', 'vault.secret(user)'));
      const attached = await t.api('PUT', '/v1/connections/pinned/vault', {
        path: 'secret/data/naming',
        version: 2,
      });
      expect(attached.status).toBe(200);
      expect(attached.body.vault).toEqual({ path: 'secret/data/naming', version: 2 });
      expect((await t.api('GET', '/v1/connections/pinned')).body.vault).toEqual({
        path: 'secret/data/naming',
        version: 2,
      });
      const res = await resolve('pinned');
      expect(res.body.inputs.password).toBe('pw2');
      expect(res.body.sources.password).toBe('vault:secret/data/naming#password@2');
      await vault.putSecret('secret/naming', { user: 'from-user', password: 'pw4' });
      expect((await resolve('pinned')).body.inputs.password).toBe('pw2');
      await t.api('PUT', '/v1/connections/pinned/vault', { path: 'secret/data/naming' });
      expect((await resolve('pinned')).body.sources.password).toBe('vault:secret/data/naming#password@4');
    });

    it('a soft-deleted pinned version is 404 vault_secret_not_found, reason deleted; destroyed, reason destroyed', async () => {
      await t.api('PUT', '/v1/connections/pinned/vault', { path: 'secret/naming', version: 1 });
      await vault.deleteVersions('secret/naming', [1]);
      const deleted = await resolve('pinned', runner);
      expect(deleted.status).toBe(404);
      expect(deleted.body.error).toMatchObject({
        code: 'vault_secret_not_found',
        details: { reason: 'deleted', version: 1 },
      });
      await t.api('PUT', '/v1/connections/pinned/vault', { path: 'secret/naming', version: 2 });
      await vault.destroyVersions('secret/naming', [2]);
      const destroyed = await resolve('pinned', runner);
      expect(destroyed.status).toBe(404);
      expect(destroyed.body.error).toMatchObject({
        code: 'vault_secret_not_found',
        details: { reason: 'destroyed', version: 2 },
      });
      expect(destroyed.text).not.toContain('pw2');
    });

    it('a version must be a positive integer, and a KV v1 mount takes none', async () => {
      for (const version of [0, -1, 1.5, '2']) {
        const res = await t.api('PUT', '/v1/connections/pinned/vault', { path: 'secret/naming', version });
        expect(res.status, `version ${JSON.stringify(version)}`).toBe(400);
      }
      await t.api('PUT', '/v1/vault', {
        address: vault.address,
        auth: { method: 'token' },
        mount: 'kv',
        kv_version: 1,
      });
      const v1 = await t.api('PUT', '/v1/connections/pinned/vault', { path: 'kv/legacy', version: 1 });
      expect(v1.status).toBe(422);
      expect(v1.body.error).toMatchObject({
        code: 'invalid_input',
        details: { issues: [{ path: 'version' }] },
      });
      expect((await t.api('PUT', '/v1/connections/pinned/vault', { path: 'kv/legacy' })).status).toBe(200);
      expect((await resolve('pinned')).body.sources.user).toBe('vault:kv/legacy#user@0');
    });
  });
}
