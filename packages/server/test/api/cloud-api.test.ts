import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type AwsFake, startAwsFake } from '../fakes/aws-fake.js';
import { type AtlasFake, startAtlasFake } from '../fakes/mongodb-atlas-fake.js';
import { type AuraFake, startAuraFake } from '../fakes/neo4j-aura-fake.js';
import { makeTestApp, type TestApp } from '../support/app.js';

const BASE_KEY_ID = 'AKIAPATCHBAYAPI00001';
const BASE_SECRET = 'CANARY-aws-base-secret-41c2';
const SERVER_ARN = 'arn:aws:iam::111122223333:user/patchbay';
const ROLE_ARN = 'arn:aws:iam::444455556666:role/patchbay-access';
const OTHER_ROLE_ARN = 'arn:aws:iam::444455556666:role/someone-else';
const ATLAS_GROUP = '5f1d7e9a2b3c4d5e6f708192';
const ATLAS_PRIVATE = 'CANARY-atlas-private-9d0e';
const AURA_SECRET = 'CANARY-aura-secret-77ab';

let t: TestApp;
let aws: AwsFake;
let atlas: AtlasFake;
let aura: AuraFake;
const roles: Record<string, { trustedPrincipals: string[]; externalId?: string }> = {};

beforeAll(async () => {
  vi.stubEnv('AWS_ACCESS_KEY_ID', BASE_KEY_ID);
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', BASE_SECRET);
  vi.stubEnv('AWS_SESSION_TOKEN', '');
  vi.stubEnv('AWS_PROFILE', '');
  vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', '/nonexistent/patchbay-credentials');
  vi.stubEnv('AWS_CONFIG_FILE', '/nonexistent/patchbay-config');
  vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
  aws = await startAwsFake({
    identities: { [BASE_KEY_ID]: { secretAccessKey: BASE_SECRET, arn: SERVER_ARN } },
    roles,
  });
  atlas = await startAtlasFake({
    apiKeys: { pubkey01: ATLAS_PRIVATE },
    groups: { [ATLAS_GROUP]: { name: 'prod', orgId: '60aa00000000000000000001' } },
  });
  aura = await startAuraFake({
    clients: { 'aura-client': AURA_SECRET },
    instances: { 'aura-client': [{ id: 'db12ab34', name: 'graph-prod', tenant_id: 'tenant-7' }] },
  });
  t = await makeTestApp({
    PATCHBAY_AWS_STS_ENDPOINT: aws.url,
    PATCHBAY_ATLAS_API_URL: atlas.url,
    PATCHBAY_AURA_API_URL: aura.url,
  });
});
afterAll(async () => {
  await t.close();
  await Promise.all([aws.close(), atlas.close(), aura.close()]);
  vi.unstubAllEnvs();
});

describe('the seed AWS example', () => {
  it('create → pending with setup; complete → unverified; validate → active with the account id', async () => {
    const created = await t.api('POST', '/v1/connections', {
      tag: 'prod_aws',
      type: 'aws',
      scopes: ['storage', 'database'],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ kind: 'cloud', status: 'pending', scopes: ['storage', 'database'] });
    const externalId = created.body.setup.external_id as string;
    expect(externalId).toMatch(/^pb-[0-9a-f]{32}$/);
    expect(created.body.setup.trust_policy.Statement[0]).toMatchObject({
      Principal: { AWS: SERVER_ARN },
      Condition: { StringEquals: { 'sts:ExternalId': externalId } },
    });
    // shown again on fetch, unchanged
    expect((await t.api('GET', '/v1/connections/prod_aws')).body.setup.external_id).toBe(externalId);

    // the customer pastes the trust policy into their role
    roles[ROLE_ARN] = { trustedPrincipals: [SERVER_ARN], externalId };

    const completed = await t.api('PUT', '/v1/connections/prod_aws/credentials', { role_arn: ROLE_ARN });
    expect(completed.body.status).toBe('unverified');
    const validation = await t.api('POST', '/v1/connections/prod_aws/validate');
    expect(validation.status).toBe(200);
    expect(validation.body).toMatchObject({
      valid: true,
      status: 'active',
      account_identifier: '444455556666',
    });
    const assume = aws.received.find((r) => r.action === 'AssumeRole');
    expect(assume).toMatchObject({ roleArn: ROLE_ARN, externalId, signatureValid: true });
    const fetched = await t.api('GET', '/v1/connections/prod_aws');
    expect(fetched.body).toMatchObject({
      status: 'active',
      account_identifier: '444455556666',
      status_message: null,
    });
    expect(fetched.body.last_validated_at).toBeTruthy();
  });

  it('a role that does not trust this external id fails validation with a message that says what to fix', async () => {
    roles[OTHER_ROLE_ARN] = { trustedPrincipals: [SERVER_ARN], externalId: 'pb-somebody-elses-id' };
    await t.api('POST', '/v1/connections', {
      tag: 'wrong_aws',
      type: 'aws',
      value: { role_arn: OTHER_ROLE_ARN },
    });
    const res = await t.api('POST', '/v1/connections/wrong_aws/validate');
    expect(res.body).toMatchObject({ valid: false, status: 'error' });
    expect(res.body.message).toMatch(
      /not authorized to perform sts:AssumeRole on arn:aws:iam::444455556666:role\/someone-else/,
    );
    expect(res.body.message).toContain('external id');
    const fetched = await t.api('GET', '/v1/connections/wrong_aws');
    expect(fetched.body.status).toBe('error');
    expect(fetched.body.status_message).toBe(res.body.message);
    // the checks stay with the connection, for whoever looks later
    expect(res.body.checks.length).toBeGreaterThan(0);
    expect(fetched.body.last_checks).toEqual(res.body.checks);
    expect(fetched.body.last_checks.some((check: { ok: boolean }) => !check.ok)).toBe(true);
  });

  it('update changes metadata and scopes, keeps the status; the tag stays immutable', async () => {
    const res = await t.api('PATCH', '/v1/connections/prod_aws', {
      display_name: 'Production AWS',
      description: 'main account',
      scopes: ['storage', 'database', 'broker'],
    });
    expect(res.body).toMatchObject({
      display_name: 'Production AWS',
      status: 'active',
      scopes: ['storage', 'database', 'broker'],
    });
    expect((await t.api('PATCH', '/v1/connections/prod_aws', { tag: 'renamed' })).body.error.code).toBe(
      'immutable_field',
    );
  });
});

describe('MongoDB Atlas and Neo4j Aura', () => {
  it('atlas: wrong key → error; right key → active; a blank secret on complete keeps the stored one', async () => {
    await t.api('POST', '/v1/connections', {
      tag: 'atlas',
      type: 'mongodb_atlas',
      value: { project_id: ATLAS_GROUP, atlas_public_key: 'pubkey01' },
      secrets: { atlas_private_key: 'wrong-private-key' },
    });
    const wrong = await t.api('POST', '/v1/connections/atlas/validate');
    expect(wrong.body).toMatchObject({ valid: false, status: 'error' });
    expect(wrong.body.message).toMatch(/Atlas rejected the API key/);

    await t.api('PUT', '/v1/connections/atlas/credentials', { atlas_private_key: ATLAS_PRIVATE });
    expect((await t.api('POST', '/v1/connections/atlas/validate')).body).toMatchObject({
      valid: true,
      status: 'active',
    });

    const rotated = await t.api('PUT', '/v1/connections/atlas/credentials', {
      atlas_public_key: 'pubkey01',
      atlas_private_key: '',
    });
    expect(rotated.body.status).toBe('unverified');
    const again = await t.api('POST', '/v1/connections/atlas/validate');
    expect(again.body).toMatchObject({ valid: true, status: 'active' });
    expect(again.body.account_identifier).toBeTruthy();
  });

  it('aura: default scope graph; wrong secret → error; right one → active', async () => {
    const created = await t.api('POST', '/v1/connections', {
      tag: 'graph',
      type: 'neo4j_aura',
      value: { aura_client_id: 'aura-client', aura_instance_id: 'db12ab34' },
      secrets: { aura_client_secret: 'nope' },
    });
    expect(created.body.scopes).toEqual(['graph']);
    const wrong = await t.api('POST', '/v1/connections/graph/validate');
    expect(wrong.body.status).toBe('error');
    expect(wrong.body.message).toMatch(/Aura rejected the client credentials/);
    await t.api('PUT', '/v1/connections/graph/credentials', { aura_client_secret: AURA_SECRET });
    expect((await t.api('POST', '/v1/connections/graph/validate')).body).toMatchObject({
      valid: true,
      status: 'active',
    });
  });
});

describe('components', () => {
  it('link only to an active connection holding the scope; linked components block delete until force', async () => {
    const linked = await t.api('POST', '/v1/components', {
      name: 'uploads',
      kind: 'storage',
      cloud: 'prod_aws',
      resource: 's3://uploads',
    });
    expect(linked.status).toBe(201);
    expect(linked.body).toMatchObject({
      name: 'uploads',
      kind: 'storage',
      cloud: 'prod_aws',
      resource: 's3://uploads',
      config: {},
    });

    const notGranted = await t.api('POST', '/v1/components', { name: 'g', kind: 'graph', cloud: 'prod_aws' });
    expect(notGranted.status).toBe(422);
    expect(notGranted.body.error.code).toBe('scope_not_granted');
    const notActive = await t.api('POST', '/v1/components', {
      name: 'w',
      kind: 'storage',
      cloud: 'wrong_aws',
    });
    expect(notActive.status).toBe(409);
    expect(notActive.body.error.code).toBe('connection_not_active');
    const noConnection = await t.api('POST', '/v1/components', {
      name: 'n',
      kind: 'storage',
      cloud: 'nothing',
    });
    expect(noConnection.body.error.code).toBe('connection_not_found');
    const duplicate = await t.api('POST', '/v1/components', {
      name: 'uploads',
      kind: 'storage',
      cloud: 'prod_aws',
    });
    expect(duplicate.status).toBe(422);
    expect(duplicate.body.error).toMatchObject({
      code: 'invalid_input',
      details: { issues: [{ path: 'name' }] },
    });

    expect((await t.api('GET', '/v1/components/uploads')).body.cloud).toBe('prod_aws');
    expect((await t.api('GET', '/v1/components?cloud=prod_aws')).body.items).toHaveLength(1);
    expect((await t.api('GET', '/v1/components/none')).body.error.code).toBe('component_not_found');

    // removing a scope a component uses is refused
    const shrink = await t.api('PATCH', '/v1/connections/prod_aws', { scopes: ['database'] });
    expect(shrink.body.error.code).toBe('connection_in_use');

    const blocked = await t.api('DELETE', '/v1/connections/prod_aws');
    expect(blocked.status).toBe(409);
    expect(blocked.body.error.code).toBe('connection_in_use');
    const forced = await t.api('DELETE', '/v1/connections/prod_aws?force=true');
    expect(forced.status).toBe(204);
    expect((await t.api('GET', '/v1/components/uploads')).status).toBe(404);
  });
});

describe('canary', () => {
  it('provider secrets are absent from responses, logs and audit', async () => {
    const audit = await t.api('GET', '/v1/audit?limit=500');
    for (const secret of [BASE_SECRET, ATLAS_PRIVATE, AURA_SECRET]) {
      expect(t.responses.filter((r) => r.includes(secret))).toEqual([]);
      expect(t.logs.join('\n')).not.toContain(secret);
      expect(audit.text).not.toContain(secret);
    }
  });
});
