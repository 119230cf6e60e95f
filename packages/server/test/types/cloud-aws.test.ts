import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { awsType } from '../../src/types/aws/aws-type.js';
import { type AwsFake, startAwsFake } from '../fakes/aws-fake.js';
import { canary, makeCloudContext, makeSettings } from './cloud-support.js';

const BASE_KEY_ID = 'AKIAPATCHBAYTEST0001';
const BASE_SECRET = canary('aws-base-secret');
const SESSION_SECRET = canary('aws-session-secret');
const SERVER_ARN = 'arn:aws:iam::111122223333:user/patchbay';
const ROLE_ARN = 'arn:aws:iam::444455556666:role/patchbay-access';

/** Only the env chain may supply credentials: no profile files, no instance metadata. */
function useBaseCredentials(keyId: string, secret: string): void {
  vi.stubEnv('AWS_ACCESS_KEY_ID', keyId);
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', secret);
  vi.stubEnv('AWS_SESSION_TOKEN', '');
  vi.stubEnv('AWS_PROFILE', '');
  vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', '/nonexistent/patchbay-credentials');
  vi.stubEnv('AWS_CONFIG_FILE', '/nonexistent/patchbay-config');
  vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
}

describe('aws: setup and validate against the STS test server', () => {
  let fake: AwsFake;
  const roles: Record<string, { trustedPrincipals: string[]; externalId?: string }> = {};

  beforeAll(async () => {
    fake = await startAwsFake({
      identities: { [BASE_KEY_ID]: { secretAccessKey: BASE_SECRET, arn: SERVER_ARN } },
      roles,
      sessionSecret: SESSION_SECRET,
    });
  });
  afterAll(() => fake.close());
  afterEach(() => {
    vi.unstubAllEnvs();
    fake.received.length = 0;
  });

  const setupFor = (awsPrincipalArn?: string) =>
    awsType.setup!({
      workspaceId: 'ws',
      tag: 'prod_aws',
      settings: makeSettings(awsType, { stsEndpoint: fake.url, principalArn: awsPrincipalArn ?? '' }),
    });

  it('setup: a fresh external id and a trust policy naming the base credentials caller', async () => {
    useBaseCredentials(BASE_KEY_ID, BASE_SECRET);
    const first = await setupFor();
    const second = await setupFor();
    expect(first.external_id).toMatch(/^pb-[0-9a-f]{32}$/);
    expect(second.external_id).not.toBe(first.external_id);
    expect(first.trust_policy).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: SERVER_ARN },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'sts:ExternalId': first.external_id } },
        },
      ],
    });
    expect(first.note).toBeUndefined();
    expect(fake.received.map((r) => [r.action, r.accessKeyId, r.signatureValid])).toContainEqual([
      'GetCallerIdentity',
      BASE_KEY_ID,
      true,
    ]);
  });

  it('setup: PATCHBAY_AWS_PRINCIPAL_ARN wins and needs no STS call', async () => {
    const configured = 'arn:aws:iam::999988887777:role/patchbay-server';
    const setup = await setupFor(configured);
    expect(JSON.stringify(setup.trust_policy)).toContain(configured);
    expect(fake.received).toHaveLength(0);
  });

  it('setup: without any base credentials, a placeholder principal and a note saying so', async () => {
    useBaseCredentials('', '');
    const setup = await setupFor();
    expect(JSON.stringify(setup.trust_policy)).toContain('<patchbay-server-principal-arn>');
    expect(setup.note).toMatch(/PATCHBAY_AWS_PRINCIPAL_ARN/);
  });

  it('validate: assumes the role with the connection external id and reports the account', async () => {
    useBaseCredentials(BASE_KEY_ID, BASE_SECRET);
    const setup = await setupFor();
    roles[ROLE_ARN] = { trustedPrincipals: [SERVER_ARN], externalId: String(setup.external_id) };
    fake.received.length = 0;
    const ctx = makeCloudContext(awsType, { settings: { stsEndpoint: fake.url }, setup });

    const outcome = await awsType.validate!({ role_arn: ROLE_ARN, region: 'eu-west-1' }, ctx);

    expect(outcome).toMatchObject({ valid: true, message: null, accountIdentifier: '444455556666' });
    expect(outcome.checks.map((c) => [c.name, c.ok])).toEqual([
      ['assume_role', true],
      ['caller_identity', true],
    ]);
    const [assume, identity] = fake.received;
    expect(assume).toMatchObject({
      action: 'AssumeRole',
      accessKeyId: BASE_KEY_ID,
      signatureValid: true,
      roleArn: ROLE_ARN,
      externalId: setup.external_id,
      roleSessionName: 'patchbay-validate',
      region: 'eu-west-1',
    });
    // the second call is signed with the session, not with the base credentials
    expect(identity).toMatchObject({ action: 'GetCallerIdentity', signatureValid: true });
    expect(identity!.accessKeyId).toMatch(/^ASIA/);
    expect(identity!.securityToken).toBeTruthy();

    const leaked = JSON.stringify(outcome) + ctx.logger.lines.join('\n');
    expect(leaked).not.toContain(BASE_SECRET);
    expect(leaked).not.toContain(SESSION_SECRET);
  });

  it('validate: a trust policy with another external id is AccessDenied, explained', async () => {
    useBaseCredentials(BASE_KEY_ID, BASE_SECRET);
    const setup = await setupFor();
    roles[ROLE_ARN] = { trustedPrincipals: [SERVER_ARN], externalId: 'pb-someone-elses-id' };
    fake.received.length = 0;
    const ctx = makeCloudContext(awsType, { settings: { stsEndpoint: fake.url }, setup });

    const outcome = await awsType.validate!({ role_arn: ROLE_ARN, region: 'us-east-1' }, ctx);

    expect(outcome.valid).toBe(false);
    expect(outcome.accountIdentifier).toBeNull();
    expect(outcome.message).toBe(
      `not authorized to perform sts:AssumeRole on ${ROLE_ARN}: check the role's trust policy names ${SERVER_ARN} ` +
        `and the external id condition ${setup.external_id} (sts:ExternalId), as in this connection's setup.trust_policy`,
    );
    expect(outcome.checks).toEqual([expect.objectContaining({ name: 'assume_role', ok: false })]);
    expect(fake.received[0]?.externalId).toBe(setup.external_id);
    const leaked = JSON.stringify(outcome) + ctx.logger.lines.join('\n');
    expect(leaked).not.toContain(BASE_SECRET);
  });

  it('validate: wrong base secret is reported as a server credential problem', async () => {
    const wrongSecret = canary('aws-wrong-secret');
    useBaseCredentials(BASE_KEY_ID, wrongSecret);
    const ctx = makeCloudContext(awsType, {
      settings: { stsEndpoint: fake.url },
      setup: { external_id: 'pb-x' },
    });
    const outcome = await awsType.validate!({ role_arn: ROLE_ARN, region: 'us-east-1' }, ctx);
    expect(outcome.valid).toBe(false);
    expect(outcome.message).toMatch(/rejected this server's base credentials .*SignatureDoesNotMatch/);
    expect(JSON.stringify(outcome) + ctx.logger.lines.join('\n')).not.toContain(wrongSecret);
  });

  it('validate: a connection without an external id is refused before calling AWS', async () => {
    useBaseCredentials(BASE_KEY_ID, BASE_SECRET);
    const ctx = makeCloudContext(awsType, { settings: { stsEndpoint: fake.url } });
    const outcome = await awsType.validate!({ role_arn: ROLE_ARN, region: 'us-east-1' }, ctx);
    expect(outcome.valid).toBe(false);
    expect(outcome.message).toMatch(/no external id/);
    expect(fake.received).toHaveLength(0);
  });

  it('validate: an unreachable STS endpoint names the endpoint', async () => {
    useBaseCredentials(BASE_KEY_ID, BASE_SECRET);
    const ctx = makeCloudContext(awsType, { setup: { external_id: 'pb-x' } });
    const outcome = await awsType.validate!({ role_arn: ROLE_ARN, region: 'us-east-1' }, ctx);
    expect(outcome.valid).toBe(false);
    expect(outcome.message).toMatch(/could not reach AWS STS at http:\/\/127\.0\.0\.1:9/);
  });
});
