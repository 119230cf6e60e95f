import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../support/app.js';
import { closeVaults, type TestVault, VAULTS } from '../support/vaults.js';

const SECRET_CANARY = 'tiger-CANARY-5e1f';

afterAll(closeVaults);

const oracle = {
  tag: 'oracle',
  type: 'oracle',
  value: {
    host: 'db.local.test',
    service_name: 'ORCL',
    user: 'vault.secret(user)',
    password: 'vault.secret(password)',
  },
};

for (const kind of VAULTS) {
  describe(`${kind.name}: the seed Oracle example, end to end`, () => {
    let t: TestApp;
    let vault: TestVault;
    let runner: string;
    let editor: string;

    beforeAll(async () => {
      vault = await kind.start();
      t = await makeTestApp();
      runner = await t.token('runner');
      editor = await t.token('editor');
      await vault.putSecret('secret/oracle', {
        user: 'scott',
        password: SECRET_CANARY,
        host: 'db.from-vault.test',
      });
    });
    afterAll(async () => {
      await t.close();
      await vault.close();
    });

    it('attaching without a Vault configuration is 409 vault_not_configured', async () => {
      const created = await t.api('POST', '/v1/connections', oracle);
      expect(created.status).toBe(201);
      expect(created.body.status).toBe('unverified'); // placeholders count as values
      const res = await t.api('PUT', '/v1/connections/oracle/vault', { path: 'secret/data/oracle' });
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('vault_not_configured');
    });

    it('an admin configures Vault; the token is write-only', async () => {
      const put = await t.api('PUT', '/v1/vault', {
        address: vault.address,
        auth: { method: 'token', token: vault.rootToken },
        cache_ttl_seconds: 60,
        timeout_ms: 1000,
      });
      expect(put.status).toBe(200);
      expect(put.body).toMatchObject({
        address: vault.address,
        kv_version: 2,
        mount: 'secret',
        auth: { method: 'token', token_set: true },
      });
      const get = await t.api('GET', '/v1/vault');
      expect(get.text).not.toContain(vault.rootToken);
      const check = await t.api('POST', '/v1/vault/check');
      expect(check.body).toMatchObject({ reachable: true, sealed: false, authenticated: true });
    });

    it('attach moves the connection to unverified and resolve applies every key of the secret with its source', async () => {
      const attached = await t.api('PUT', '/v1/connections/oracle/vault', { path: 'secret/data/oracle' });
      expect(attached.status).toBe(200);
      expect(attached.body.vault).toEqual({ path: 'secret/data/oracle' });
      expect(attached.body.status).toBe('unverified');

      const masked = await t.api('POST', '/v1/connections/oracle/resolve', {}, { token: runner });
      expect(masked.status).toBe(200);
      expect(masked.body.sources).toMatchObject({
        user: 'vault:secret/data/oracle#user@1',
        password: 'vault:secret/data/oracle#password@1',
        host: 'vault:secret/data/oracle#host@1', // a key in both the value and the secret takes the secret's
        service_name: 'connection',
        port: 'default',
      });
      expect(masked.body.inputs).toMatchObject({
        user: '********',
        password: '********',
        host: '********',
        service_name: 'ORCL',
      });
      expect(masked.text).not.toContain(SECRET_CANARY);

      const revealed = await t.api('POST', '/v1/connections/oracle/resolve', { reveal: true });
      expect(revealed.body.inputs).toMatchObject({
        user: 'scott',
        password: SECRET_CANARY,
        host: 'db.from-vault.test',
      });
    });

    it('an override beats both the value and the secret (target overrides need an editor)', async () => {
      const denied = await t.api(
        'POST',
        '/v1/connections/oracle/resolve',
        { inputs: { host: 'x.test' } },
        { token: runner },
      );
      expect(denied.body.error.code).toBe('override_forbidden');
      const res = await t.api(
        'POST',
        '/v1/connections/oracle/resolve',
        { inputs: { host: 'override.test', user: 'me' } },
        { token: editor },
      );
      expect(res.body.inputs.host).toBe('override.test');
      expect(res.body.sources).toMatchObject({ host: 'override', user: 'override' });
    });

    it('both KV v2 path forms name the same secret', async () => {
      await t.api('PUT', '/v1/connections/oracle/vault', { path: 'secret/oracle' });
      const res = await t.api('POST', '/v1/connections/oracle/resolve', { reveal: true });
      expect(res.body.inputs.user).toBe('scott');
      expect(res.body.sources.user).toBe('vault:secret/oracle#user@1');
    });

    it('a placeholder whose key is missing is 422 vault_key_missing; a missing secret is 404', async () => {
      await t.api('POST', '/v1/connections', {
        tag: 'needs-key',
        type: 'generic',
        value: { token: 'vault.secret(api_token)' },
      });
      await t.api('PUT', '/v1/connections/needs-key/vault', { path: 'secret/oracle' });
      const missingKey = await t.api('POST', '/v1/connections/needs-key/resolve', {}, { token: runner });
      expect(missingKey.status).toBe(422);
      expect(missingKey.body.error.code).toBe('vault_key_missing');
      expect(missingKey.body.error.message).toContain('api_token');

      await t.api('PUT', '/v1/connections/needs-key/vault', { path: 'secret/data/nothing-here' });
      const missingSecret = await t.api('POST', '/v1/connections/needs-key/resolve', {}, { token: runner });
      expect(missingSecret.status).toBe(404);
      expect(missingSecret.body.error.code).toBe('vault_secret_not_found');
    });

    it('Vault trouble is 502 vault_error with its reason: sealed, then down', async () => {
      await t.api('PUT', '/v1/vault', {
        address: vault.address,
        auth: { method: 'token' },
        cache_ttl_seconds: 0,
        timeout_ms: 300,
      });
      await vault.seal();
      const sealed = await t.api('POST', '/v1/connections/oracle/resolve', {}, { token: runner });
      expect(sealed.status).toBe(502);
      expect(sealed.body.error).toMatchObject({ code: 'vault_error', details: { reason: 'sealed' } });
      await vault.unseal();

      await vault.stop();
      const down = await t.api('POST', '/v1/connections/oracle/resolve', {}, { token: runner });
      await vault.start();
      expect(down.status).toBe(502);
      expect(down.body.error.details.reason).toBe('unreachable');
      const back = await t.api('POST', '/v1/connections/oracle/resolve', {}, { token: runner });
      expect(back.status).toBe(200);
    });

    if (kind.name === 'fake') {
      it('a slow Vault is 502 timeout at the deadline (fake only: it delays answers)', async () => {
        vault.fake!.delayMs = 2000;
        const started = Date.now();
        const slow = await t.api('POST', '/v1/connections/oracle/resolve', {}, { token: runner });
        const took = Date.now() - started;
        vault.fake!.delayMs = 0;
        expect(slow.body.error.details.reason).toBe('timeout');
        expect(took).toBeLessThan(2000); // answered at the 300 ms deadline, not when Vault finally replied
      });
    }

    it('caches reads per the TTL and forgets them when the configuration changes', async () => {
      await t.api('PUT', '/v1/vault', {
        address: vault.address,
        auth: { method: 'token' },
        cache_ttl_seconds: 300,
        timeout_ms: 1000,
      });
      const before = vault.readCount('secret/oracle');
      await Promise.all(
        Array.from({ length: 50 }, () =>
          t.api('POST', '/v1/connections/oracle/resolve', {}, { token: runner }),
        ),
      );
      expect(vault.readCount('secret/oracle') - before).toBe(1);
      await vault.putSecret('secret/oracle', {
        user: 'scott2',
        password: SECRET_CANARY,
        host: 'db.from-vault.test',
      });
      const cached = await t.api('POST', '/v1/connections/oracle/resolve', { reveal: true });
      expect(cached.body.inputs.user).toBe('scott');
      await t.api('PUT', '/v1/vault', {
        address: vault.address,
        auth: { method: 'token' },
        cache_ttl_seconds: 300,
        timeout_ms: 1000,
      });
      const fresh = await t.api('POST', '/v1/connections/oracle/resolve', { reveal: true });
      expect(fresh.body.inputs.user).toBe('scott2');
      expect(fresh.body.sources.user).toBe('vault:secret/oracle#user@2');
    });

    it('detach returns the connection to its own inputs', async () => {
      const detached = await t.api('DELETE', '/v1/connections/oracle/vault');
      expect(detached.body.vault).toBeNull();
      const res = await t.api('POST', '/v1/connections/oracle/resolve', {}, { token: runner });
      expect(res.status).toBe(422);
      expect(res.body.error.code).toBe('vault_key_missing');
    });

    it('neither the Vault token nor the secret values reach logs, audit or non-reveal responses', async () => {
      const audit = await t.api('GET', '/v1/audit?limit=500');
      expect(audit.text).not.toContain(SECRET_CANARY);
      expect(audit.text).not.toContain(vault.rootToken);
      expect(audit.body.items.some((e: { action: string }) => e.action === 'vault.configure')).toBe(true);
      const logs = t.logs.join('\n');
      expect(logs).not.toContain(SECRET_CANARY);
      expect(logs).not.toContain(vault.rootToken);
      const leaking = t.responses.filter((r) => r.includes(vault.rootToken));
      expect(leaking).toEqual([]);
      const secretBodies = t.responses.filter((r) => r.includes(SECRET_CANARY));
      // only the four reveal answers above carry it
      expect(secretBodies.every((r) => r.includes('"password":"tiger-CANARY'))).toBe(true);
      expect(secretBodies.length).toBe(4);
    });
  });
}
