import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { call, startChildServer } from '../support/child-server.js';

const dataDir = mkdtempSync(join(tmpdir(), 'pb-crash-'));
const token = `pb_${randomBytes(32).toString('base64url')}`;
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('crash safety', () => {
  it('after kill -9 mid-burst, every acknowledged write is present and its secret decrypts, every answered resolve audited', async () => {
    const env = { PATCHBAY_DATA_DIR: dataDir, PATCHBAY_ADMIN_TOKEN: token };
    const first = await startChildServer(env);
    const acknowledged = new Map<string, string>();
    let killed = false;
    // resolves answer only once their audit event is committed (by the SQLite writer thread)
    await call(first.url, token, 'POST', '/v1/connections', { tag: 'anchor', type: 'generic', value: {} });
    const answeredResolves: string[] = [];
    const resolver = async () => {
      while (!killed) {
        try {
          const res = await call(first.url, token, 'POST', '/v1/connections/anchor/resolve', {});
          if (res.status === 200 && res.requestId) answeredResolves.push(res.requestId);
        } catch {
          return; // the server is gone
        }
      }
    };
    const writer = async (worker: number) => {
      for (let i = 0; !killed; i++) {
        const tag = `w${worker}-${i}`;
        const secret = `secret-${worker}-${i}-${randomBytes(6).toString('hex')}`;
        try {
          const res = await call(first.url, token, 'POST', '/v1/connections', {
            tag,
            type: 'generic',
            value: { n: i },
            secrets: { password: secret },
          });
          if (res.status === 201) acknowledged.set(tag, secret);
        } catch {
          return; // the server is gone
        }
      }
    };
    const writers = [...Array.from({ length: 8 }, (_, w) => writer(w)), resolver(), resolver()];
    while (acknowledged.size < 150 || answeredResolves.length < 50)
      await new Promise((r) => setTimeout(r, 5));
    killed = true;
    await first.kill();
    await Promise.all(writers);
    expect(acknowledged.size).toBeGreaterThanOrEqual(150);

    const second = await startChildServer(env);
    try {
      let cursor: string | null = null;
      const stored = new Set<string>();
      do {
        const page = await call(
          second.url,
          token,
          'GET',
          `/v1/connections?limit=500${cursor ? `&cursor=${cursor}` : ''}`,
        );
        for (const c of page.body.items) stored.add(c.tag);
        cursor = page.body.next_cursor;
      } while (cursor);
      const missing = [...acknowledged.keys()].filter((tag) => !stored.has(tag));
      expect(missing).toEqual([]);
      for (const [tag, secret] of acknowledged) {
        const res = await call(second.url, token, 'POST', `/v1/connections/${tag}/resolve`, { reveal: true });
        expect(res.status).toBe(200);
        expect(res.body.inputs.password).toBe(secret);
      }
      const audit = await call(second.url, token, 'GET', '/v1/audit/verify');
      expect(audit.body.ok).toBe(true);

      const audited = new Set<string>();
      let auditCursor: string | null = null;
      do {
        const page = await call(
          second.url,
          token,
          'GET',
          `/v1/audit?tag=anchor&action=connection.resolve&limit=500${auditCursor ? `&cursor=${auditCursor}` : ''}`,
        );
        for (const event of page.body.items) audited.add(event.request_id);
        auditCursor = page.body.next_cursor;
      } while (auditCursor);
      expect(answeredResolves.length).toBeGreaterThanOrEqual(50);
      expect(answeredResolves.filter((id) => !audited.has(id))).toEqual([]);
    } finally {
      await second.stop();
    }
  }, 120_000);
});
