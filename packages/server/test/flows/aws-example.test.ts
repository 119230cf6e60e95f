import { fileURLToPath } from 'node:url';
import { PatchbayClient } from '@patchbay/sdk';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadFlow, runFlow } from '../../src/flows/flow-runner.js';
import { type AwsFake, startAwsFake } from '../fakes/aws-fake.js';
import { startTestServer, type TestServer } from '../support/server.js';

const EXAMPLE = fileURLToPath(new URL('../../../../examples/aws-cloud-connection.ts', import.meta.url));
const BASE_KEY_ID = 'AKIAPATCHBAYFLOWTEST';
const BASE_SECRET = 'canary-flow-aws-base-5b5b';
const SERVER_ARN = 'arn:aws:iam::111122223333:user/patchbay';
const ROLE_ARN = 'arn:aws:iam::444455556666:role/patchbay-access';

describe('examples/aws-cloud-connection.ts against the STS test server', () => {
  let aws: AwsFake;
  let server: TestServer;
  const roles: Record<string, { trustedPrincipals: string[]; externalId?: string }> = {};

  beforeAll(async () => {
    aws = await startAwsFake({
      identities: { [BASE_KEY_ID]: { secretAccessKey: BASE_SECRET, arn: SERVER_ARN } },
      roles,
    });
    server = await startTestServer({
      PATCHBAY_AWS_STS_ENDPOINT: aws.url,
      PATCHBAY_AWS_PRINCIPAL_ARN: SERVER_ARN,
    });
    vi.stubEnv('AWS_ACCESS_KEY_ID', BASE_KEY_ID);
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', BASE_SECRET);
    vi.stubEnv('AWS_SESSION_TOKEN', '');
    vi.stubEnv('AWS_PROFILE', '');
    vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', '/nonexistent/patchbay-credentials');
    vi.stubEnv('AWS_CONFIG_FILE', '/nonexistent/patchbay-config');
    vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await server.close();
    await aws.close();
  });

  it('first run creates prod_aws and hands out the trust policy; with role_arn it activates', async () => {
    const client = new PatchbayClient({ baseUrl: server.url, token: server.token });
    const handler = await loadFlow(EXAMPLE);
    const log: string[] = [];
    const first = await runFlow({ handler, client, log: (line) => log.push(line) });
    expect(first.status).toBe('success');
    expect(first.message).toContain('--input role_arn=');
    const setup = first.outputs?.setup as { external_id: string; trust_policy: object };
    expect(setup.external_id).toMatch(/^pb-/);
    expect(log[0]).toContain('prod_aws is pending');

    const wrongRole = await runFlow({ handler, client, inputs: { role_arn: ROLE_ARN }, log: () => {} });
    expect(wrongRole.status).toBe('failed');
    expect(wrongRole.message).toMatch(/^prod_aws did not validate: /);

    roles[ROLE_ARN] = { trustedPrincipals: [SERVER_ARN], externalId: setup.external_id };
    const done = await runFlow({ handler, client, inputs: { role_arn: ROLE_ARN }, log: () => {} });
    expect(done).toEqual({
      status: 'success',
      message: 'prod_aws is active for AWS account 444455556666',
      outputs: { account: '444455556666' },
    });
    const connection = await client.cloud.connections.fetch('prod_aws');
    expect(connection).toMatchObject({ status: 'active', scopes: ['storage', 'database'] });
  });
});
