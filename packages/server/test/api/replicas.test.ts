import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { makeTestApp, type TestApp } from '../support/app.js';
import { DIALECTS, openTestStore, type TestStore } from '../support/databases.js';

const onPostgres = DIALECTS.includes('postgres');

describe.runIf(onPostgres)('two servers on one PostgreSQL', () => {
  let db: TestStore;
  let a: TestApp;
  let b: TestApp;
  const adminToken = `pb_${randomBytes(32).toString('base64url')}`;

  beforeAll(async () => {
    db = await openTestStore('postgres');
    const env = {
      PATCHBAY_DATABASE_URL: db.url!,
      PATCHBAY_MASTER_KEY: randomBytes(32).toString('base64'),
      PATCHBAY_ADMIN_TOKEN: adminToken,
    };
    // Both replicas start at once on a fresh database: migrations and bootstrap must not collide.
    [a, b] = await Promise.all([makeTestApp(env), makeTestApp(env)]);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await db?.cleanup();
  });

  /**
   * Runs `check` with the clock one second past now (only Date is faked: I/O and timers stay real), so
   * "within one second" is a property of the caches' expiry, not of how fast this machine is today.
   */
  async function oneSecondLater(check: () => Promise<void>): Promise<void> {
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 1001 });
    try {
      await check();
    } finally {
      vi.useRealTimers();
    }
  }

  const on = (app: TestApp) => (method: string, url: string, body?: unknown) =>
    app.api(method, url, body, { token: adminToken });

  it('a change made through one is seen through the other within one second', async () => {
    const created = await on(a)('POST', '/v1/connections', {
      tag: 'shared',
      type: 'generic',
      value: { v: 1 },
      secrets: { k: 'secret-1' },
    });
    expect(created.status).toBe(201);
    const seenCreate = await on(b)('GET', '/v1/connections/shared');
    expect(seenCreate.body.value).toEqual({ v: 1 });
    const revealed = await on(b)('POST', '/v1/connections/shared/resolve', { reveal: true });
    expect(revealed.body.inputs.k).toBe('secret-1');

    // a warms its cache with v1, then b changes it: a may serve v1 from its cache, but not a second later
    expect((await on(a)('GET', '/v1/connections/shared')).body.value.v).toBe(1);
    expect((await on(a)('POST', '/v1/connections/shared/resolve', {})).body.inputs.v).toBe(1);
    expect((await on(b)('PATCH', '/v1/connections/shared', { value: { v: 2 } })).status).toBe(200);
    await oneSecondLater(async () => {
      expect((await on(a)('GET', '/v1/connections/shared')).body.value.v).toBe(2);
      const resolved = await on(a)('POST', '/v1/connections/shared/resolve', {});
      expect(resolved.body.inputs.v).toBe(2);
    });
  });

  it('a token revoked on one replica stops working on the other within one second', async () => {
    const created = await on(a)('POST', '/v1/tokens', { name: 'short-lived', role: 'viewer' });
    const token = created.body.token as string;
    expect((await b.api('GET', '/v1/connections', undefined, { token })).status).toBe(200);
    expect((await on(a)('DELETE', `/v1/tokens/${created.body.id}`)).status).toBe(204);
    await oneSecondLater(async () => {
      expect((await b.api('GET', '/v1/connections', undefined, { token })).status).toBe(401);
    });
  });

  it('concurrent writes through both replicas keep one valid audit chain and one winner per version', async () => {
    await on(a)('POST', '/v1/connections', { tag: 'contended', type: 'generic', value: { n: 0 } });
    const patches = Array.from({ length: 40 }, (_, i) =>
      (i % 2 ? b : a).api(
        'PATCH',
        '/v1/connections/contended',
        { value: { n: i } },
        {
          token: adminToken,
          headers: { 'if-match': '"1"' },
        },
      ),
    );
    const statuses = (await Promise.all(patches)).map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    await Promise.all(
      Array.from({ length: 40 }, (_, i) => on(i % 2 ? a : b)('POST', '/v1/connections/shared/resolve', {})),
    );
    const verify = await on(b)('GET', '/v1/audit/verify');
    expect(verify.body).toMatchObject({ ok: true });
    expect(verify.body.count).toBeGreaterThan(40);
  });
});
