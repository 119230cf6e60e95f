import { inspect } from 'node:util';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createVaultService, type VaultService } from '../../src/secrets/vault/vault-service.js';
import { startVaultFake, type VaultFake } from '../fakes/vault-fake.js';
import { createInMemorySealer, createInMemoryVaultConfigs } from './in-memory-ports.js';

const SECRET_VALUE = `CANARY-value-${Math.random().toString(36).slice(2, 10)}`;
const VAULT_TOKEN = `hvs.CANARY-token-${Math.random().toString(36).slice(2, 10)}`;
const SECRET_ID = `CANARY-secret-id-${Math.random().toString(36).slice(2, 10)}`;
const CANARIES = [SECRET_VALUE, VAULT_TOKEN, SECRET_ID];

let fake: VaultFake;
let vault: VaultService;
let logLines: string[];
let logger: pino.Logger;

beforeEach(async () => {
  fake = await startVaultFake();
  fake.addToken(VAULT_TOKEN, { allow: ['secret/data/oracle', 'secret/data/missing'] });
  fake.addAppRole({ roleId: 'role-1', secretId: SECRET_ID, ttlSeconds: 600 });
  fake.putSecret('secret/oracle', { password: SECRET_VALUE });
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
  await fake.close();
});

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

describe('vault canaries', () => {
  it('a token and a secret value never reach the view, errors, check results or logs', async () => {
    const view = await vault.configure('ws1', {
      address: fake.address,
      auth: { method: 'token', token: VAULT_TOKEN },
    });
    expectNoCanary('the PUT response', view);
    expectNoCanary('the GET view', await vault.getConfig('ws1'));
    expect((await vault.read('ws1', 'secret/oracle')).data.password).toBe(SECRET_VALUE);
    expectNoCanary('the check result', await vault.check('ws1'));

    await failure('a missing secret', () => vault.read('ws1', 'secret/missing'));
    await failure('a denied read', () => vault.read('ws1', 'secret/other'));
    await failure('an invalid path', () => vault.read('ws1', 'secret/../sys'));
    fake.sealed = true;
    vault.invalidate('ws1');
    await failure('a sealed Vault', () => vault.read('ws1', 'secret/oracle'));
    expectNoCanary('the sealed check', await vault.check('ws1'));
    fake.sealed = false;
    await fake.stop();
    await failure('a Vault that is down', () => vault.read('ws1', 'secret/oracle'));
    await failure('invalid input carrying the token', () =>
      vault.configure('ws1', { address: 'nope', auth: { method: 'token', token: `${VAULT_TOKEN} x` } }),
    );

    expect(logLines.length).toBeGreaterThan(0);
    expectNoCanary('the log output', logLines.join(''));
  });

  it('an AppRole secret_id and its issued tokens never reach the view, errors or logs', async () => {
    const view = await vault.configure('ws1', {
      address: fake.address,
      auth: { method: 'approle', role_id: 'role-1', secret_id: SECRET_ID },
    });
    expect(view.auth).toEqual({ method: 'approle', role_id: 'role-1', secret_id_set: true });
    expectNoCanary('the PUT response', view);
    await vault.read('ws1', 'secret/oracle');
    fake.expireIssuedTokens();
    await vault.read('ws1', 'secret/oracle'); // re-login path
    expectNoCanary('the check result', await vault.check('ws1'));
    await failure('a missing secret', () => vault.read('ws1', 'secret/missing'));
    await vault.configure('ws1', {
      address: fake.address,
      auth: { method: 'approle', role_id: 'role-1', secret_id: 'wrong' },
    });
    await failure('a rejected login', () => vault.read('ws1', 'secret/oracle'));
    expectNoCanary('the log output', logLines.join(''));
    expect(logLines.join('')).not.toMatch(/hvs\.[A-Za-z0-9_-]{20,}/);
  });
});
