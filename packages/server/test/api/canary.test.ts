import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../support/app.js';
import { type ServedType, sampleConnection, secretFields } from '../support/type-samples.js';

const CANARY = 'CANARY-7f3a9c1e-secret';
const CANARY2 = 'CANARY-2b81-rotated';
let t: TestApp;

beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(async () => t.close());

describe('a planted secret never leaks', () => {
  it('is absent from every response except resolve with reveal, from the logs and from the audit log', async () => {
    const runner = await t.token('runner');
    // Plant it every way a secret can arrive.
    await t.api('POST', '/v1/connections', {
      tag: 'canary-db',
      type: 'postgres',
      value: { host: '127.0.0.1', port: 1, database: 'x', user: 'u', password: CANARY },
    });
    await t.api('POST', '/v1/connections', {
      tag: 'canary-git',
      type: 'git',
      value: { repository_url: 'https://g.test/r' },
      secrets: { password: CANARY },
    });
    await t.api('POST', '/v1/connections', {
      tag: 'canary-gen',
      type: 'generic',
      value: { a: 1 },
      secrets: { api_key: CANARY },
    });
    await t.api('PUT', '/v1/connections/canary-db/credentials', { password: CANARY2 });
    await t.api('PATCH', '/v1/connections/canary-git', { value: { password: CANARY2 } });
    // Use them every way a caller can.
    for (const tag of ['canary-db', 'canary-git', 'canary-gen']) {
      await t.api('GET', `/v1/connections/${tag}`);
      await t.api('POST', `/v1/connections/${tag}/resolve`, {}, { token: runner });
      await t.api('POST', `/v1/connections/${tag}/resolve`, { inputs: { nope: 1 } }, { token: runner });
      await t.api('POST', `/v1/connections/${tag}/validate`);
      await t.api('POST', `/v1/connections/${tag}/connect`, { timeout_ms: 2000 }, { token: runner });
      await t.api('POST', `/v1/connections/${tag}/resolve`, { reveal: true }, { token: runner });
    }
    await t.api('GET', '/v1/connections?limit=500');
    await t.api('GET', '/v1/executions?limit=500');
    await t.api('POST', '/v1/connections', {
      tag: 'canary-db',
      type: 'postgres',
      value: { password: CANARY },
    });
    await t.api('PUT', '/v1/connections/canary-db/credentials', { password: CANARY, port: 'not-a-port' });
    const audit = await t.api('GET', '/v1/audit?limit=500');
    await t.patchbay.app.close();

    const leaks = t.responses.filter((body) => body.includes(CANARY) || body.includes(CANARY2));
    expect(leaks).toEqual([]);
    expect(audit.text).not.toContain('CANARY');
    expect(t.logs.join('\n')).not.toContain('CANARY');
    // The stored row holds ciphertext only.
    const ws = (await t.patchbay.store.workspaces.getByName('default'))!;
    const row = await t.patchbay.store.connections.get(ws.id, 'canary-db');
    expect(JSON.stringify(row)).not.toContain('CANARY');

    // And reveal does show it, so the checks above are looking at the right thing.
    const fresh = await makeTestApp();
    try {
      await fresh.api('POST', '/v1/connections', { tag: 'c', type: 'generic', secrets: { k: CANARY } });
      const shown = await fresh.api(
        'POST',
        '/v1/connections/c/resolve',
        { reveal: true },
        { token: await fresh.token('runner', true) },
      );
      expect(shown.body.inputs.k).toBe(CANARY);
    } finally {
      await fresh.close();
    }
  });
});

describe('every x-secret field of every type', () => {
  it('a canary planted in each is absent from responses, logs and the audit log', async () => {
    const nowhere = 'http://127.0.0.1:1';
    const app = await makeTestApp({
      PATCHBAY_CONNECT_TIMEOUT_MS: '3000',
      PATCHBAY_AWS_STS_ENDPOINT: nowhere,
      PATCHBAY_GCP_TOKEN_URL: `${nowhere}/token`,
      PATCHBAY_GCP_API_URL: nowhere,
      PATCHBAY_AZURE_AUTHORITY_URL: nowhere,
      PATCHBAY_AZURE_MANAGEMENT_URL: nowhere,
      PATCHBAY_ATLAS_API_URL: nowhere,
      PATCHBAY_AURA_API_URL: nowhere,
    });
    try {
      const runner = await app.token('runner');
      const types: ServedType[] = (await app.api('GET', '/v1/types')).body.items;
      const planted: string[] = [];
      const canary = (type: string, field: string) => {
        const value = `CANARY-${type}-${field}-9d1e`;
        planted.push(value);
        return value;
      };
      let fields = 0;
      for (const type of types.filter((x) => secretFields(x).length > 0)) {
        const tag = `k-${type.id.replaceAll('_', '-')}`;
        const sample = sampleConnection(type, (f) => canary(type.id, f));
        fields += Object.keys(sample.secrets).length;
        const created = await app.api('POST', '/v1/connections', { tag, type: type.id, ...sample });
        expect(created.status, `${type.id}: ${created.text}`).toBe(201);
        // the same secrets again through value (they are stored as secrets, never echoed)
        await app.api('PATCH', `/v1/connections/${tag}`, { value: sample.secrets });
        await app.api('PUT', `/v1/connections/${tag}/credentials`, sample.secrets);
        await app.api('GET', `/v1/connections/${tag}`);
        await app.api('POST', `/v1/connections/${tag}/resolve`, {}, { token: runner });
        await app.api('POST', `/v1/connections/${tag}/resolve`, { inputs: { nope: 1 } }, { token: runner });
        await app.api('POST', `/v1/connections/${tag}/validate`);
        if (type.kind === 'task') {
          await app.api('POST', `/v1/connections/${tag}/connect`, { timeout_ms: 3000 }, { token: runner });
        }
      }
      expect(fields).toBeGreaterThanOrEqual(12);
      await app.api('GET', '/v1/connections?limit=500');
      await app.api('GET', '/v1/executions?limit=500');
      const audit = await app.api('GET', '/v1/audit?limit=500');
      await app.patchbay.app.close();
      const leaks = app.responses.filter((body) => planted.some((c) => body.includes(c)));
      expect(leaks).toEqual([]);
      expect(audit.text).not.toContain('CANARY');
      expect(app.logs.join('\n')).not.toContain('CANARY');
    } finally {
      await app.close();
    }
  });
});
