import { execFile } from 'node:child_process';
import {
  appendFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { GENESIS_HASH, verifyAuditChain } from '../../src/domain/audit-chain.js';
import { createAuditLog } from '../../src/domain/audit-log.js';
import { newId } from '../../src/domain/ids.js';
import {
  type AuditJournalOptions,
  createAuditJournal,
  type JournalRange,
} from '../../src/store/audit-journal.js';
import { createStore, SQLITE_FILE } from '../../src/store/create-store.js';
import { nodeJournalFiles } from '../../src/store/journal-files.js';
import { listSegments, parseSegment, readJournal, segmentName } from '../../src/store/journal-records.js';
import { withJournal } from '../../src/store/journal-store.js';
import { journalDir } from '../../src/store/sqlite-journal.js';
import { createSqliteJournalIngester } from '../../src/store/sqlite-journal-ingester.js';
import { type Faults, faultyFiles, memoryFiles } from '../support/journal-files.js';
import { makeDraft, makeExecution, makeWorkspace } from './builders.js';

const tick = () => new Promise((resolve) => setImmediate(resolve));

async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  promise.then(
    () => (done = true),
    () => (done = true),
  );
  await tick();
  return done;
}

const dirs: string[] = [];
/** The table's ingestion thread over the journal in `dataDir`, started; any error fails the test. */
async function startIngester(dataDir: string, onIngested: (group: number) => void) {
  const ingester = createSqliteJournalIngester({
    file: join(dataDir, SQLITE_FILE),
    dir: journalDir(dataDir),
    onIngested,
    onError: (error) => {
      throw error;
    },
    pauseMs: 1,
  });
  await ingester.start();
  return ingester;
}

const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'patchbay-journal-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function journalOn(overrides: Partial<AuditJournalOptions> = {}) {
  const memory = memoryFiles();
  const written: number[] = [];
  const journal = createAuditJournal({
    dir: '/journal',
    files: memory.files,
    sync: 'interval',
    heads: new Map(),
    segment: 1,
    onWritten: (group) => written.push(group),
    onSyncError: () => undefined,
    ...overrides,
  });
  const lines = () => [...memory.state.contents.values()].flatMap((data) => parseSegment(data.toString()));
  return { journal, memory, written, lines };
}

describe('audit journal', () => {
  it('writes what one turn of the event loop records as one group: one write, one chain', async () => {
    const { journal, memory, lines } = journalOn();
    const log = createAuditLog(async (entries) => void (await journal.append(entries)), {
      maxInFlight: Number.POSITIVE_INFINITY,
    });
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        log.record(makeDraft({ requestId: `r${i}` }), i === 3 ? makeExecution() : undefined),
      ),
    );
    expect(memory.state.appends).toBe(1);
    const groups = lines();
    expect(groups).toHaveLength(1);
    const records = groups[0]!.records;
    expect(records.map((r) => r.event.requestId)).toEqual(Array.from({ length: 10 }, (_, i) => `r${i}`));
    expect(records[3]!.execution?.id).toBe('exe_1');
    expect(verifyAuditChain(records.map((r) => r.event))).toEqual({ ok: true, count: 10 });
    await log.record(makeDraft({ requestId: 'next' }));
    expect(memory.state.appends).toBe(2);
    expect(verifyAuditChain(lines().flatMap((g) => g.records.map((r) => r.event))).ok).toBe(true);
  });

  it('always: answers only after fdatasync; syncs asked for while one runs share the next', async () => {
    const { journal, memory } = journalOn({ sync: 'always' });
    memory.state.holdSync = true;
    const first = journal.append([{ draft: makeDraft() }]);
    expect(await settled(first)).toBe(false);
    expect(memory.state.syncs).toHaveLength(1);
    const second = journal.append([{ draft: makeDraft() }]);
    const third = journal.append([{ draft: makeDraft() }]);
    memory.state.syncs[0]!.release();
    await first;
    expect(await settled(second)).toBe(false);
    expect(memory.state.syncs).toHaveLength(2);
    memory.state.syncs[1]!.release();
    expect((await second)[0]!.seq).toBe(2);
    expect((await third)[0]!.seq).toBe(3);
  });

  it('always: a failed fdatasync fails the call, and the next group goes to a new segment', async () => {
    const { journal, memory } = journalOn({ sync: 'always' });
    memory.state.holdSync = true;
    const failing = journal.append([{ draft: makeDraft() }]);
    memory.state.syncs[0]!.release(new Error('EIO: i/o error, fdatasync'));
    await expect(failing).rejects.toThrow(/could not be synced to disk \(EIO/);
    memory.state.holdSync = false;
    await journal.append([{ draft: makeDraft() }]);
    expect([...memory.state.contents.keys()]).toEqual([
      join('/journal', segmentName(1)),
      join('/journal', segmentName(2)),
    ]);
  });

  it('interval: answers once the group is in the OS, and syncs it soon after', async () => {
    const { journal, memory } = journalOn({ sync: 'interval', syncIntervalMs: 1 });
    memory.state.holdSync = true;
    const events = await journal.append([{ draft: makeDraft() }]);
    expect(events[0]!.seq).toBe(1);
    expect(memory.state.syncs).toHaveLength(0);
    while (memory.state.syncs.length === 0) await new Promise((resolve) => setTimeout(resolve, 1));
    memory.state.holdSync = false;
    memory.state.syncs[0]!.release();
    await journal.close();
  });

  it('keeps each unacknowledged group as written and gives back the events append answered', async () => {
    const { journal } = journalOn();
    const execution = makeExecution();
    const first = await journal.append([{ draft: makeDraft({ requestId: 'one' }) }]);
    const second = await journal.append([
      { draft: makeDraft({ requestId: 'two', details: { overrides: ['ref'], revealed: false } }), execution },
      { draft: makeDraft({ requestId: 'three', tag: null }) },
    ]);
    expect(journal.tail()).toEqual([
      { group: 1, records: [{ event: first[0] }] },
      { group: 2, records: [{ event: second[0], execution }, { event: second[1] }] },
    ]);
    // a read twice over sees the same records, and an acknowledged group leaves the tail
    expect(journal.tail()[1]).toBe(journal.tail()[1]);
    journal.ingested(1);
    expect(journal.tail().map((g) => g.group)).toEqual([2]);
    expect(
      verifyAuditChain(
        journal.tail()[0]!.records.map((r) => r.event),
        first[0]!.hash,
      ).ok,
    ).toBe(true);
    await journal.close();
  });

  it('fails a group the file layer refuses, cuts the file back, and keeps the chain where it was', async () => {
    const faults: Parameters<typeof faultyFiles>[0] = {};
    const memory = memoryFiles();
    const { journal } = journalOn({ files: faultyFiles(faults, memory.files) });
    memory.files.list('/journal');
    await journal.append([{ draft: makeDraft({ requestId: 'before' }) }]);
    Object.assign(faults, { append: 'ENOSPC', partial: 25 });
    await expect(journal.append([{ draft: makeDraft({ requestId: 'lost' }) }])).rejects.toThrow(
      /audit journal could not be written \(ENOSPC: no space left on device/,
    );
    expect(journal.tail().flatMap((g) => g.records.map((r) => r.event.requestId))).toEqual(['before']);
    Object.assign(faults, { append: undefined });
    const [after] = await journal.append([{ draft: makeDraft({ requestId: 'after' }) }]);
    expect(after!.seq).toBe(2);
    const stored = readJournal(memory.files, '/journal').flatMap((g) => g.records.map((r) => r.event));
    expect(stored.map((e) => e.requestId)).toEqual(['before', 'after']);
    expect(verifyAuditChain(stored).ok).toBe(true);
  });

  it('moves to a new segment when a failed write cannot be cut back; the torn line never counts', async () => {
    const faults: Parameters<typeof faultyFiles>[0] = {};
    const memory = memoryFiles();
    const journal = createAuditJournal({
      dir: '/journal',
      files: faultyFiles(faults, memory.files),
      sync: 'interval',
      heads: new Map(),
      segment: 1,
      onWritten: () => undefined,
      onSyncError: () => undefined,
    });
    await journal.append([{ draft: makeDraft({ requestId: 'one' }) }]);
    Object.assign(faults, { append: 'EIO', partial: 40, truncate: true });
    await expect(journal.append([{ draft: makeDraft({ requestId: 'torn' }) }])).rejects.toThrow(/EIO/);
    Object.assign(faults, { append: undefined, truncate: false });
    await journal.append([{ draft: makeDraft({ requestId: 'two' }) }]);
    expect(memory.state.contents.size).toBe(2);
    const stored = readJournal(memory.files, '/journal').flatMap((g) => g.records.map((r) => r.event));
    expect(stored.map((e) => [e.requestId, e.seq])).toEqual([
      ['one', 1],
      ['two', 2],
    ]);
  });

  it('refuses a journal altered in the middle', () => {
    expect(() => parseSegment('{"group":1,"records":[]}\nnot json\n{"group":3}\n', 'x')).toThrow(
      /x line 2 is not valid JSON/,
    );
  });
});

/** An ingester of `dataDir`'s journal that ignores what it reports. */
const quietIngester = (dataDir: string) =>
  createSqliteJournalIngester({
    file: join(dataDir, SQLITE_FILE),
    dir: journalDir(dataDir),
    onIngested: () => undefined,
    onError: () => undefined,
  });

describe('sqlite: journal tail, ingestion and replay', () => {
  it('shows written events and executions before the table has them, and once it has them, once', async () => {
    const dataDir = tempDir();
    const table = await createStore({ dataDir });
    await table.workspaces.create(makeWorkspace());
    const dir = journalDir(dataDir);
    const sent: [number, JournalRange][] = [];
    const journal = createAuditJournal({
      dir,
      files: nodeJournalFiles(),
      sync: 'interval',
      heads: new Map(),
      segment: 1,
      onWritten: (group, at) => sent.push([group, at]),
      onSyncError: () => undefined,
    });
    const store = withJournal(table, journal);
    const execution = makeExecution({ id: newId('exe') });
    await journal.append([
      { draft: makeDraft({ requestId: 'a', tag: 'x' }) },
      { draft: makeDraft(), execution },
    ]);
    await store.transaction((tx) => tx.audit.append([makeDraft({ requestId: 'in-tx', tag: 'x' })]));
    expect(await table.audit.scan('default', 0, 10)).toEqual([]);

    const listed = await store.audit.list('default', { tag: 'x', limit: 1 });
    expect(listed.items.map((e) => e.requestId)).toEqual(['in-tx']);
    const older = await store.audit.list('default', { tag: 'x', limit: 1, cursor: listed.nextCursor! });
    expect(older.items.map((e) => e.requestId)).toEqual(['a']);
    expect(older.nextCursor).toBeNull();
    expect((await store.executions.get('default', execution.id))?.id).toBe(execution.id);
    expect((await store.executions.list('default', { limit: 5 })).items.map((e) => e.id)).toEqual([
      execution.id,
    ]);

    const ingester = await startIngester(dataDir, (group) => journal.ingested(group));
    for (const [group, at] of sent) ingester.send(group, at);
    await ingester.close();
    expect(journal.tail()).toEqual([]);
    const all = await store.audit.scan('default', 0, 10);
    expect(all.map((e) => e.requestId)).toEqual(['a', 'req-1', 'in-tx']);
    expect(verifyAuditChain(all).ok).toBe(true);
    expect((await table.executions.get('default', execution.id))?.id).toBe(execution.id);
    await journal.close();
    await table.close();
  });

  it('the ingestion reads its groups from several segments, and never what a failed write left', async () => {
    const dataDir = tempDir();
    const table = await createStore({ dataDir });
    await table.workspaces.create(makeWorkspace());
    const dir = journalDir(dataDir);
    const faults: Faults = {};
    const ingester = await startIngester(dataDir, (group) => journal.ingested(group));
    const journal = createAuditJournal({
      dir,
      files: faultyFiles(faults),
      sync: 'interval',
      heads: new Map(),
      segment: 1,
      // a few groups per segment: the ranges of one batch span segments
      segmentBytes: 1500,
      onWritten: (group, at) => ingester.send(group, at),
      onSyncError: () => undefined,
    });
    const append = (requestId: string) => journal.append([{ draft: makeDraft({ requestId }) }]);
    for (let i = 0; i < 6; i++) await append(`r${i}`);
    // a torn write that cannot be cut back: its bytes stay at the end of that segment
    Object.assign(faults, { append: 'EIO', partial: 40, truncate: true });
    await expect(append('lost')).rejects.toThrow(/audit journal could not be written/);
    Object.assign(faults, { append: undefined, truncate: false });
    for (let i = 6; i < 9; i++) await append(`r${i}`);
    expect(listSegments(nodeJournalFiles(), dir).length).toBeGreaterThan(2);

    await ingester.close();
    const all = await table.audit.scan('default', 0, 20);
    expect(all.map((e) => e.requestId)).toEqual(['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7', 'r8']);
    expect(verifyAuditChain(all).ok).toBe(true);
    expect(journal.tail()).toEqual([]);
    await journal.close();
    await table.close();
  });

  it('replays at start what the table missed, skips a torn last line, and replays idempotently', async () => {
    const dataDir = tempDir();
    const table = await createStore({ dataDir });
    await table.workspaces.create(makeWorkspace());
    await table.workspaces.create(makeWorkspace({ id: 'other' }));
    await table.audit.append([makeDraft({ requestId: 'in-table' })]);
    const head = (await table.audit.scan('default', 0, 1))[0]!;
    const dir = journalDir(dataDir);
    const journal = createAuditJournal({
      dir,
      files: nodeJournalFiles(),
      sync: 'always',
      heads: new Map([['default', { seq: head.seq, hash: head.hash }]]),
      segment: 1,
      onWritten: () => undefined,
      onSyncError: () => undefined,
    });
    const execution = makeExecution({ id: newId('exe') });
    await journal.append([{ draft: makeDraft({ requestId: 'j1' }), execution }]);
    await journal.append([{ draft: makeDraft({ requestId: 'j2', workspaceId: 'other' }) }]);
    await journal.close();
    const segment = join(dir, segmentName(1));
    appendFileSync(segment, '{"group":3,"records":[{"event":');
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(segment).mode & 0o777).toBe(0o600);

    for (let start = 0; start < 2; start++) {
      const ingester = quietIngester(dataDir);
      const replayed = await ingester.start();
      await ingester.close();
      expect(replayed.segments).toEqual([1]);
      expect(replayed.heads.get('default')?.seq).toBe(2);
      expect(replayed.heads.get('other')?.seq).toBe(1);
    }
    const events = await table.audit.scan('default', 0, 10);
    expect(events.map((e) => e.requestId)).toEqual(['in-table', 'j1']);
    expect(verifyAuditChain(events).ok).toBe(true);
    expect(verifyAuditChain(await table.audit.scan('other', 0, 10), GENESIS_HASH)).toEqual({
      ok: true,
      count: 1,
    });
    expect((await table.executions.get('default', execution.id))?.id).toBe(execution.id);
    await table.close();
  });

  it.runIf(existsSync('/proc/thread-self'))(
    'ingests at a lower priority than the threads answering calls (Linux, per thread)',
    async () => {
      const niceOfThreads = () =>
        readdirSync('/proc/self/task').map((tid) => {
          const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
          // fields after "(comm) ": state is field 3, nice field 19
          return { tid: Number(tid), nice: Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]) };
        });
      const dataDir = tempDir();
      const table = await createStore({ dataDir });
      await table.close();
      const before = niceOfThreads();
      const ingester = quietIngester(dataDir);
      await ingester.start();
      const started = niceOfThreads().filter((t) => !before.some((b) => b.tid === t.tid));
      // ten steps nicer than the process (which a test run may itself have been started niced)
      const base = before.find((t) => t.tid === process.pid)!.nice;
      const lowered = niceOfThreads().filter((t) => t.nice !== base);
      await ingester.close();
      expect(lowered.map((t) => t.nice)).toEqual([Math.min(19, base + 10)]);
      expect(started.map((t) => t.tid)).toContain(lowered[0]!.tid);
      // the process and its other threads keep their priority; the thread is gone after close
      expect(niceOfThreads().filter((t) => t.nice !== base)).toEqual([]);
    },
  );

  it('a process that writes one group and ends without closing exits by itself; the next start replays it', async () => {
    const script = fileURLToPath(new URL('../support/audit-journal-script.ts', import.meta.url));
    const dataDir = tempDir();
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', script, dataDir], {
      timeout: 20_000,
    });
    expect(stdout).toBe('written\n');
    const ingester = quietIngester(dataDir);
    await ingester.start();
    await ingester.close();
    const reopened = await createStore({ dataDir });
    try {
      const events = await reopened.audit.scan('default', 0, 10);
      expect(events.map((event) => event.requestId)).toEqual(['from-script']);
    } finally {
      await reopened.close();
    }
    expect(readdirSync(journalDir(dataDir)).length).toBeGreaterThan(0);
  });
});
