import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createLogger, createPatchbay, type Patchbay } from '../../src/server.js';
import { journalDir } from '../../src/store/sqlite-journal.js';
import { type Faults, faultyFiles } from '../support/journal-files.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A server on `dataDir` whose audit journal writes through `faults`; calls go through inject. */
async function serve(dataDir: string, token: string, faults: Faults, sync = 'interval') {
  const config = loadConfig({
    PATCHBAY_DATA_DIR: dataDir,
    PATCHBAY_ADMIN_TOKEN: token,
    PATCHBAY_LOG_LEVEL: 'silent',
    PATCHBAY_AUDIT_SYNC: sync,
  });
  const patchbay: Patchbay = await createPatchbay(config, createLogger('silent'), {
    journalFiles: () => faultyFiles(faults),
  });
  const api = async (method: 'GET' | 'POST', url: string, body?: object) => {
    const res = await patchbay.app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${token}` },
      ...(body ? { payload: body } : {}),
    });
    return { status: res.statusCode, body: res.json(), requestId: String(res.headers['x-request-id']) };
  };
  return { patchbay, api };
}

const resolve = (api: Awaited<ReturnType<typeof serve>>['api']) =>
  api('POST', '/v1/connections/anchor/resolve', { inputs: { n: 2 } });

async function auditedRequestIds(api: Awaited<ReturnType<typeof serve>>['api']): Promise<Set<string>> {
  const page = await api('GET', '/v1/audit?limit=500');
  return new Set(page.body.items.map((event: { request_id: string }) => event.request_id));
}

describe('audit journal that cannot be written', () => {
  it('fails calls closed (500, nothing changed, nothing answered) on ENOSPC and EIO, then recovers; the chain verifies across a restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'patchbay-journal-fail-'));
    dirs.push(dataDir);
    const token = `pb_${randomBytes(32).toString('base64url')}`;
    const faults: Faults = {};
    const first = await serve(dataDir, token, faults);
    expect(
      (await first.api('POST', '/v1/connections', { tag: 'anchor', type: 'generic', value: { n: 1 } }))
        .status,
    ).toBe(201);
    expect((await resolve(first.api)).status).toBe(200);

    const refused: string[] = [];
    for (const fault of [
      { append: 'ENOSPC', partial: 30 },
      { append: 'EIO' },
      { append: 'EIO', partial: 50, truncate: true },
    ] as Faults[]) {
      Object.assign(faults, { append: undefined, partial: undefined, truncate: undefined }, fault);
      const res = await resolve(first.api);
      expect(res.status, JSON.stringify(fault)).toBe(500);
      expect(res.body.error.code).toBe('internal_error');
      expect(res.body.inputs).toBeUndefined();
      refused.push(res.requestId);
      // a change whose event cannot be written is not made either
      const create = await first.api('POST', '/v1/connections', {
        tag: 'during',
        type: 'generic',
        value: {},
      });
      expect(create.status).toBe(500);
      refused.push(create.requestId);
      expect((await first.api('GET', '/v1/connections/during')).status).toBe(404);
    }

    Object.assign(faults, { append: undefined, partial: undefined, truncate: undefined });
    const recovered = await resolve(first.api);
    expect(recovered.status).toBe(200);
    expect(recovered.body.inputs.n).toBe(2);
    expect((await first.api('GET', '/v1/audit/verify')).body).toMatchObject({ ok: true });
    const audited = await auditedRequestIds(first.api);
    expect(audited.has(recovered.requestId)).toBe(true);
    expect(refused.filter((id) => audited.has(id))).toEqual([]);
    // the torn write of the third fault made the journal move to a second segment
    expect(readdirSync(journalDir(dataDir)).length).toBeGreaterThanOrEqual(1);
    await first.patchbay.close();

    const second = await serve(dataDir, token, {});
    try {
      expect((await second.api('GET', '/v1/audit/verify')).body).toMatchObject({ ok: true });
      expect((await auditedRequestIds(second.api)).has(recovered.requestId)).toBe(true);
      expect((await resolve(second.api)).status).toBe(200);
    } finally {
      await second.patchbay.close();
    }
  });

  it('always: a failed fdatasync fails the call closed, and the next call succeeds', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'patchbay-journal-sync-'));
    dirs.push(dataDir);
    const token = `pb_${randomBytes(32).toString('base64url')}`;
    const faults: Faults = {};
    const server = await serve(dataDir, token, faults, 'always');
    try {
      expect(
        (await server.api('POST', '/v1/connections', { tag: 'anchor', type: 'generic', value: {} })).status,
      ).toBe(201);
      faults.sync = true;
      const failed = await resolve(server.api);
      expect(failed.status).toBe(500);
      expect(failed.body.inputs).toBeUndefined();
      faults.sync = false;
      expect((await resolve(server.api)).status).toBe(200);
      expect((await server.api('GET', '/v1/audit/verify')).body).toMatchObject({ ok: true });
    } finally {
      await server.patchbay.close();
    }
  });
});
