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
});
