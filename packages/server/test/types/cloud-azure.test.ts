import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ValidationOutcome } from '../../src/domain/type-descriptor.js';
import { type AzureSettings, azureType } from '../../src/types/azure/azure-type.js';
import { type AzureFake, generateLoopbackCertificate, startAzureFake } from '../fakes/azure-fake.js';
import { canary, makeCloudContext } from './cloud-support.js';

const TENANT = '11111111-2222-3333-4444-555555555555';
const SUBSCRIPTION = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
const OTHER_SUBSCRIPTION = 'aaaaaaaa-bbbb-cccc-dddd-ffffffffffff';
const CLIENT = '99999999-8888-7777-6666-555555555555';
const SECRET = canary('azure-secret');
const RUNNER = fileURLToPath(new URL('./cloud-azure-runner.ts', import.meta.url));

interface RunResult {
  outcome: ValidationOutcome;
  logs: string[];
  stderr: string;
}

/** validate in a child Node that trusts the test server's certificate through NODE_EXTRA_CA_CERTS */
function validateTrusting(
  certPath: string,
  settings: Partial<AzureSettings>,
  inputs: Record<string, unknown>,
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', RUNNER], {
      cwd: fileURLToPath(new URL('../../../..', import.meta.url)),
      env: { ...process.env, NODE_EXTRA_CA_CERTS: certPath, NODE_OPTIONS: '' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`runner exited ${code}: ${stderr}`));
      resolve({ ...(JSON.parse(stdout) as Omit<RunResult, 'stderr'>), stderr });
    });
    child.stdin.end(JSON.stringify({ settings, inputs }));
  });
}

describe('azure: validate against the identity platform and Resource Manager test server (https)', () => {
  const tls = generateLoopbackCertificate();
  let fake: AzureFake;
  let settings: Partial<AzureSettings>;

  beforeAll(async () => {
    fake = await startAzureFake({
      tls,
      tenants: { [TENANT]: { applications: { [CLIENT]: SECRET } } },
      subscriptions: {
        [SUBSCRIPTION]: { tenantId: TENANT, displayName: 'Production', readers: [CLIENT] },
        [OTHER_SUBSCRIPTION]: { tenantId: TENANT, displayName: 'Billing', readers: [] },
      },
    });
    settings = { authorityUrl: fake.url, managementUrl: fake.url };
  });
  afterAll(async () => {
    await fake.close();
    tls.cleanup();
  });
  beforeEach(() => {
    fake.received.length = 0;
  });

  const inputs = (overrides: Record<string, unknown> = {}) => ({
    tenant_id: TENANT,
    subscription_id: SUBSCRIPTION,
    client_id: CLIENT,
    client_secret: SECRET,
    ...overrides,
  });

  it('gets a client-credentials token from the configured authority and reads the subscription', async () => {
    const { outcome, logs, stderr } = await validateTrusting(tls.certPath, settings, inputs());

    expect(outcome).toMatchObject({ valid: true, message: null, accountIdentifier: SUBSCRIPTION });
    expect(outcome.checks.map((c) => [c.name, c.ok])).toEqual([
      ['token', true],
      ['subscription', true],
    ]);
    // only the configured host was asked: OpenID metadata, the token, the subscription
    expect(fake.received).toEqual([
      { method: 'GET', path: `/${TENANT}/v2.0/.well-known/openid-configuration` },
      {
        method: 'POST',
        path: `/${TENANT}/oauth2/v2.0/token`,
        grantType: 'client_credentials',
        clientId: CLIENT,
        scope: `${fake.url}/.default`,
      },
      { method: 'GET', path: `/subscriptions/${SUBSCRIPTION}`, bearerValid: true },
    ]);
    expect(JSON.stringify(outcome) + logs.join('\n') + stderr).not.toContain(SECRET);
  });

  it('a wrong client secret is AADSTS7000215, explained', async () => {
    const wrong = canary('azure-wrong');
    const { outcome, logs, stderr } = await validateTrusting(
      tls.certPath,
      settings,
      inputs({ client_secret: wrong }),
    );

    expect(outcome.valid).toBe(false);
    expect(outcome.accountIdentifier).toBeNull();
    expect(outcome.message).toMatch(
      /^the client secret is wrong \(AADSTS7000215\): use the secret's Value, not its ID/,
    );
    expect(outcome.checks).toEqual([expect.objectContaining({ name: 'token', ok: false })]);
    expect(JSON.stringify(outcome) + logs.join('\n') + stderr).not.toContain(wrong);
  });

  it('an application without a role on the subscription is told which role to assign', async () => {
    const { outcome } = await validateTrusting(
      tls.certPath,
      settings,
      inputs({ subscription_id: OTHER_SUBSCRIPTION }),
    );
    expect(outcome.valid).toBe(false);
    expect(outcome.message).toMatch(
      /has no access to subscription .* \(AuthorizationFailed\): assign it a role \(e\.g\. Reader\)/,
    );
  });

  it('without trusting the certificate, TLS verification fails loudly (never skipped)', async () => {
    const ctx = makeCloudContext(azureType, { settings });
    const outcome = await azureType.validate!(inputs(), ctx);
    expect(outcome.valid).toBe(false);
    expect(outcome.message).toMatch(
      /^could not read the OpenID metadata of tenant .* from https:\/\/127\.0\.0\.1:\d+: .*NODE_EXTRA_CA_CERTS/,
    );
    expect(fake.received.map((r) => r.path)).not.toContain(`/${TENANT}/oauth2/v2.0/token`);
    expect(JSON.stringify(outcome) + ctx.logger.lines.join('\n')).not.toContain(SECRET);
  });

  it('refuses a plain-http authority with a message naming the setting', async () => {
    const ctx = makeCloudContext(azureType, {
      settings: { authorityUrl: 'http://127.0.0.1:9', managementUrl: fake.url },
    });
    const outcome = await azureType.validate!(inputs(), ctx);
    expect(outcome.valid).toBe(false);
    expect(outcome.message).toBe(
      'the Azure authority must be an https URL; fix PATCHBAY_AZURE_AUTHORITY_URL (http://127.0.0.1:9)',
    );
  });
});
