import { describe, expect, it } from 'vitest';
import { type AuditEntry, createAuditLog } from '../../src/domain/audit-log.js';
import { makeDraft, makeExecution } from './builders.js';

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

  describe('group window for connects', () => {
    /** A log whose connects may wait `windowMs` while `running.n` calls are under way. */
    function windowed(windowMs: number, n: number) {
      const writer = heldWriter();
      const running = { n };
      const log = createAuditLog(writer.write, {
        maxInFlight: Number.POSITIVE_INFINITY,
        groupWindowMs: windowMs,
        running: () => running.n,
      });
      const ids = (batch: number) => writer.batches[batch]!.entries.map((entry) => entry.draft.requestId);
      return { writer, running, log, ids };
    }
    const connect = (requestId: string) => [makeDraft({ requestId }), makeExecution()] as const;

    it('does not hold a connect that is the only one running', async () => {
      const { writer, log, ids } = windowed(60_000, 1);
      const recorded = log.record(...connect('a'));
      await tick();
      expect(writer.batches).toHaveLength(1);
      expect(ids(0)).toEqual(['a']);
      writer.batches[0]!.release();
      await recorded;
    });

    it('holds connects while others run, and a resolve takes them along at once', async () => {
      const { writer, log, ids } = windowed(60_000, 3);
      const recorded = [log.record(...connect('a'))];
      await tick();
      recorded.push(log.record(...connect('b')));
      await tick();
      expect(writer.batches).toHaveLength(0);
      recorded.push(log.record(makeDraft({ requestId: 'resolve' })));
      await tick();
      expect(writer.batches).toHaveLength(1);
      expect(ids(0)).toEqual(['a', 'b', 'resolve']);
      writer.batches[0]!.release();
      await Promise.all(recorded);
    });

    it('writes the batch as soon as every running connect has recorded, counting those being written', async () => {
      const { writer, running, log, ids } = windowed(60_000, 2);
      const recorded = [log.record(...connect('a'))];
      await tick();
      expect(writer.batches).toHaveLength(0);
      recorded.push(log.record(...connect('b')));
      await tick();
      expect(writer.batches).toHaveLength(1);
      expect(ids(0)).toEqual(['a', 'b']);
      // a third starts while a and b are still being written: it is the last one yet to record
      running.n = 3;
      recorded.push(log.record(...connect('c')));
      await tick();
      expect(writer.batches).toHaveLength(2);
      writer.batches[0]!.release();
      writer.batches[1]!.release();
      await Promise.all(recorded);
      // a, b and c are stored and gone; two more are running: d waits for e, not for the old three
      running.n = 2;
      recorded.push(log.record(...connect('d')));
      await tick();
      expect(writer.batches).toHaveLength(2);
      recorded.push(log.record(...connect('e')));
      await tick();
      expect(ids(2)).toEqual(['d', 'e']);
      writer.batches[2]!.release();
      await Promise.all(recorded);
    });

    it('writes a held connect when its window ends, and drain waits for it', async () => {
      const { writer, log, ids } = windowed(5, 10);
      const recorded = log.record(...connect('a'));
      await tick();
      expect(writer.batches).toHaveLength(0);
      const drained = log.drain();
      expect(await settled(drained)).toBe(false);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(writer.batches).toHaveLength(1);
      expect(ids(0)).toEqual(['a']);
      expect(await settled(drained)).toBe(false);
      writer.batches[0]!.release();
      await recorded;
      await expect(drained).resolves.toBeUndefined();
    });

    it('fails a held connect when its batch fails, and keeps counting right after', async () => {
      const { writer, log, ids } = windowed(60_000, 2);
      const failed = log.record(...connect('a'));
      const passed = log.record(...connect('b'));
      await tick();
      writer.batches[0]!.release(new Error('EIO'));
      await expect(failed).rejects.toThrow('EIO');
      await expect(passed).rejects.toThrow('EIO');
      const again = [log.record(...connect('c'))];
      await tick();
      expect(writer.batches).toHaveLength(1);
      again.push(log.record(...connect('d')));
      await tick();
      expect(ids(1)).toEqual(['c', 'd']);
      writer.batches[1]!.release();
      await Promise.all(again);
    });
  });
});
