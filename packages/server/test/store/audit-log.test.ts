import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../src/domain/audit-chain.js';
import { type AuditEntry, createAuditLog } from '../../src/domain/audit-log.js';
import { newId } from '../../src/domain/ids.js';
import type { Store } from '../../src/domain/ports.js';
import { createStore, SQLITE_FILE } from '../../src/store/create-store.js';
import { createSqliteAuditWriter, type SqliteAuditWriter } from '../../src/store/sqlite-audit-writer.js';
import { openTestStore, type TestStore } from '../support/databases.js';
import { makeDraft, makeExecution, makeWorkspace } from './builders.js';

/** A writer that holds each batch until the test lets it go. */
function heldWriter() {
  const batches: { entries: AuditEntry[]; release(error?: Error): void }[] = [];
  const write = (entries: AuditEntry[]) =>
    new Promise<void>((resolve, reject) => {
      batches.push({ entries, release: (error) => (error ? reject(error) : resolve()) });
    });
  return { write, batches };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

/** Whether `promise` has settled, without waiting for it. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  promise.then(
    () => (done = true),
    () => (done = true),
  );
  await tick();
  return done;
}

describe('audit log group commit', () => {
  it('writes what one turn of the event loop records as one batch, and answers only once it is stored', async () => {
    const writer = heldWriter();
    const log = createAuditLog(writer.write);
    const first = log.record(makeDraft({ requestId: 'a' }));
    const second = log.record(makeDraft({ requestId: 'b' }), makeExecution());
    await tick();
    expect(writer.batches).toHaveLength(1);
    expect(writer.batches[0]!.entries.map((entry) => entry.draft.requestId)).toEqual(['a', 'b']);
    expect(writer.batches[0]!.entries[1]!.execution?.id).toBe(makeExecution().id);
    expect(await settled(first)).toBe(false);
    writer.batches[0]!.release();
    await expect(Promise.all([first, second])).resolves.toEqual([undefined, undefined]);
  });

  it('keeps at most maxInFlight batches at the writer; later entries wait and go together', async () => {
    const writer = heldWriter();
    const log = createAuditLog(writer.write, { maxInFlight: 1 });
    const first = log.record(makeDraft({ requestId: 'a' }));
    await tick();
    const later = [log.record(makeDraft({ requestId: 'b' }))];
    await tick();
    later.push(log.record(makeDraft({ requestId: 'c' })));
    await tick();
    expect(writer.batches).toHaveLength(1);
    writer.batches[0]!.release();
    await first;
    await tick();
    expect(writer.batches).toHaveLength(2);
    expect(writer.batches[1]!.entries.map((entry) => entry.draft.requestId)).toEqual(['b', 'c']);
    writer.batches[1]!.release();
    await Promise.all(later);
  });

  it('hands every turn its own batch when more may be in flight', async () => {
    const writer = heldWriter();
    const log = createAuditLog(writer.write, { maxInFlight: Number.POSITIVE_INFINITY });
    const recorded = [log.record(makeDraft())];
    await tick();
    recorded.push(log.record(makeDraft()));
    await tick();
    expect(writer.batches).toHaveLength(2);
    for (const batch of writer.batches) batch.release();
    await Promise.all(recorded);
  });

  it('fails only the callers of a failed batch; drain waits for everything', async () => {
    const writer = heldWriter();
    const log = createAuditLog(writer.write, { maxInFlight: 2 });
    const failing = log.record(makeDraft({ requestId: 'a' }));
    await tick();
    const passing = log.record(makeDraft({ requestId: 'b' }));
    await tick();
    const drained = log.drain();
    writer.batches[0]!.release(new Error('disk full'));
    await expect(failing).rejects.toThrow('disk full');
    expect(await settled(drained)).toBe(false);
    writer.batches[1]!.release();
    await expect(passing).resolves.toBeUndefined();
    await expect(drained).resolves.toBeUndefined();
    await expect(log.drain()).resolves.toBeUndefined();
  });
});

describe('sqlite: audit writer thread', () => {
  let t: TestStore;
  let store: Store;
  let writer: SqliteAuditWriter;

  beforeAll(async () => {
    t = await openTestStore('sqlite');
    store = t.store;
    await store.workspaces.create(makeWorkspace());
    writer = createSqliteAuditWriter(join(t.dataDir!, SQLITE_FILE));
  });
  afterAll(async () => {
    await writer.close();
    await t.cleanup();
  });

  it('keeps one chain while the thread and the main connection append side by side', async () => {
    const log = createAuditLog(writer.write, { maxInFlight: Number.POSITIVE_INFINITY });
    const recorded: Promise<void>[] = [];
    const executionIds: string[] = [];
    for (let round = 0; round < 20; round++) {
      for (let i = 0; i < 10; i++) {
        const execution = i % 3 === 0 ? makeExecution({ id: newId('exe') }) : undefined;
        if (execution) executionIds.push(execution.id);
        recorded.push(
          log.record(makeDraft({ action: 'connection.resolve', requestId: `r${round}.${i}` }), execution),
        );
      }
      // a connection change on the main thread's connection, between the thread's batches
      await store.transaction((tx) => tx.audit.append([makeDraft({ requestId: `main${round}` })]));
      await tick();
    }
    await Promise.all(recorded);
    await log.drain();

    const events = await store.audit.scan('default', 0, 10_000);
    expect(events).toHaveLength(220);
    expect(verifyAuditChain(events)).toEqual({ ok: true, count: 220 });
    const requestIds = new Set(events.map((event) => event.requestId));
    expect(requestIds.has('r19.9')).toBe(true);
    expect(requestIds.has('main19')).toBe(true);
    for (const id of executionIds) expect((await store.executions.get('default', id))?.id).toBe(id);
  });

  it('fails a batch that cannot be stored on its own; batches written in the same transaction are stored', async () => {
    const before = (await store.audit.scan('default', 0, 10_000)).length;
    const batch = (requestId: string, workspaceId = 'default') => [
      { draft: makeDraft({ workspaceId, requestId }) },
    ];
    // sent at once: the thread writes the first while the others arrive, then those three together
    const good = [writer.write(batch('good-1')), writer.write(batch('good-2'))];
    const bad = writer.write(batch('bad', 'no-such-workspace'));
    good.push(writer.write(batch('good-3')));
    await expect(bad).rejects.toThrow(/writing the audit log failed: FOREIGN KEY constraint failed/);
    await Promise.all(good);
    const after = await store.audit.scan('default', 0, 10_000);
    expect(after.slice(before).map((event) => event.requestId)).toEqual(['good-1', 'good-2', 'good-3']);
    expect(verifyAuditChain(after).ok).toBe(true);
  });

  it('says why the thread cannot start, to ready() and to every batch, and tries again on the next', async () => {
    const broken = createSqliteAuditWriter(join(t.dataDir!, 'no-such-directory', SQLITE_FILE));
    await expect(broken.ready()).rejects.toThrow(
      /the audit writer thread failed: .*directory does not exist/,
    );
    const entry = { draft: makeDraft() };
    await expect(broken.write([entry])).rejects.toThrow(/the audit writer thread (failed|stopped)/);
    await expect(broken.write([entry])).rejects.toThrow(/the audit writer thread (failed|stopped)/);
    await broken.close();
    await expect(writer.ready()).resolves.toBeUndefined();
  });

  it('keeps a process alive while it has batches to answer, and not when idle', async () => {
    const script = fileURLToPath(new URL('../support/audit-writer-script.ts', import.meta.url));
    const dataDir = await mkdtemp(join(tmpdir(), 'patchbay-writer-exit-'));
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', script, dataDir], {
      timeout: 20_000,
    });
    expect(stdout).toBe('written\n');
    const reopened = await createStore({ dataDir });
    try {
      const events = await reopened.audit.scan('default', 0, 10);
      expect(events.map((event) => event.requestId)).toEqual(['from-script']);
    } finally {
      await reopened.close();
    }
  });
});
