import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../support/app.js';
import { closeVaults, type TestVault, VAULTS } from '../support/vaults.js';

const STORED_TOKEN = `stored-CANARY-${Math.random().toString(36).slice(2, 10)}`;
const STORED_SECRET_ID = `sid-CANARY-${Math.random().toString(36).slice(2, 10)}`;

/** A host that is not the configured Vault: it answers like one and writes down everything it got. */
async function startListener(): Promise<{ address: string; seen: string[]; close(): Promise<void> }> {
  const seen: string[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString('utf8');
    });
    req.on('end', () => {
      seen.push(`${req.method} ${req.url}\n${JSON.stringify(req.headers)}\n${body}`);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ initialized: true, sealed: false, version: '1.0.0' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    address: `http://127.0.0.1:${port}`,
    seen,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

afterAll(closeVaults);

/** SPEC 5: changing address, namespace or auth.method needs the auth secrets in the same request. */
for (const kind of VAULTS) {
  describe(`${kind.name}: PUT /v1/vault keeps the stored credentials with their Vault`, () => {
    let t: TestApp;
    let vault: TestVault;
    let listener: Awaited<ReturnType<typeof startListener>>;
    const base = () => ({ address: vault.address, auth: { method: 'token' }, timeout_ms: 1000 });

    beforeAll(async () => {
      vault = await kind.start();
      listener = await startListener();
      t = await makeTestApp();
      await vault.addToken(STORED_TOKEN);
      await vault.putSecret('secret/oracle', { user: 'scott', password: 'tiger' });
      await vault.putSecret('secret/oracle', { user: 'team-a', password: 'tiger' }, 'team-a');
      await vault.addAppRole({ roleId: 'role-1', secretId: STORED_SECRET_ID, ttlSeconds: 600 });
      const put = await t.api('PUT', '/v1/vault', {
        ...base(),
        auth: { method: 'token', token: STORED_TOKEN },
      });
      expect(put.status).toBe(200);
    });
    afterAll(async () => {
      await t.close();
      await listener.close();
      await vault.close();
    });

    const refusedWith = async (body: object, field: string, says: RegExp) => {
      const before = (await t.api('GET', '/v1/vault')).body;
      const res = await t.api('PUT', '/v1/vault', body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.body.error.code).toBe('invalid_input');
      expect(res.body.error.details.issues).toEqual([{ path: field, message: expect.stringMatching(says) }]);
      expect(res.body.error.message).toMatch(/send the (token|secret_id) in the same request/);
      // nothing half-written: the stored configuration is the one before
      expect((await t.api('GET', '/v1/vault')).body).toEqual(before);
    };

    it('a new address without the token is 422, in every spelling of another host, port, scheme or path', async () => {
      const port = new URL(listener.address).port;
      const elsewhere = [
        listener.address,
        `${listener.address}/`,
        `HTTP://127.0.0.1:${port}`,
        `http://localhost:${port}`,
        `http://[::ffff:127.0.0.1]:${port}`,
        `http://2130706433:${port}`,
        `https://127.0.0.1:${new URL(vault.address).port}`,
        `${vault.address}/proxied`,
      ];
      for (const address of elsewhere) {
        await refusedWith({ ...base(), address }, 'auth.token', /address changes/);
        await refusedWith(
          { ...base(), address, auth: { method: 'token', token: '' } },
          'auth.token',
          /address/,
        );
        await refusedWith(
          { ...base(), address, auth: { method: 'token', token: null } },
          'auth.token',
          /address/,
        );
      }
    });

    it('the same address, spelled with a trailing slash, upper case or spaces, keeps the stored token', async () => {
      const { port } = new URL(vault.address);
      for (const address of [`${vault.address}/`, `HTTP://127.0.0.1:${port}`, ` ${vault.address}// `]) {
        const res = await t.api('PUT', '/v1/vault', { ...base(), address });
        expect(res.status, address).toBe(200);
        expect(res.body).toMatchObject({
          address: vault.address,
          auth: { method: 'token', token_set: true },
        });
      }
      expect((await t.api('POST', '/v1/vault/check')).body).toMatchObject({ authenticated: true });
    });

    it('a new namespace without the token is 422; the same one spelled with slashes is not a change', async () => {
      await refusedWith({ ...base(), namespace: 'team-a' }, 'auth.token', /namespace changes/);
      const moved = await t.api('PUT', '/v1/vault', {
        ...base(),
        namespace: 'team-a',
        auth: { method: 'token', token: STORED_TOKEN },
      });
      expect(moved.status).toBe(200);
      expect((await t.api('PUT', '/v1/vault', { ...base(), namespace: '/team-a/' })).status).toBe(200);
      await refusedWith({ ...base(), namespace: null }, 'auth.token', /namespace changes/);
      await refusedWith({ ...base(), namespace: 'team-b' }, 'auth.token', /namespace changes/);
      await refusedWith(
        { ...base(), address: listener.address, namespace: 'x' },
        'auth.token',
        /address and namespace/,
      );
      const back = await t.api('PUT', '/v1/vault', {
        ...base(),
        auth: { method: 'token', token: STORED_TOKEN },
      });
      expect(back.body.namespace).toBeNull();
    });

    it('a new auth.method needs its secret part; the stored AppRole secret_id does not follow a new address', async () => {
      await refusedWith(
        { ...base(), auth: { method: 'approle', role_id: 'role-1' } },
        'auth.secret_id',
        /auth.method changes/,
      );
      const approle = { method: 'approle', role_id: 'role-1', secret_id: STORED_SECRET_ID };
      expect((await t.api('PUT', '/v1/vault', { ...base(), auth: approle })).status).toBe(200);
      await refusedWith({ ...base() }, 'auth.token', /auth.method changes from 'approle' to 'token'/);
      const keep = { method: 'approle', role_id: 'role-1' };
      expect((await t.api('PUT', '/v1/vault', { ...base(), auth: keep })).status).toBe(200);
      await refusedWith(
        { ...base(), address: listener.address, auth: keep },
        'auth.secret_id',
        /address changes/,
      );
      expect((await t.api('POST', '/v1/vault/check')).body).toMatchObject({ authenticated: true });
    });

    it('a refused move sends nothing: the stored token never reaches the new host; one sent with the move does', async () => {
      const stored = { ...base(), auth: { method: 'token', token: STORED_TOKEN } };
      expect((await t.api('PUT', '/v1/vault', stored)).status).toBe(200);
      const { port } = new URL(listener.address);
      for (const address of [listener.address, `http://localhost:${port}/`]) {
        await t.api('PUT', '/v1/vault', { ...base(), address });
        await t.api('POST', '/v1/vault/check');
        await t.api('POST', '/v1/connections', { tag: 'probe', type: 'generic', value: { a: 'b' } });
        await t.api('PUT', '/v1/connections/probe/vault', { path: 'secret/oracle' });
        await t.api('POST', '/v1/connections/probe/resolve', {});
      }
      expect(listener.seen).toEqual([]);
      const moved = await t.api('PUT', '/v1/vault', {
        ...base(),
        address: listener.address,
        auth: { method: 'token', token: 'new-host-token' },
      });
      expect(moved.status).toBe(200);
      await t.api('POST', '/v1/vault/check');
      expect(listener.seen.some((r) => r.includes('new-host-token'))).toBe(true);
      for (const request of listener.seen) {
        expect(request).not.toContain(STORED_TOKEN);
        expect(request).not.toContain(STORED_SECRET_ID);
      }
    });
  });
}
