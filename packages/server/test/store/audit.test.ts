import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GENESIS_HASH, hashAuditEvent, verifyAuditChain } from '../../src/domain/audit-chain.js';
import type { AuditEvent } from '../../src/domain/model.js';
import type { AuditFilter, Store } from '../../src/domain/ports.js';
import { DIALECTS, openTestStore, type TestStore } from '../support/databases.js';
import { makeDraft, makeWorkspace } from './builders.js';

const execFileAsync = promisify(execFile);

async function scanAll(store: Store, workspaceId: string, pageSize = 100): Promise<AuditEvent[]> {
  const events: AuditEvent[] = [];
  for (;;) {
    const page = await store.audit.scan(workspaceId, events.at(-1)?.seq ?? 0, pageSize);
    events.push(...page);
    if (page.length < pageSize) return events;
  }
}

async function listAll(store: Store, workspaceId: string, filter: Omit<AuditFilter, 'cursor'>) {
  const events: AuditEvent[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.audit.list(workspaceId, { ...filter, cursor });
    events.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return events;
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: audit log`, () => {
    let t: TestStore;
    let store: Store;

    beforeAll(async () => {
      t = await openTestStore(dialect);
      store = t.store;
      for (const id of ['default', 'other', 'busy', 'replicas', 'processes', 'tx', 'guarded']) {
        await store.workspaces.create(makeWorkspace({ id }));
      }
    });
    afterAll(() => t?.cleanup());

    it('assigns seq, id, time and the hash chain, and stores exactly what it returned', async () => {
      const before = Date.now();
      const events = await store.audit.append([
        makeDraft({ details: { type: 'git', nested: { z: 1, a: [true] } } }),
        makeDraft({ action: 'connection.resolve', tag: null, requestId: null, outcome: 'denied' }),
      ]);
      expect(events.map((e) => e.seq)).toEqual([1, 2]);
      expect(events[0]!.prevHash).toBe(GENESIS_HASH);
      expect(events[1]!.prevHash).toBe(events[0]!.hash);
      expect(events[0]!.hash).toBe(hashAuditEvent(GENESIS_HASH, events[0]!));
      for (const event of events) {
        expect(event.id).toMatch(/^aud_[0-9A-HJKMNP-TV-Z]{26}$/);
        expect(event.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
        expect(Date.parse(event.at)).toBeGreaterThanOrEqual(before - 1000);
      }
      expect(await scanAll(store, 'default')).toEqual(events);
      const next = await store.audit.append([makeDraft()]);
      expect(next[0]).toMatchObject({ seq: 3, prevHash: events[1]!.hash });
    });

    it('keeps one chain per workspace, also in one append spanning workspaces', async () => {
      const events = await store.audit.append([
        makeDraft({ workspaceId: 'other', action: 'a1' }),
        makeDraft({ workspaceId: 'default', action: 'a2' }),
        makeDraft({ workspaceId: 'other', action: 'a3' }),
      ]);
      expect(events.map((e) => [e.workspaceId, e.action, e.seq])).toEqual([
        ['other', 'a1', 1],
        ['default', 'a2', 4],
        ['other', 'a3', 2],
      ]);
      expect(verifyAuditChain(await scanAll(store, 'other'))).toEqual({ ok: true, count: 2 });
      expect(verifyAuditChain(await scanAll(store, 'default'))).toEqual({ ok: true, count: 4 });
    });

    it('produces one valid chain from 60 concurrent appends', async () => {
      const batches = await Promise.all(
        Array.from({ length: 60 }, (_, i) =>
          store.audit.append(
            Array.from({ length: (i % 3) + 1 }, (_, j) =>
              makeDraft({ workspaceId: 'busy', action: `b${i}.${j}` }),
            ),
          ),
        ),
      );
      const total = batches.reduce((n, batch) => n + batch.length, 0);
      for (const batch of batches) {
        // a batch is contiguous: nobody else's event lands in the middle of it
        expect(batch.map((e) => e.seq)).toEqual(batch.map((_, j) => batch[0]!.seq + j));
      }
      const chain = await scanAll(store, 'busy', 17);
      expect(chain.map((e) => e.seq)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
      expect(verifyAuditChain(chain)).toEqual({ ok: true, count: total });
    });

    it.runIf(dialect === 'postgres')(
      'produces one valid chain when two store instances (two replicas) append concurrently',
      async () => {
        const replica = await t.openReplica();
        const appends = Array.from({ length: 80 }, (_, i) =>
          (i % 2 ? replica : store).audit.append([
            makeDraft({ workspaceId: 'replicas', action: `r${i}.0` }),
            makeDraft({ workspaceId: 'replicas', action: `r${i}.1` }),
          ]),
        );
        await Promise.all(appends);
        const chain = await scanAll(replica, 'replicas');
        expect(chain).toHaveLength(160);
        expect(new Set(chain.map((e) => e.action)).size).toBe(160);
        expect(verifyAuditChain(chain)).toEqual({ ok: true, count: 160 });
      },
    );

    // Two SQLite connections cannot share one thread (better-sqlite3 waits for a lock synchronously),
    // so the second writer is a real second process — as `patchbay` CLI commands beside a server are.
    it('produces one valid chain when another process appends at the same time', async () => {
      const options = JSON.stringify({ databaseUrl: t.url, dataDir: t.dataDir });
      const worker = execFileAsync(
        process.execPath,
        [
          '--import',
          'tsx',
          fileURLToPath(new URL('./audit-append-worker.ts', import.meta.url)),
          options,
          'processes',
          '40',
        ],
        { cwd: fileURLToPath(new URL('.', import.meta.url)) },
      );
      let finished = false;
      void worker
        .finally(() => {
          finished = true;
        })
        .catch(() => {});
      let mine = 0;
      while (!finished) {
        mine += (await store.audit.append([makeDraft({ workspaceId: 'processes', action: 'main' })])).length;
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      const theirs = Number((await worker).stdout);
      expect(theirs).toBe(80);
      const chain = await scanAll(store, 'processes');
      expect(chain).toHaveLength(mine + theirs);
      // the writers really overlapped: some of this process's events sit inside the worker's run
      const workerSeqs = chain.filter((e) => e.action.startsWith('worker')).map((e) => e.seq);
      const interleaved = chain.filter(
        (e) => e.action === 'main' && e.seq > workerSeqs[0]! && e.seq < workerSeqs.at(-1)!,
      );
      expect(interleaved.length).toBeGreaterThan(0);
      expect(verifyAuditChain(chain)).toEqual({ ok: true, count: mine + theirs });
    });

    it('joins the surrounding transaction: a rollback takes the events and the head with it', async () => {
      await store.audit.append([makeDraft({ workspaceId: 'tx' })]);
      const failure = new Error('abort the transaction');
      await expect(
        store.transaction(async (tx) => {
          const inside = await tx.audit.append([makeDraft({ workspaceId: 'tx', action: 'rolled.back' })]);
          expect(inside[0]!.seq).toBe(2);
          expect((await tx.audit.scan('tx', 0, 10)).map((e) => e.action)).toContain('rolled.back');
          throw failure;
        }),
      ).rejects.toBe(failure);
      expect((await scanAll(store, 'tx')).map((e) => e.seq)).toEqual([1]);
      const after = await store.audit.append([makeDraft({ workspaceId: 'tx' })]);
      expect(after[0]!.seq).toBe(2);
      expect(verifyAuditChain(await scanAll(store, 'tx'))).toEqual({ ok: true, count: 2 });
    });

    it('lists newest first with tag and action filters and a keyset cursor', async () => {
      const drafts = Array.from({ length: 45 }, (_, i) =>
        makeDraft({
          workspaceId: 'guarded',
          tag: i % 3 ? 'library' : 'db',
          action: i % 2 ? 'x.update' : 'x.resolve',
        }),
      );
      const appended = await store.audit.append(drafts);
      const newestFirst = [...appended].reverse();
      for (const limit of [1, 4, 45, 100]) {
        expect(await listAll(store, 'guarded', { limit })).toEqual(newestFirst);
      }
      expect(await listAll(store, 'guarded', { limit: 4, tag: 'db' })).toEqual(
        newestFirst.filter((e) => e.tag === 'db'),
      );
      expect(await listAll(store, 'guarded', { limit: 5, action: 'x.update', tag: 'library' })).toEqual(
        newestFirst.filter((e) => e.action === 'x.update' && e.tag === 'library'),
      );
      const last = await store.audit.list('guarded', { limit: 45 });
      expect(last.nextCursor).toBeNull();
      expect(await store.audit.list('nobody', { limit: 5 })).toEqual({ items: [], nextCursor: null });
    });

    it('is append-only in the database itself: UPDATE and DELETE raise', async () => {
      const raw = t.openRaw();
      const [event] = await store.audit.append([makeDraft({ workspaceId: 'guarded', action: 'protected' })]);
      await expect(
        raw.updateTable('audit_events').set({ actor: 'forger' }).where('id', '=', event!.id).execute(),
      ).rejects.toThrow(/append-only/);
      await expect(raw.deleteFrom('audit_events').where('id', '=', event!.id).execute()).rejects.toThrow(
        /append-only/,
      );
      await expect(raw.deleteFrom('audit_events').execute()).rejects.toThrow(/append-only/);
      if (dialect === 'postgres') {
        await expect(sql`truncate audit_events`.execute(raw)).rejects.toThrow(/append-only/);
      }
      const stored = (await scanAll(store, 'guarded')).find((e) => e.id === event!.id);
      expect(stored).toEqual(event);
    });

    it('lets verification find an event altered after it was read', async () => {
      const chain = await scanAll(store, 'default');
      const forged = chain.map((e) => (e.seq === 2 ? { ...e, actor: 'forger' } : e));
      expect(verifyAuditChain(forged)).toMatchObject({ ok: false, seq: 2 });
    });
  });
}
