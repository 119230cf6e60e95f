import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { neo4jAuraType } from '../../src/types/neo4j-aura/neo4j-aura-type.js';
import { type AuraFake, startAuraFake } from '../fakes/neo4j-aura-fake.js';
import { canary, makeCloudContext } from './cloud-support.js';

const CLIENT_ID = 'aura-client-1';
const CLIENT_SECRET = canary('aura-secret');
const TENANT = 'tenant-5b8c';

describe('neo4j_aura: validate against the Aura API test server', () => {
  let fake: AuraFake;
  beforeAll(async () => {
    fake = await startAuraFake({
      clients: { [CLIENT_ID]: CLIENT_SECRET, 'empty-client': 'x' },
      instances: {
        [CLIENT_ID]: [
          { id: 'db1a2b3c', name: 'graph-prod', tenant_id: TENANT },
          { id: 'db4d5e6f', name: 'graph-dev', tenant_id: TENANT },
        ],
      },
    });
  });
  afterAll(() => fake.close());
  beforeEach(() => {
    fake.received.length = 0;
  });

  const context = () => makeCloudContext(neo4jAuraType, { settings: { apiUrl: fake.url } });
  const inputs = (overrides: Record<string, unknown> = {}) => ({
    aura_client_id: CLIENT_ID,
    aura_client_secret: CLIENT_SECRET,
    ...overrides,
  });

  it('gets a client-credentials token, finds the instance and reports its tenant', async () => {
    const ctx = context();
    const outcome = await neo4jAuraType.validate!(inputs({ aura_instance_id: 'db4d5e6f' }), ctx);
    expect(outcome).toMatchObject({ valid: true, message: null, accountIdentifier: TENANT });
    expect(outcome.checks.map((c) => [c.name, c.ok])).toEqual([
      ['token', true],
      ['instances', true],
    ]);
    expect(fake.received).toEqual([
      {
        method: 'POST',
        path: '/oauth/token',
        clientId: CLIENT_ID,
        grantType: 'client_credentials',
        bearerValid: false,
      },
      { method: 'GET', path: '/v1/instances', clientId: CLIENT_ID, grantType: null, bearerValid: true },
    ]);
    expect(JSON.stringify(outcome) + ctx.logger.lines.join('\n')).not.toContain(CLIENT_SECRET);
  });

  it('without an instance id, the tenant of the visible instances', async () => {
    const outcome = await neo4jAuraType.validate!(inputs(), context());
    expect(outcome).toMatchObject({ valid: true, accountIdentifier: TENANT });
  });

  it('a wrong client secret is a 401 explained', async () => {
    const wrong = canary('aura-wrong');
    const ctx = context();
    const outcome = await neo4jAuraType.validate!(inputs({ aura_client_secret: wrong }), ctx);
    expect(outcome.valid).toBe(false);
    expect(outcome.accountIdentifier).toBeNull();
    expect(outcome.message).toMatch(
      /^Aura rejected the client credentials \(invalid_client\): check aura_client_id aura-client-1 and aura_client_secret/,
    );
    expect(outcome.checks).toEqual([expect.objectContaining({ name: 'token', ok: false })]);
    expect(JSON.stringify(outcome) + ctx.logger.lines.join('\n')).not.toContain(wrong);
  });

  it('an instance id the client cannot see names the instances it can', async () => {
    const outcome = await neo4jAuraType.validate!(inputs({ aura_instance_id: 'db000000' }), context());
    expect(outcome.valid).toBe(false);
    expect(outcome.message).toBe(
      'instance db000000 is not visible to client aura-client-1; it sees db1a2b3c (graph-prod), db4d5e6f (graph-dev): ' +
        "fix aura_instance_id or use a key of the instance's tenant",
    );
  });

  it('a client with no instances says so', async () => {
    const outcome = await neo4jAuraType.validate!(
      { aura_client_id: 'empty-client', aura_client_secret: 'x', aura_instance_id: 'db1a2b3c' },
      context(),
    );
    expect(outcome.message).toMatch(/it sees no instances/);
  });

  it('honours the call budget: a silent API ends in a timeout message, not a hang', async () => {
    const silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    try {
      const ctx = makeCloudContext(neo4jAuraType, {
        settings: { apiUrl: `http://127.0.0.1:${port}` },
        timeoutMs: 300,
      });
      const outcome = await neo4jAuraType.validate!(inputs(), ctx);
      expect(outcome.valid).toBe(false);
      expect(outcome.message).toBe(
        `Aura did not answer within 300 ms; check that this server can reach http://127.0.0.1:${port}`,
      );
    } finally {
      silent.close();
    }
  });

  // the Basic token is a form of the secret the type makes itself: a provider that echoes the header it
  // got must not carry it into the outcome (stored as the status message) or the log, where a scrub
  // that knows only the raw secret would let it through
  it('an echoed Basic token of the secret is masked like the secret', async () => {
    const echo = createHttpServer((req, res) => {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: `invalid_client (${req.headers.authorization})` }));
    });
    await new Promise<void>((r) => echo.listen(0, '127.0.0.1', r));
    try {
      const port = (echo.address() as { port: number }).port;
      const ctx = makeCloudContext(neo4jAuraType, {
        settings: { apiUrl: `http://127.0.0.1:${port}` },
        secrets: [CLIENT_SECRET],
      });
      const outcome = ctx.secrets.redact(await neo4jAuraType.validate!(inputs(), ctx)); // as the runner does
      const basic = Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64');
      expect(outcome.message).toContain('invalid_client (Basic ********)');
      expect(JSON.stringify(outcome) + ctx.logger.lines.join('\n')).not.toContain(basic);
    } finally {
      await new Promise((r) => echo.close(r));
    }
  });
});
