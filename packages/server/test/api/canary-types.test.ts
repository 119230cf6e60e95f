/**
 * The canary test for every registered type and every one of its `x-secret` inputs: a distinct canary
 * is planted in each secret field (stored as a secret), then the connection is resolved (masked),
 * validated and, where it runs, connected, and its execution and audit records are read. No canary may
 * appear in any response, log line or audit event; reveal shows each, so the search is looking at the
 * right values. Targets point at closed loopback ports and the cloud endpoints at a dead local port,
 * so every call fails fast on the real code path (error messages are where secrets like to leak).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JsonObject } from '../../src/domain/model.js';
import { secretFieldsOf } from '../../src/domain/type-descriptor.js';
import { ALL_TYPES } from '../../src/types/registry.js';
import { makeTestApp, type TestApp } from '../support/app.js';

const DEAD = 'http://127.0.0.1:9';
const UUID = '0a1b2c3d-0000-4000-8000-00000000000';

/** Required inputs of each type, aimed at nothing (a new type adds its line: the contract test asks). */
const SAMPLES: Record<string, JsonObject> = {
  git: { repository_url: 'https://127.0.0.1:1/repo.git' },
  http: { url: 'http://127.0.0.1:1/' },
  postgres: { host: '127.0.0.1', port: 1, database: 'd', user: 'u' },
  mysql: { host: '127.0.0.1', port: 1, database: 'd', user: 'u' },
  oracle: { host: '127.0.0.1', port: 1, service_name: 's', user: 'u' },
  ssh: { hostname: '127.0.0.1', port: 1, username: 'u', script: 'true' },
  generic: { note: 'free-form' },
  aws: { role_arn: 'arn:aws:iam::123456789012:role/patchbay' },
  gcp: { project_id: 'canary-project' },
  azure: { tenant_id: `${UUID}1`, subscription_id: `${UUID}2`, client_id: `${UUID}3` },
  mongodb_atlas: { project_id: '0123456789abcdef01234567', atlas_public_key: 'pub' },
  neo4j_aura: { aura_client_id: 'client' },
  redis: { host: '127.0.0.1', port: 1, command: ['PING'] },
  sftp: { hostname: '127.0.0.1', port: 1, username: 'u', command: 'list' },
  ldap: { url: 'ldap://127.0.0.1:1', base_dn: 'dc=example,dc=org' },
  smtp: { host: '127.0.0.1', port: 1, from: 'a@example.org', to: ['b@example.org'] },
  imap: { host: '127.0.0.1', port: 1, username: 'u' },
};

/** The secret inputs of a type; generic's are free-form, so it gets one of its own naming. */
const secretsOf = (type: (typeof ALL_TYPES)[number]): string[] =>
  type.freeFormSecrets ? ['api_key'] : secretFieldsOf(type.inputSchema);

const canaryFor = (type: string, field: string) => `CANARY-${type}-${field}-5e8d`;
const planted = ALL_TYPES.flatMap((t) =>
  secretsOf(t).map((f) => ({ type: t, field: f, canary: canaryFor(t.id, f) })),
);

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp({
    PATCHBAY_AWS_STS_ENDPOINT: DEAD,
    PATCHBAY_GCP_TOKEN_URL: `${DEAD}/token`,
    PATCHBAY_GCP_API_URL: DEAD,
    PATCHBAY_AZURE_AUTHORITY_URL: DEAD,
    PATCHBAY_AZURE_MANAGEMENT_URL: DEAD,
    PATCHBAY_ATLAS_API_URL: DEAD,
    PATCHBAY_AURA_API_URL: DEAD,
    PATCHBAY_CONNECT_TIMEOUT_MS: '5000',
  });
});
afterAll(async () => t?.close());

describe('canary: every type, every x-secret field, through resolve, validate and connect', () => {
  it('every registered type has a sample (a new type adds one)', () => {
    expect(ALL_TYPES.map((x) => x.id).filter((id) => !SAMPLES[id])).toEqual([]);
  });

  for (const type of ALL_TYPES) {
    const fields = secretsOf(type);
    it(`${type.id}: ${fields.length ? fields.join(', ') : 'no secret input (nothing to plant)'}`, async () => {
      const runner = await t.token('runner');
      const tag = `canary-${type.id.replaceAll('_', '-')}`;
      // a secret field that is a map (http secret_headers: header → value) gets the canary as a value
      const plant = (f: string) => {
        const schema = (type.inputSchema.properties as Record<string, { type?: string }>)[f];
        return schema?.type === 'object' ? { 'X-Canary': canaryFor(type.id, f) } : canaryFor(type.id, f);
      };
      const secrets = Object.fromEntries(fields.map((f) => [f, plant(f)]));
      const created = await t.api('POST', '/v1/connections', {
        tag,
        type: type.id,
        value: SAMPLES[type.id],
        secrets,
      });
      expect(created.status, created.text).toBe(201);
      expect(created.body.secret_fields.sort()).toEqual(fields.sort());
      const resolved = await t.api('POST', `/v1/connections/${tag}/resolve`, {}, { token: runner });
      expect(resolved.status, resolved.text).toBe(200);
      for (const f of fields) expect(resolved.body.inputs[f]).toBe('********');
      const validated = await t.api('POST', `/v1/connections/${tag}/validate`);
      expect(validated.status, validated.text).toBe(200);
      if (type.execute) {
        const ran = await t.api(
          'POST',
          `/v1/connections/${tag}/connect`,
          { timeout_ms: 5000 },
          { token: runner },
        );
        expect(ran.status, ran.text).toBe(200);
        for (const f of fields) expect(ran.body.inputs[f]).toBe('********');
      }
      await t.api('GET', `/v1/connections/${tag}`);
      await t.api('GET', `/v1/executions?tag=${tag}`);
      const revealed = await t.api(
        'POST',
        `/v1/connections/${tag}/resolve`,
        { reveal: true },
        { token: await t.token('runner', true) },
      );
      for (const f of fields) expect(revealed.body.inputs[f]).toEqual(plant(f));
      t.responses.pop(); // the reveal answer is the one place a secret is meant to be
    });
  }

  it('no canary in any response, log line or audit event', async () => {
    const audit = await t.api('GET', '/v1/audit?limit=500');
    expect(audit.body.items.length).toBeGreaterThan(planted.length);
    const logs = t.logs.join('\n');
    const leaks = planted.filter(
      ({ canary }) =>
        t.responses.some((body) => body.includes(canary)) ||
        logs.includes(canary) ||
        audit.text.includes(canary),
    );
    expect(leaks.map((p) => `${p.type.id}.${p.field}`)).toEqual([]);
    expect(planted.length).toBeGreaterThanOrEqual(17);
  });
});
