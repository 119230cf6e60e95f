/**
 * Issue 11, finding 6 (the smaller holes), each tried as an attacker would: anonymous floods of the
 * audit log, credentials that follow a redirect, a reveal minted by an admin who lacks it, readable
 * files, a session that outlives its token, the mask stored as a secret, and metadata addresses in
 * NAT64 or Alibaba form.
 */
import { statSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEgressGuard } from '../../src/task-kit/egress.js';
import { makeTestApp, type TestApp } from '../support/app.js';

let t: TestApp;
let runner: string;

beforeAll(async () => {
  t = await makeTestApp({ PATCHBAY_ANONYMOUS_RATE_LIMIT_PER_MINUTE: '1000' });
  runner = await t.token('runner');
});
afterAll(async () => t.close());

async function listen(
  handler: (headers: IncomingHttpHeaders, url: string) => [number, Record<string, string>],
) {
  const server: Server = createServer((req, res) => {
    const [status, headers] = handler(req.headers, req.url ?? '');
    res.writeHead(status, headers).end('ok');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe('http credentials travel only to their origin', () => {
  it('secret_headers are sealed, sent to the origin, and dropped with every unsafe header cross-origin', async () => {
    const seenB: IncomingHttpHeaders[] = [];
    const seenA: IncomingHttpHeaders[] = [];
    const b = await listen((h) => {
      seenB.push(h);
      return [200, { 'content-type': 'text/plain' }];
    });
    // `localhost` and 127.0.0.1 are different origins on the same machine
    const a = await listen((h) => {
      seenA.push(h);
      return [302, { location: `${b.url}/landed` }];
    });
    const created = await t.api('POST', '/v1/connections', {
      tag: 'api',
      type: 'http',
      value: {
        url: `${a.url}/start`,
        headers: { Accept: 'text/plain', Cookie: 'sid=CANARY-cookie', 'X-Trace': 'plain-value' },
      },
      secrets: { secret_headers: { 'X-Api-Key': 'CANARY-api-key' }, bearer_token: 'CANARY-bearer' },
    });
    expect(created.status).toBe(201);
    expect(created.body.secret_fields).toEqual(expect.arrayContaining(['secret_headers', 'bearer_token']));
    expect(created.text).not.toContain('CANARY-api-key');
    const run = await t.api('POST', '/v1/connections/api/connect', {}, { token: runner });
    expect(run.body.status).toBe('succeeded');
    expect(run.body.inputs.secret_headers).toBe('********');
    expect(seenA[0]!['x-api-key']).toBe('CANARY-api-key');
    expect(seenA[0]!.authorization).toBe('Bearer CANARY-bearer');
    const hop = seenB[0]!;
    for (const name of ['x-api-key', 'authorization', 'cookie', 'x-trace'])
      expect(hop[name], name).toBeUndefined();
    expect(hop.accept).toBe('text/plain');
    expect(run.text).not.toContain('CANARY-api-key');
    a.server.close();
    b.server.close();
  });
});

describe('secret values that could not be kept safe are refused', () => {
  it('the mask and one- or two-character secrets are 422 on create, credentials and patch', async () => {
    await t.api('POST', '/v1/connections', {
      tag: 'db',
      type: 'postgres',
      value: { host: 'h', database: 'd', user: 'u' },
    });
    for (const bad of ['********', 'a', 'ab']) {
      const attempts = [
        await t.api('POST', '/v1/connections', {
          tag: 'db2',
          type: 'postgres',
          value: { host: 'h' },
          secrets: { password: bad },
        }),
        await t.api('PUT', '/v1/connections/db/credentials', { password: bad }),
        await t.api('PATCH', '/v1/connections/db', { value: { password: bad } }),
        await t.api('POST', '/v1/connections', { tag: 'g2', type: 'generic', secrets: { k: bad } }),
      ];
      for (const res of attempts) {
        expect(res.status, `${bad}: ${res.text}`).toBe(422);
        expect(res.body.error.code).toBe('invalid_input');
      }
    }
    expect((await t.api('PUT', '/v1/connections/db/credentials', { password: 'abc' })).status).toBe(200);
  });
});

describe('tokens and sessions', () => {
  it('an admin without reveal cannot mint a token with reveal', async () => {
    const plainAdmin = await t.token('admin', false);
    const denied = await t.api(
      'POST',
      '/v1/tokens',
      { name: 'x', role: 'runner', reveal: true },
      { token: plainAdmin },
    );
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe('forbidden');
    const allowed = await t.api('POST', '/v1/tokens', { name: 'y', role: 'runner', reveal: true });
    expect(allowed.status).toBe(201);
  });

  it('the workbench session cookie never outlives its token', async () => {
    const short = await t.api('POST', '/v1/tokens', { name: 's', role: 'viewer', expires_in_seconds: 90 });
    const res = await t.api('POST', '/v1/session', { token: short.body.token }, { token: null });
    expect(res.status).toBe(200);
    const cookies = ([] as string[]).concat(res.headers['set-cookie'] as string[]);
    expect(cookies.length).toBeGreaterThan(0);
    for (const cookie of cookies) {
      const maxAge = Number(/Max-Age=(\d+)/i.exec(cookie)?.[1]);
      expect(maxAge, cookie).toBeLessThanOrEqual(90);
    }
  });
});

describe('files', () => {
  it('the data directory is 0700 and every file in it 0600', async () => {
    await t.api('POST', '/v1/connections', { tag: 'f', type: 'generic', secrets: { k: 'CANARY-file' } });
    expect(statSync(t.dataDir).mode & 0o777).toBe(0o700);
    const { readdirSync } = await import('node:fs');
    const entries = readdirSync(t.dataDir, { recursive: true, encoding: 'utf8' });
    expect(entries.some((f) => f.endsWith('-wal'))).toBe(true);
    expect(
      entries.some((f) => f.startsWith('audit/')),
      'the audit journal lives in the data dir',
    ).toBe(true);
    // every directory inside (the audit journal's) is 0700 too, every file 0600
    for (const f of entries) {
      const stat = statSync(join(t.dataDir, f), { throwIfNoEntry: false });
      if (!stat) continue; // a journal segment ingested and removed since the listing
      expect(stat.mode & 0o777, f).toBe(stat.isDirectory() ? 0o700 : 0o600);
    }
  });
});

describe('egress refuses metadata addresses in every spelling', () => {
  it('Alibaba, NAT64 and mapped forms, given directly or by DNS', async () => {
    const forms = [
      '100.100.100.200',
      '64:ff9b::a9fe:a9fe',
      '64:ff9b::169.254.169.254',
      '[64:ff9b::a9fe:a9fe]',
      '64:ff9b::6464:64c8',
      '::ffff:169.254.169.254',
      'fd00:ec2::254',
    ];
    const guard = createEgressGuard({ allowCidrs: [] });
    for (const form of forms) await expect(guard.check(form), form).rejects.toThrow(/egress|refused/);
    const viaDns = createEgressGuard({
      allowCidrs: [],
      resolve: async () => ['8.8.8.8', '64:ff9b::a9fe:a9fe'],
    });
    await expect(viaDns.check('innocent.test')).rejects.toThrow(/refused/);
    const allowed = createEgressGuard({ allowCidrs: ['100.100.100.200/32'] });
    expect(await allowed.check('100.100.100.200')).toEqual(['100.100.100.200']);
  });
});

describe('anonymous denials', () => {
  it('are rate-limited per source: past the limit 429, a valid token still works', async () => {
    const limited = await makeTestApp({ PATCHBAY_ANONYMOUS_RATE_LIMIT_PER_MINUTE: '3' });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 5; i++)
        codes.push((await limited.api('GET', '/v1/connections', undefined, { token: 'pb_wrong' })).status);
      expect(codes).toEqual([401, 401, 401, 429, 429]);
      expect((await limited.api('GET', '/v1/connections')).status).toBe(200);
    } finally {
      await limited.close();
    }
  });

  it('are coalesced: one audit event per source and minute, with the count', async () => {
    for (let i = 0; i < 7; i++) {
      await t.api('GET', '/v1/connections', undefined, { token: i % 2 ? 'pb_guess' : null });
    }
    await t.patchbay.app.close(); // writes the minute's pending event
    const ws = (await t.patchbay.store.workspaces.getByName('default'))!;
    const page = await t.patchbay.store.audit.list(ws.id, { action: 'request.denied', limit: 100 });
    const anonymous = page.items.filter((e) => e.actor === 'anonymous');
    expect(anonymous.map((e) => e.details.count)).toEqual([7]);
    expect(anonymous[0]!.details.source).toBe('127.0.0.1');
  });
});
