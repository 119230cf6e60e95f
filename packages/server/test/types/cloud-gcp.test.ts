import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { gcpType } from '../../src/types/gcp/gcp-type.js';
import { type GcpFake, GOOGLE_TOKEN_AUDIENCE, startGcpFake } from '../fakes/gcp-fake.js';
import { canary, makeCloudContext } from './cloud-support.js';

const EMAIL = 'patchbay@acme-prod.iam.gserviceaccount.com';
const PROJECT = 'acme-prod';

function rsaKeys() {
  return generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
}

/** A key file as Google's console downloads it, with a canary in its secret-only fields. */
function keyFile(privateKey: string, secretMarker: string, overrides: Record<string, unknown> = {}) {
  return {
    type: 'service_account',
    project_id: PROJECT,
    private_key_id: secretMarker,
    private_key: privateKey,
    client_email: EMAIL,
    client_id: '100000000000000000001',
    auth_uri: 'https://accounts.google.com/o/oauth2/auth',
    token_uri: 'https://oauth2.googleapis.com/token',
    ...overrides,
  };
}

/** A slice of the PEM body: if any of it shows up, the private key leaked. */
const pemCore = (pem: string) => pem.split('\n').slice(5, 6).join('');

describe('gcp: validate against the Google token and Resource Manager test server', () => {
  const good = rsaKeys();
  const other = rsaKeys();
  let fake: GcpFake;
  let decoy: GcpFake;

  beforeAll(async () => {
    fake = await startGcpFake({
      accounts: { [EMAIL]: { publicKey: good.publicKey, projects: [PROJECT] } },
      projects: { [PROJECT]: { projectNumber: '415104041262' }, 'acme-other': { projectNumber: '1' } },
    });
    // the server a malicious key's token_uri points at: it must never be called
    decoy = await startGcpFake({ accounts: {}, projects: {} });
  });
  afterAll(async () => {
    await fake.close();
    await decoy.close();
  });
  beforeEach(() => {
    fake.tokenRequests.length = 0;
    fake.requests.length = 0;
    decoy.requests.length = 0;
  });

  const context = () =>
    makeCloudContext(gcpType, { settings: { tokenUrl: fake.tokenUrl, apiUrl: fake.url } });

  it('a signed JWT buys a token at the configured URL; the project number is the account identifier', async () => {
    const secret = canary('gcp-key');
    const ctx = context();
    const key = keyFile(good.privateKey, secret, { token_uri: `${decoy.url}/token` });

    const outcome = await gcpType.validate!({ project_id: PROJECT, service_account_json: key }, ctx);

    expect(outcome).toMatchObject({ valid: true, message: null, accountIdentifier: '415104041262' });
    expect(outcome.checks.map((c) => [c.name, c.ok])).toEqual([
      ['key_format', true],
      ['token', true],
      ['project', true],
    ]);
    expect(outcome.checks[0]?.detail).toMatch(/token_uri is ignored/);
    expect(fake.tokenRequests).toEqual([
      {
        path: '/token',
        grantType: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
        iss: EMAIL,
        aud: GOOGLE_TOKEN_AUDIENCE,
        scope: 'https://www.googleapis.com/auth/cloud-platform.read-only',
        signatureValid: true,
      },
    ]);
    expect(fake.projectRequests).toEqual([{ projectId: PROJECT, authorized: true }]);
    expect(decoy.requests).toEqual([]);
    const seen = JSON.stringify(outcome) + ctx.logger.lines.join('\n');
    expect(seen).not.toContain(secret);
    expect(seen).not.toContain(pemCore(good.privateKey));
  });

  it('accepts the key file as JSON text', async () => {
    const outcome = await gcpType.validate!(
      { project_id: PROJECT, service_account_json: JSON.stringify(keyFile(good.privateKey, 'x')) },
      context(),
    );
    expect(outcome).toMatchObject({ valid: true, accountIdentifier: '415104041262' });
  });

  it('a key Google does not know (deleted or disabled) is invalid_grant, explained', async () => {
    const secret = canary('gcp-wrong-key');
    const ctx = context();
    const outcome = await gcpType.validate!(
      { project_id: PROJECT, service_account_json: keyFile(other.privateKey, secret) },
      ctx,
    );
    expect(outcome.valid).toBe(false);
    expect(outcome.accountIdentifier).toBeNull();
    expect(outcome.message).toMatch(
      /^Google rejected the service account key \(invalid_grant\): the key may be deleted or disabled; create a new key for patchbay@acme-prod/,
    );
    expect(outcome.checks.map((c) => [c.name, c.ok])).toEqual([
      ['key_format', true],
      ['token', false],
    ]);
    expect(fake.tokenRequests[0]).toMatchObject({ iss: EMAIL, signatureValid: false });
    const seen = JSON.stringify(outcome) + ctx.logger.lines.join('\n');
    expect(seen).not.toContain(secret);
    expect(seen).not.toContain(pemCore(other.privateKey));
  });

  it('a project the account cannot read names the project and the missing role', async () => {
    const outcome = await gcpType.validate!(
      { project_id: 'acme-other', service_account_json: keyFile(good.privateKey, 'x') },
      context(),
    );
    expect(outcome.valid).toBe(false);
    expect(outcome.message).toMatch(/cannot read project 'acme-other' \(PERMISSION_DENIED\).*roles\/browser/);
  });

  it.each([
    ['text that is not JSON', (secret: string) => `{"private_key": "${secret}`, /is not valid JSON/],
    [
      'a user credential',
      (secret: string) => ({ type: 'authorized_user', refresh_token: secret }),
      /type 'authorized_user', not 'service_account'/,
    ],
    [
      'no client_email',
      (secret: string) => ({ type: 'service_account', private_key: secret }),
      /no valid client_email/,
    ],
    [
      'a non-PEM private_key',
      (secret: string) => ({ type: 'service_account', client_email: EMAIL, private_key: secret }),
      /no PEM private_key/,
    ],
    [
      'a damaged PEM',
      (secret: string) => ({
        type: 'service_account',
        client_email: EMAIL,
        private_key: `-----BEGIN PRIVATE KEY-----\n${secret}\n-----END PRIVATE KEY-----\n`,
      }),
      /private_key in service_account_json is damaged/,
    ],
  ])('rejects %s before calling Google, without quoting it', async (_label, make, expected) => {
    const secret = canary('gcp-shape');
    const ctx = context();
    const outcome = await gcpType.validate!({ project_id: PROJECT, service_account_json: make(secret) }, ctx);
    expect(outcome.valid).toBe(false);
    expect(outcome.message).toMatch(expected);
    expect(outcome.checks).toEqual([expect.objectContaining({ name: 'key_format', ok: false })]);
    expect(fake.requests).toEqual([]);
    expect(JSON.stringify(outcome) + ctx.logger.lines.join('\n')).not.toContain(secret);
  });
});
