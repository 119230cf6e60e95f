/**
 * Schemathesis (PyPI; installed into .tools/venv by scripts/prepare.d/21-schemathesis.sh) against a
 * live server and the committed openapi.json: every operation through the coverage, fuzzing and
 * stateful phases, with every check it has — no 5xx, responses that match their documented schema,
 * status codes and headers, negative data rejected, schema-valid data accepted, unsupported methods
 * answered 405 — plus `st_hooks.no_canary_secret`: no planted secret value in any response.
 *
 * The run uses an admin token *without* reveal, so no answer may legitimately carry a secret; the
 * server's log and the audit log are checked for the canaries afterwards too.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVaultFake, type VaultFake } from '../fakes/vault-fake.js';
import { type ChildServer, call, startChildServer } from '../support/child-server.js';

const REPO = fileURLToPath(new URL('../../../..', import.meta.url));
const HERE = fileURLToPath(new URL('.', import.meta.url));
const ST = process.env.PATCHBAY_TEST_SCHEMATHESIS ?? join(REPO, '.tools/venv/bin/st');
const ADMIN = 'pb_contract_bootstrap_admin_token_0123456789';
const CANARIES = ['CANARY-st-bearer-4f1d', 'CANARY-st-pg-9a2e', 'CANARY-st-gen-77c3', 'CANARY-st-vault-1b0f'];

const available = existsSync(ST);
if (!available) {
  const why = `schemathesis is not installed at ${ST} (run scripts/prepare-machine.sh)`;
  if (process.env.CI) throw new Error(`${why}; CI must run the contract suite`);
  console.warn(`\n!!! SKIPPING the Schemathesis contract run: ${why}.\n`);
}

function runSchemathesis(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const args = ['--config-file', join(HERE, 'schemathesis.toml'), 'run', join(REPO, 'openapi.json')];
    const child = spawn(ST, [...args, '--url', env.PATCHBAY_ST_URL!, '--no-color'], {
      cwd: HERE,
      env: { ...process.env, ...env, SCHEMATHESIS_HOOKS: 'st_hooks', PYTHONPATH: HERE },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => {
      output += d;
    });
    child.stderr.on('data', (d) => {
      output += d;
    });
    child.on('exit', (code) => resolve({ code, output }));
  });
}

describe.runIf(available)('schemathesis: the live API keeps the openapi.json contract', () => {
  let server: ChildServer;
  let vault: VaultFake;
  let dataDir: string;
  const env: Record<string, string> = {};

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'patchbay-st-'));
    // a live Vault, so attaching a secret and resolving through it are exercised, not refused as 502
    vault = await startVaultFake();
    vault.addToken(CANARIES[3]!);
    vault.putSecret('secret/st', { password: CANARIES[3], user: 'st' });
    server = await startChildServer({
      PATCHBAY_DATA_DIR: dataDir,
      PATCHBAY_ADMIN_TOKEN: ADMIN,
      PATCHBAY_LOG_LEVEL: 'info',
      // Schemathesis probes every operation without a token from one address; the per-source limit
      // of anonymous requests (SPEC 7) would answer those 429 instead of the 401 being checked
      PATCHBAY_ANONYMOUS_RATE_LIMIT_PER_MINUTE: '0',
    });
    const api = (method: string, path: string, body?: unknown) => call(server.url, ADMIN, method, path, body);
    const runToken = await api('POST', '/v1/tokens', { name: 'schemathesis', role: 'admin' });
    const spare = await api('POST', '/v1/tokens', { name: 'spare', role: 'viewer' });
    expect([runToken.status, spare.status]).toEqual([201, 201]);
    const planted = [
      {
        tag: 'st-http',
        type: 'http',
        value: { url: 'http://127.0.0.1:9/x' },
        secrets: { bearer_token: CANARIES[0] },
      },
      {
        tag: 'st-pg',
        type: 'postgres',
        value: { host: '127.0.0.1', port: 9, database: 'x', user: 'u' },
        secrets: { password: CANARIES[1] },
      },
      { tag: 'st-gen', type: 'generic', secrets: { api_key: CANARIES[2] } },
    ];
    for (const body of planted) expect((await api('POST', '/v1/connections', body)).status).toBe(201);
    const configured = await api('PUT', '/v1/vault', {
      address: vault.address,
      auth: { method: 'token', token: CANARIES[3] },
    });
    expect(configured.status).toBe(200);
    expect((await api('PUT', '/v1/connections/st-gen/vault', { path: 'secret/data/st' })).status).toBe(200);
    Object.assign(env, {
      PATCHBAY_ST_URL: server.url,
      PATCHBAY_ST_TOKEN: runToken.body.token,
      PATCHBAY_ST_SPARE_TOKEN_ID: spare.body.id,
      PATCHBAY_ST_CANARIES: CANARIES.join(','),
    });
  });

  afterAll(async () => {
    await server?.stop();
    await vault?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('every operation, every phase: no failures, no leaked canary', { timeout: 300_000 }, async () => {
    const { code, output } = await runSchemathesis(env);
    const failures = output.indexOf('FAILURES');
    const summary = output.slice(output.lastIndexOf('SUMMARY'));
    if (failures >= 0) console.log(output.slice(failures, output.lastIndexOf('SUMMARY')));
    console.log(`\nSchemathesis ${summary}`);
    expect(output, 'the canary hook must be loaded').not.toMatch(/No module named|st_hooks.*Error/);
    const selected = /Selected: (\d+)\/(\d+)/.exec(summary);
    expect(selected?.[1], 'every operation of openapi.json is selected').toBe(selected?.[2]);
    expect(/Tested: (\d+)/.exec(summary)?.[1]).toBe(selected?.[2]);
    expect(code, summary).toBe(0);

    const audit = await call(server.url, ADMIN, 'GET', '/v1/audit?limit=500');
    for (const canary of CANARIES) {
      expect(server.output()).not.toContain(canary);
      expect(JSON.stringify(audit.body)).not.toContain(canary);
    }
  });
});
