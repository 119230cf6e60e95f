import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Logger } from '../../src/domain/type-descriptor.js';
import { createVaultClient, type VaultClient } from '../../src/secrets/vault/vault-client.js';
import type { VaultSettings } from '../../src/secrets/vault/vault-settings.js';
import { startVaultFake, type VaultFake } from '../fakes/vault-fake.js';
import { createTestPki, type TestPki } from '../support/test-pki.js';

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };

function settingsFor(address: string, caCert: string | null): VaultSettings {
  return {
    address,
    namespace: null,
    mount: 'secret',
    kvVersion: 2,
    caCert,
    cacheTtlSeconds: 0,
    timeoutMs: 2000,
  };
}

async function withClient<T>(
  settings: VaultSettings,
  token: string,
  fn: (c: VaultClient) => Promise<T>,
): Promise<T> {
  const c = createVaultClient(settings, { method: 'token', token }, { logger: silent });
  try {
    return await fn(c);
  } finally {
    await c.close();
  }
}

describe('vault client over TLS', () => {
  let pki: TestPki;
  let otherPki: TestPki;
  let fake: VaultFake;

  beforeAll(async () => {
    pki = createTestPki();
    otherPki = createTestPki();
    fake = await startVaultFake({ tls: { key: pki.key, cert: pki.cert } });
    fake.putSecret('secret/oracle', { password: 'tiger' });
  });
  afterAll(() => fake.close());

  it('reads when ca_cert is the CA that signed Vault’s certificate', async () => {
    expect(fake.address).toMatch(/^https:/);
    const secret = await withClient(settingsFor(fake.address, pki.caCert), fake.rootToken, (c) =>
      c.read('secret/oracle'),
    );
    expect(secret.data).toEqual({ password: 'tiger' });
  });

  it.each([
    ['a different CA', () => otherPki.caCert],
    ['the system CAs only', () => null],
  ])('refuses the connection with %s: unreachable, naming ca_cert', async (_name, ca) => {
    const error = await withClient(settingsFor(fake.address, ca()), fake.rootToken, (c) =>
      c.read('secret/oracle'),
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'vault_error', details: { reason: 'unreachable' } });
    expect((error as Error).message).toMatch(/TLS verification .* failed .*ca_cert/);
  });

  it('check() reports the TLS failure as unreachable', async () => {
    const result = await withClient(settingsFor(fake.address, otherPki.caCert), fake.rootToken, (c) =>
      c.check(),
    );
    expect(result).toMatchObject({ reachable: false, authenticated: false, reason: 'unreachable' });
  });
});

describe('vault client against something that is not Vault', () => {
  const CANARY = `CANARY-body-${Math.random().toString(36).slice(2)}`;
  let server: Server;
  let address: string;
  let body = '';

  beforeAll(async () => {
    server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    address = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it.each([
    ['truncated JSON holding a secret', `{"data":{"data":{"password":"${CANARY}"`],
    ['JSON of the wrong shape', JSON.stringify({ data: { password: CANARY } })],
    ['an HTML page', `<html>${CANARY}</html>`],
  ])('%s → bad_response, without the body in the error', async (_name, answer) => {
    body = answer;
    const error = await withClient(settingsFor(address, null), 'hvs.x', (c) => c.read('secret/oracle')).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'vault_error', details: { reason: 'bad_response' } });
    expect(inspect(error, { depth: 10 })).not.toContain(CANARY);
    expect(JSON.stringify(error)).not.toContain(CANARY);
  });
});
