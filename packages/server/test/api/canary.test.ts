import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../support/app.js';

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
