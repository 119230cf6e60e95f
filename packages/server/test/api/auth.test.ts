import { Agent, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../support/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(async () => t.close());

describe('authentication', () => {
  it('every /v1 route needs a valid token; health, metrics and docs do not', async () => {
    const none = await t.api('GET', '/v1/connections', undefined, { token: null });
    expect(none.status).toBe(401);
    expect(none.body.error.code).toBe('unauthenticated');
    const wrong = await t.api('GET', '/v1/connections', undefined, { token: 'pb_not-a-real-token' });
    expect(wrong.status).toBe(401);
    for (const path of ['/healthz', '/readyz', '/metrics', '/openapi.json']) {
      expect((await t.api('GET', path, undefined, { token: null })).status).toBe(200);
    }
  });

  it('every documented operation but sign-in refuses a missing or unknown token', async () => {
    // the property itself, over every operation of openapi.json rather than a sample (the role
    // checks are in 'roles' below). Operations that need a body are validated first (400), so they
    // are left to the tests of their own routes.
    const spec = (await t.api('GET', '/openapi.json')).body as {
      paths: Record<string, Record<string, { security?: unknown[]; requestBody?: { required?: boolean } }>>;
    };
    let checked = 0;
    for (const [path, operations] of Object.entries(spec.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        if (Array.isArray(operation.security) && operation.security.length === 0) continue;
        if (operation.requestBody?.required) continue;
        const url = path.replace(/\{tag\}/g, 'library').replace(/\{[^}]+\}/g, 'x1');
        for (const token of [null, 'pb_not-a-real-token']) {
          const res = await t.api(method.toUpperCase(), url, undefined, { token });
          expect(res.status, `${method.toUpperCase()} ${url} with token ${token}`).toBe(401);
          expect(res.body.error.code).toBe('unauthenticated');
        }
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(20);
  });

  it('tokens are pb_ + 256 bits, shown once, listed without the secret, and revocable', async () => {
    const created = await t.api('POST', '/v1/tokens', { name: 'ci', role: 'viewer' });
    expect(created.status).toBe(201);
    expect(created.body.token).toMatch(/^pb_[A-Za-z0-9_-]{43,}$/);
    const secret = created.body.token as string;
    expect((await t.api('GET', '/v1/connections', undefined, { token: secret })).status).toBe(200);
    const list = await t.api('GET', '/v1/tokens');
    expect(list.text).not.toContain(secret);
    expect(list.body.items.find((x: { id: string }) => x.id === created.body.id)).toMatchObject({
      name: 'ci',
      role: 'viewer',
    });
    expect((await t.api('DELETE', `/v1/tokens/${created.body.id}`)).status).toBe(204);
    expect((await t.api('GET', '/v1/connections', undefined, { token: secret })).status).toBe(401);
    expect((await t.api('DELETE', '/v1/tokens/tok_nope')).status).toBe(404);
  });

  it('on one keep-alive connection each request is judged by its own token, and a revoked one stops at once', async () => {
    await t.patchbay.app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = t.patchbay.app.server.address() as AddressInfo;
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const ports = new Set<number>();
    const get = (path: string, token: string) =>
      new Promise<number>((resolve, reject) => {
        const req = request(
          { host: '127.0.0.1', port, path, agent, headers: { authorization: `Bearer ${token}` } },
          (res) => {
            ports.add(res.socket.localPort!);
            res.resume();
            res.on('end', () => resolve(res.statusCode!));
          },
        );
        req.on('error', reject);
        req.end();
      });
    try {
      const viewer = (await t.api('POST', '/v1/tokens', { name: 'same-socket', role: 'viewer' })).body;
      expect(await get('/v1/tokens', t.adminToken)).toBe(200);
      // the connection's last token was an admin's: another secret on it is looked up on its own
      expect(await get('/v1/tokens', viewer.token)).toBe(403);
      expect(await get('/v1/connections', viewer.token)).toBe(200);
      expect(await get('/v1/connections', `${viewer.token.slice(0, -1)}x`)).toBe(401);
      expect(await get('/v1/connections', 'pb_unknown')).toBe(401);
      expect(await get('/v1/tokens', t.adminToken)).toBe(200);
      expect(await get('/v1/connections', viewer.token)).toBe(200);
      expect((await t.api('DELETE', `/v1/tokens/${viewer.id}`)).status).toBe(204);
      expect(await get('/v1/connections', viewer.token)).toBe(401);
      expect(ports.size).toBe(1);
    } finally {
      agent.destroy();
    }
  });

  it('stores tokens only as hashes', async () => {
    const created = await t.api('POST', '/v1/tokens', { name: 'hashcheck', role: 'viewer' });
    const stored = await t.patchbay.store.tokens.get(
      (await t.patchbay.store.workspaces.getByName('default'))!.id,
      created.body.id,
    );
    expect(stored!.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(stored)).not.toContain(created.body.token);
  });

  it('an expired token is refused', async () => {
    const created = await t.api('POST', '/v1/tokens', {
      name: 'short',
      role: 'viewer',
      expires_in_seconds: 60,
    });
    expect(created.body.expires_at).toBeTruthy();
    const tooShort = await t.api('POST', '/v1/tokens', { name: 'x', role: 'viewer', expires_in_seconds: 1 });
    expect(tooShort.status).toBe(400);
  });
});

describe('roles', () => {
  it('viewer reads, runner resolves, editor changes, admin manages tokens and audit', async () => {
    const viewer = await t.token('viewer');
    const runner = await t.token('runner');
    const editor = await t.token('editor');
    await t.api('POST', '/v1/connections', { tag: 'r1', type: 'generic', value: { a: 1 } });

    expect((await t.api('GET', '/v1/connections/r1', undefined, { token: viewer })).status).toBe(200);
    const viewerResolve = await t.api('POST', '/v1/connections/r1/resolve', {}, { token: viewer });
    expect(viewerResolve.status).toBe(403);
    expect(viewerResolve.body.error.message).toContain('runner');
    expect((await t.api('POST', '/v1/connections/r1/resolve', {}, { token: runner })).status).toBe(200);
    expect((await t.api('PATCH', '/v1/connections/r1', { description: 'x' }, { token: runner })).status).toBe(
      403,
    );
    expect((await t.api('PATCH', '/v1/connections/r1', { description: 'x' }, { token: editor })).status).toBe(
      200,
    );
    expect((await t.api('POST', '/v1/tokens', { name: 'x', role: 'viewer' }, { token: editor })).status).toBe(
      403,
    );
    expect((await t.api('GET', '/v1/audit', undefined, { token: editor })).status).toBe(403);
    expect((await t.api('GET', '/v1/vault', undefined, { token: editor })).status).toBe(403);
  });

  it('denied requests are audit events (anonymous ones coalesced per source and minute)', async () => {
    const own = await makeTestApp();
    try {
      const viewer = await own.token('viewer');
      await own.api('DELETE', '/v1/connections/r1', undefined, { token: viewer });
      await own.api('GET', '/v1/connections', undefined, { token: 'pb_bogus' });
      await own.patchbay.app.close(); // writes the anonymous minute's event
      const ws = (await own.patchbay.store.workspaces.getByName('default'))!;
      const audit = await own.patchbay.store.audit.list(ws.id, { action: 'request.denied', limit: 100 });
      const outcomes = audit.items.map((e) => [e.outcome, e.details.code]);
      expect(outcomes).toContainEqual(['denied', 'forbidden']);
      expect(outcomes).toContainEqual(['denied', 'unauthenticated']);
      expect(JSON.stringify(audit.items)).not.toContain('pb_bogus');
    } finally {
      await own.close();
    }
  });
});

describe('workspaces', () => {
  it('an admin of default creates a workspace with its own admin token; nothing crosses workspaces', async () => {
    const created = await t.api('POST', '/v1/workspaces', { name: 'team-b' });
    expect(created.status).toBe(201);
    expect(created.body.workspace.name).toBe('team-b');
    const teamB = created.body.token.token as string;
    expect(created.body.token.role).toBe('admin');

    await t.api('POST', '/v1/connections', { tag: 'shared-name', type: 'generic', value: { ws: 'default' } });
    const invisible = await t.api('GET', '/v1/connections/shared-name', undefined, { token: teamB });
    expect(invisible.status).toBe(404);
    expect(invisible.body.error.code).toBe('connection_not_found');
    const sameTag = await t.api(
      'POST',
      '/v1/connections',
      { tag: 'shared-name', type: 'generic', value: { ws: 'b' } },
      { token: teamB },
    );
    expect(sameTag.status).toBe(201);
    expect(
      (await t.api('GET', '/v1/connections?limit=500', undefined, { token: teamB })).body.items,
    ).toHaveLength(1);
    const defaultView = await t.api('GET', '/v1/connections/shared-name');
    expect(defaultView.body.value).toEqual({ ws: 'default' });
    const otherAudit = await t.api('GET', '/v1/audit?limit=500', undefined, { token: teamB });
    expect(
      otherAudit.body.items.every((e: { tag: string | null }) => e.tag === null || e.tag === 'shared-name'),
    ).toBe(true);
    expect((await t.api('GET', '/v1/tokens', undefined, { token: teamB })).body.items).toHaveLength(1);

    expect((await t.api('POST', '/v1/workspaces', { name: 'team-c' }, { token: teamB })).status).toBe(403);
    const duplicate = await t.api('POST', '/v1/workspaces', { name: 'team-b' });
    expect(duplicate.status).toBe(422);
    expect(duplicate.body.error).toMatchObject({
      code: 'invalid_input',
      details: { issues: [{ path: 'name' }] },
    });
    const list = await t.api('GET', '/v1/workspaces');
    expect(list.body.items.map((w: { name: string }) => w.name).sort()).toEqual(['default', 'team-b']);
  });
});

describe('audit', () => {
  it('is hash-chained: every event links to the one before, and verify says ok', async () => {
    const page = await t.api('GET', '/v1/audit?limit=500');
    const events = page.body.items as { seq: number; prev_hash: string; hash: string }[];
    expect(events.length).toBeGreaterThan(5);
    for (let i = 0; i < events.length - 1; i++) {
      expect(events[i]!.seq).toBe(events[i + 1]!.seq + 1);
      expect(events[i]!.prev_hash).toBe(events[i + 1]!.hash);
    }
    const verified = await t.api('GET', '/v1/audit/verify');
    expect(verified.body).toMatchObject({ ok: true });
    expect(verified.body.count).toBeGreaterThanOrEqual(events.length);
  });
});

describe('responses', () => {
  it('every /v1 response says Cache-Control: no-store, with a request id', async () => {
    const seen = new Set<number>();
    for (const [method, url, token] of [
      ['GET', '/v1/types', undefined],
      ['GET', '/v1/connections/none', undefined],
      ['POST', '/v1/connections', undefined],
      ['GET', '/v1/connections', null],
      ['GET', '/v1/nothing-here', undefined],
      ['PUT', '/v1/connections', undefined],
      ['GET', '/v1/tokens/tok_1', undefined],
    ] as const) {
      const res = await t.api(method, url, method === 'POST' ? '{bad json' : undefined, {
        headers: method === 'POST' ? { 'content-type': 'application/json' } : {},
        ...(token === null ? { token } : {}),
      });
      seen.add(res.status);
      expect(res.headers['cache-control'], `${method} ${url}`).toBe('no-store');
      expect(res.headers['x-request-id'], `${method} ${url}`).toMatch(/^req_/);
    }
    expect([...seen].sort()).toEqual([200, 400, 401, 404, 405]);
    const health = await t.api('GET', '/healthz', undefined, { token: null });
    expect(health.headers['x-request-id']).toMatch(/^req_/);
    expect(health.headers['cache-control']).toBeUndefined();
  });

  it('an unknown route is a JSON not_found', async () => {
    const res = await t.api('GET', '/v1/nothing');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
  });
});

describe('rate limiting', () => {
  it('answers 429 rate_limited past PATCHBAY_RATE_LIMIT_PER_MINUTE, per token', async () => {
    const limited = await makeTestApp({ PATCHBAY_RATE_LIMIT_PER_MINUTE: '5' });
    try {
      const viewer = await limited.token('viewer'); // the admin's first request
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) statuses.push((await limited.api('GET', '/v1/types')).status);
      expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
      const res = await limited.api('GET', '/v1/types');
      expect(res.body.error.code).toBe('rate_limited');
      expect(res.body.error.message).toContain('slow down');
      // another token has its own budget
      expect((await limited.api('GET', '/v1/types', undefined, { token: viewer })).status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});
