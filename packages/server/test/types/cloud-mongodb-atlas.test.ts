import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { digestAuthorization, parseDigestChallenge } from '../../src/types/mongodb-atlas/digest-auth.js';
import { mongodbAtlasType } from '../../src/types/mongodb-atlas/mongodb-atlas-type.js';
import { type AtlasFake, startAtlasFake } from '../fakes/mongodb-atlas-fake.js';
import { canary, makeCloudContext } from './cloud-support.js';

const PROJECT = '5f1a2b3c4d5e6f7a8b9c0d1e';
const ORG = '5e0000000000000000000001';
const PUBLIC_KEY = 'qwertyui';
const PRIVATE_KEY = canary('atlas-private');

describe('mongodb_atlas: validate against the Atlas Admin API test server (HTTP Digest)', () => {
  let fake: AtlasFake;
  beforeAll(async () => {
    fake = await startAtlasFake({
      apiKeys: { [PUBLIC_KEY]: PRIVATE_KEY },
      groups: { [PROJECT]: { name: 'prod', orgId: ORG } },
      accept: 'application/vnd.atlas.2023-01-01+json',
    });
  });
  afterAll(() => fake.close());
  beforeEach(() => {
    fake.received.length = 0;
  });

  const context = () => makeCloudContext(mongodbAtlasType, { settings: { apiUrl: fake.url } });
  const inputs = (overrides: Record<string, unknown> = {}) => ({
    project_id: PROJECT,
    atlas_public_key: PUBLIC_KEY,
    atlas_private_key: PRIVATE_KEY,
    ...overrides,
  });

  it('answers the Digest challenge and reports the organization', async () => {
    const ctx = context();
    const outcome = await mongodbAtlasType.validate!(inputs(), ctx);
    expect(outcome).toMatchObject({ valid: true, message: null, accountIdentifier: ORG });
    expect(outcome.checks.map((c) => [c.name, c.ok])).toEqual([
      ['challenge', true],
      ['project', true],
    ]);
    expect(fake.received).toEqual([
      {
        path: `/api/atlas/v2/groups/${PROJECT}`,
        accept: 'application/vnd.atlas.2023-01-01+json',
        username: undefined,
        digestValid: false,
        qop: undefined,
      },
      {
        path: `/api/atlas/v2/groups/${PROJECT}`,
        accept: 'application/vnd.atlas.2023-01-01+json',
        username: PUBLIC_KEY,
        digestValid: true,
        qop: 'auth',
      },
    ]);
    expect(JSON.stringify(outcome) + ctx.logger.lines.join('\n')).not.toContain(PRIVATE_KEY);
  });

  it('a wrong private key is a 401 that names the key pair and the access list', async () => {
    const wrong = canary('atlas-wrong');
    const ctx = context();
    const outcome = await mongodbAtlasType.validate!(inputs({ atlas_private_key: wrong }), ctx);
    expect(outcome.valid).toBe(false);
    expect(outcome.accountIdentifier).toBeNull();
    expect(outcome.message).toBe(
      `Atlas rejected the API key: check the public/private key pair (public key ${PUBLIC_KEY}) and that this server's IP is on the key's access list`,
    );
    expect(fake.received[1]).toMatchObject({ username: PUBLIC_KEY, digestValid: false });
    expect(JSON.stringify(outcome) + ctx.logger.lines.join('\n')).not.toContain(wrong);
  });

  it('an unknown project is a 404 that names the project id', async () => {
    const outcome = await mongodbAtlasType.validate!(
      inputs({ project_id: 'ffffffffffffffffffffffff' }),
      context(),
    );
    expect(outcome.valid).toBe(false);
    expect(outcome.message).toMatch(
      /^Atlas project ffffffffffffffffffffffff was not found \(RESOURCE_NOT_FOUND\): check project_id/,
    );
  });

  it('computes the RFC 7616 example response for MD5 with qop=auth', () => {
    // RFC 7616 §3.9.1 (MD5): Mufasa / "Circle of Life" / GET /dir/index.html
    const challenge = parseDigestChallenge(
      'Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=MD5, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"',
    )!;
    const header = digestAuthorization(challenge, {
      username: 'Mufasa',
      password: 'Circle of Life',
      method: 'GET',
      uri: '/dir/index.html',
    });
    const cnonce = /cnonce="([^"]+)"/.exec(header)![1];
    const md5 = (s: string) => createHash('md5').update(s).digest('hex');
    const ha1 = md5('Mufasa:http-auth@example.org:Circle of Life');
    const ha2 = md5('GET:/dir/index.html');
    expect(header).toContain(`response="${md5(`${ha1}:${challenge.nonce}:00000001:${cnonce}:auth:${ha2}`)}"`);
    expect(header).toContain('opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"');
    expect(header).toContain('qop=auth, nc=00000001');
  });
});
