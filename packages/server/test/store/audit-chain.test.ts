import { describe, expect, it } from 'vitest';
import {
  canonicalJson,
  GENESIS_HASH,
  hashAuditEvent,
  type UnhashedAuditEvent,
  verifyAuditChain,
} from '../../src/domain/audit-chain.js';
import { createIdGenerator, idTime, newId } from '../../src/domain/ids.js';
import type { AuditEvent } from '../../src/domain/model.js';

function chainOf(count: number, workspaceId = 'default'): AuditEvent[] {
  const events: AuditEvent[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= count; seq++) {
    const unhashed: UnhashedAuditEvent = {
      workspaceId,
      seq,
      id: newId('aud'),
      at: new Date(1_700_000_000_000 + seq).toISOString(),
      actor: 'tok_1',
      action: 'connection.update',
      tag: seq % 2 ? 'library' : null,
      outcome: 'success',
      requestId: `req-${seq}`,
      details: { seq, fields: ['a', 'b'] },
    };
    const hash = hashAuditEvent(prevHash, unhashed);
    events.push({ ...unhashed, prevHash, hash });
    prevHash = hash;
  }
  return events;
}

describe('audit chain', () => {
  it('writes canonical JSON with keys sorted at every level', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: null, y: 'x' }], c: true }, u: undefined })).toBe(
      '{"a":{"c":true,"d":[3,{"y":"x","z":null}]},"b":1}',
    );
    expect(canonicalJson({ 10: 'x', 9: 'y', a: 'z' })).toBe('{"10":"x","9":"y","a":"z"}');
    // sorted at the top, not below; toJSON and undefined items inside an already sorted object
    expect(canonicalJson({ a: { z: 1, y: 2 }, b: [undefined, new Date(0)] })).toBe(
      '{"a":{"y":2,"z":1},"b":[null,"1970-01-01T00:00:00.000Z"]}',
    );
    expect(canonicalJson({ a: 1, b: { c: [1, { d: 'x' }] }, e: undefined, f: () => 1 })).toBe(
      '{"a":1,"b":{"c":[1,{"d":"x"}]}}',
    );
  });

  it('hashes as every earlier release did, whatever the key order of the details', () => {
    // golden hashes from the release before canonicalJson's sorted fast path: stored chains still verify
    const event: UnhashedAuditEvent = {
      workspaceId: 'ws_golden',
      seq: 7,
      id: 'aud_golden',
      at: '2026-12-03T09:00:00.000Z',
      actor: 'token:tok_golden (ci)',
      action: 'connection.connect',
      tag: 'library',
      outcome: 'success',
      requestId: null,
      details: {
        status: 'succeeded',
        overrides: ['ref'],
        execution_id: 'exe_1',
        masked_in_output: 0,
        nested: { z: [1, { b: true, a: null }], 10: 'x', 9: 'y' },
      },
    };
    const prev = 'f'.repeat(64);
    expect(hashAuditEvent(prev, event)).toBe(
      '02843f5227259c479d43770caccbdc5e7e000ef869684d8ad3b7776e9491f67e',
    );
    const sorted = { execution_id: 'exe_1', masked_in_output: 0, overrides: ['ref'], status: 'succeeded' };
    const unsorted = { status: 'succeeded', overrides: ['ref'], masked_in_output: 0, execution_id: 'exe_1' };
    for (const details of [sorted, unsorted]) {
      expect(hashAuditEvent(prev, { ...event, details })).toBe(
        'caff74969a81d2756eaba981f474e20e87f7878575f23f5d314185adfb82dae0',
      );
    }
  });

  it('hashes sha256 over the canonical JSON of the listed fields and prevHash', async () => {
    const [event, withNulls] = chainOf(2);
    const { createHash } = await import('node:crypto');
    const { hash, ...body } = event!;
    expect(hash).toBe(createHash('sha256').update(canonicalJson(body)).digest('hex'));
    // tag null, request id null: still the canonical JSON of every field
    const { hash: nullsHash, ...nullsBody } = { ...withNulls!, requestId: null };
    expect(hashAuditEvent(nullsBody.prevHash, nullsBody)).toBe(
      createHash('sha256').update(canonicalJson(nullsBody)).digest('hex'),
    );
    expect(nullsHash).not.toBe(hashAuditEvent(nullsBody.prevHash, nullsBody));
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    // key order of the input does not matter, every field does
    const reordered = Object.fromEntries(Object.entries(event!).reverse()) as AuditEvent;
    expect(hashAuditEvent(GENESIS_HASH, reordered)).toBe(hash);
    for (const change of [
      { actor: 'x' },
      { seq: 2 },
      { details: { seq: 1, fields: ['b', 'a'] } },
      { tag: 'other' },
    ]) {
      expect(hashAuditEvent(GENESIS_HASH, { ...event!, ...change })).not.toBe(hash);
    }
    expect(hashAuditEvent('1'.repeat(64), event!)).not.toBe(hash);
  });

  it('verifies an intact chain, also page by page', () => {
    const events = chainOf(10);
    expect(verifyAuditChain(events)).toEqual({ ok: true, count: 10 });
    expect(verifyAuditChain(events.slice(4), events[3]!.hash, 4)).toEqual({ ok: true, count: 6 });
    expect(verifyAuditChain(events.slice(4), events[3]!.hash)).toEqual({ ok: true, count: 6 });
    expect(verifyAuditChain([])).toEqual({ ok: true, count: 0 });
  });

  it('names the first broken seq and why', () => {
    const events = chainOf(6);
    const edited = events.map((e) => (e.seq === 3 ? { ...e, details: { seq: 3, fields: [] } } : e));
    expect(verifyAuditChain(edited)).toMatchObject({
      ok: false,
      seq: 3,
      reason: expect.stringMatching(/hash/),
    });
    const removed = events.filter((e) => e.seq !== 4);
    expect(verifyAuditChain(removed)).toMatchObject({
      ok: false,
      seq: 5,
      reason: expect.stringMatching(/seq 4/),
    });
    const rehashed = [...events];
    const forged = { ...events[1]!, actor: 'forger' };
    rehashed[1] = { ...forged, hash: hashAuditEvent(forged.prevHash, forged) };
    expect(verifyAuditChain(rehashed)).toMatchObject({
      ok: false,
      seq: 3,
      reason: expect.stringMatching(/prev_hash/),
    });
    expect(verifyAuditChain(events.slice(1))).toMatchObject({ ok: false, seq: 2 });
    expect(verifyAuditChain([...chainOf(2), ...chainOf(3, 'other').slice(2)])).toMatchObject({
      ok: false,
      seq: 3,
    });
  });
});

describe('ids', () => {
  it('makes prefix_ + 26 Crockford base32 characters carrying the time', () => {
    const before = Date.now();
    const id = newId('exe');
    expect(id).toMatch(/^exe_[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(idTime(id)).toBeGreaterThanOrEqual(before);
    expect(idTime(id)).toBeLessThanOrEqual(Date.now());
  });

  it('is strictly increasing within one millisecond and when the clock steps back', () => {
    let now = 1_700_000_000_000;
    const next = createIdGenerator(() => now);
    const ids = Array.from({ length: 5000 }, (_, i) => {
      if (i === 2500) now -= 10;
      return next('x');
    });
    for (let i = 1; i < ids.length; i++) expect(ids[i]! > ids[i - 1]!).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('orders by time across milliseconds', () => {
    let now = 1_000;
    const next = createIdGenerator(() => now);
    const early = next('a');
    now = 1_001;
    expect(next('a') > early).toBe(true);
    expect(idTime(early)).toBe(1_000);
  });
});
