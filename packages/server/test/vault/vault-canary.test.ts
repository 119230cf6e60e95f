import { inspect } from 'node:util';
import { pino } from 'pino';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createVaultService, type VaultService } from '../../src/secrets/vault/vault-service.js';
import { closeVaults, type TestVault, VAULTS } from '../support/vaults.js';
import { createInMemorySealer, createInMemoryVaultConfigs } from './in-memory-ports.js';

const SECRET_VALUE = `CANARY-value-${Math.random().toString(36).slice(2, 10)}`;
// no `.` or `hvs.` prefix: OpenBao takes a custom token id only without them
const VAULT_TOKEN = `CANARY-token-${Math.random().toString(36).slice(2, 10)}`;
const SECRET_ID = `CANARY-secret-id-${Math.random().toString(36).slice(2, 10)}`;
const CANARIES = [SECRET_VALUE, VAULT_TOKEN, SECRET_ID];
// what tokens issued by a login look like: hvs./s. (service) and b. (batch)
const ISSUED_TOKEN = /\b(hvs|s|b)\.[A-Za-z0-9_-]{20,}/;

let logLines: string[];
let logger: pino.Logger;

afterAll(closeVaults);

function expectNoCanary(what: string, value: unknown): void {
  const text =
    typeof value === 'string' ? value : `${JSON.stringify(value)}\n${inspect(value, { depth: 10 })}`;
  for (const canary of CANARIES) expect(text, `${what} leaks a canary`).not.toContain(canary);
}

/** Runs `fn`, logs its error the way the HTTP error handler would, and checks both for canaries. */
async function failure(what: string, fn: () => Promise<unknown>): Promise<unknown> {
  const error = await fn().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, `${what} should fail`).toBeDefined();
  logger.error({ err: error }, 'request failed');
  expectNoCanary(what, error);
  return error;
}

for (const kind of VAULTS) {
  describe(`${kind.name}: vault canaries`, () => {
    let server: TestVault;
    let vault: VaultService;

    beforeEach(async () => {
      server = await kind.start();
      await server.addToken(VAULT_TOKEN, { allow: ['secret/data/oracle', 'secret/data/missing'] });
      await server.addAppRole({ roleId: 'role-1', secretId: SECRET_ID, ttlSeconds: 600, renewable: true });
      await server.putSecret('secret/oracle', { password: SECRET_VALUE });
      logLines = [];
      logger = pino({ level: 'trace' }, { write: (line: string) => void logLines.push(line) });
      vault = createVaultService({
        configs: createInMemoryVaultConfigs(),
        sealer: createInMemorySealer(),
        logger,
      });
    });

    afterEach(async () => {
      await vault.close();
      await server.close();
    });

    it('a token and a secret value never reach the view, errors, check results or logs', async () => {
      const view = await vault.configure('ws1', {
        address: server.address,
        auth: { method: 'token', token: VAULT_TOKEN },
      });
      expectNoCanary('the PUT response', view);
      expectNoCanary('the GET view', await vault.getConfig('ws1'));
      expect((await vault.read('ws1', 'secret/oracle')).data.password).toBe(SECRET_VALUE);
      expectNoCanary('the check result', await vault.check('ws1'));

      await failure('a missing secret', () => vault.read('ws1', 'secret/missing'));
      await failure('a denied read', () => vault.read('ws1', 'secret/other'));
      await failure('an invalid path', () => vault.read('ws1', 'secret/../sys'));
      await server.seal();
      vault.invalidate('ws1');
      await failure('a sealed Vault', () => vault.read('ws1', 'secret/oracle'));
      expectNoCanary('the sealed check', await vault.check('ws1'));
      await server.unseal();
      await server.stop();
      await failure('a Vault that is down', () => vault.read('ws1', 'secret/oracle'));
      await failure('invalid input carrying the token', () =>
        vault.configure('ws1', { address: 'nope', auth: { method: 'token', token: `${VAULT_TOKEN} x` } }),
      );

      expect(logLines.length).toBeGreaterThan(0);
      expectNoCanary('the log output', logLines.join(''));
    });

    it('an AppRole secret_id and its issued tokens never reach the view, errors or logs', async () => {
      const view = await vault.configure('ws1', {
        address: server.address,
        auth: { method: 'approle', role_id: 'role-1', secret_id: SECRET_ID },
      });
      expect(view.auth).toEqual({ method: 'approle', role_id: 'role-1', secret_id_set: true });
      expectNoCanary('the PUT response', view);
      await vault.read('ws1', 'secret/oracle');
      await server.expireIssuedTokens();
      await vault.read('ws1', 'secret/oracle'); // re-login path
      expectNoCanary('the check result', await vault.check('ws1'));
      await failure('a missing secret', () => vault.read('ws1', 'secret/missing'));
      await vault.configure('ws1', {
        address: server.address,
        auth: { method: 'approle', role_id: 'role-1', secret_id: 'wrong' },
      });
      await failure('a rejected login', () => vault.read('ws1', 'secret/oracle'));
      expectNoCanary('the log output', logLines.join(''));
      expect(logLines.join('')).not.toMatch(ISSUED_TOKEN);
    });
  });
}
