import { hash } from 'node:crypto';
import type { AuditEvent } from './model.js';

/** The `prevHash` of a workspace's first event. */
export const GENESIS_HASH = '0'.repeat(64);

/** An event as hashed: everything but its own hash and the link to the previous one. */
export type UnhashedAuditEvent = Omit<AuditEvent, 'hash' | 'prevHash'>;

export type ChainVerification = { ok: true; count: number } | { ok: false; seq: number; reason: string };

/**
 * JSON with object keys sorted at every level, so equal values always give equal text. Keys whose
 * value is `undefined` are left out, as `JSON.stringify` does.
 *
 * @example
 * canonicalJson({ b: 1, a: [true, null] }); // '{"a":[true,null],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  // JSON.stringify writes keys in the order Object.keys gives them: when that is already sorted at
  // every level (as the hashed form of an event is built), its text is the canonical text
  if (inCanonicalOrder(value)) return JSON.stringify(value) ?? 'null';
  return sortedJson(value);
}

/** Whether every object inside `value` lists its keys sorted and holds nothing JSON.stringify would transform. */
function inCanonicalOrder(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return true;
  if (Array.isArray(value)) {
    for (const item of value) if (!inCanonicalOrder(item)) return false;
    return true;
  }
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return false;
  const keys = Object.keys(value);
  for (let i = 0; i < keys.length; i++) {
    if (i > 0 && !(keys[i - 1]! < keys[i]!)) return false;
    if (!inCanonicalOrder((value as Record<string, unknown>)[keys[i]!])) return false;
  }
  return true;
}

function sortedJson(value: unknown): string {
  // the leaves first: most of an event's values are strings, and they need none of the checks below
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null || value === undefined) return 'null';
  const plain = (value as { toJSON?: () => unknown }).toJSON?.() ?? value;
  if (Array.isArray(plain)) return `[${plain.map((item) => sortedJson(item ?? null)).join(',')}]`;
  if (plain !== null && typeof plain === 'object') {
    // the default sort compares UTF-16 code units, as `<` does
    let text = '';
    for (const key of Object.keys(plain).sort()) {
      const item = (plain as Record<string, unknown>)[key];
      if (item === undefined || typeof item === 'function') continue;
      text += `${text === '' ? '' : ','}${JSON.stringify(key)}:${sortedJson(item)}`;
    }
    return `{${text}}`;
  }
  return JSON.stringify(plain) ?? 'null';
}

/**
 * The hash that links an event to its predecessor: sha256 hex of the canonical JSON of the event's
 * fields and `prevHash`.
 *
 * @example
 * const hash = hashAuditEvent(GENESIS_HASH, { workspaceId: 'default', seq: 1, id: 'aud_…', at, actor,
 *   action: 'connection.create', tag: 'library', outcome: 'success', requestId: null, details: {} });
 */
export function hashAuditEvent(prevHash: string, event: UnhashedAuditEvent): string {
  return hashedAuditEvent(prevHash, event).hash;
}

/**
 * The hash of {@link hashAuditEvent} and the event's JSON with it: the canonical text the hash
 * covers holds every field but `hash`, so the journal line reuses it instead of serialising the
 * event a second time.
 */
export function hashedAuditEvent(
  prevHash: string,
  event: UnhashedAuditEvent,
): { hash: string; json: string } {
  // the fields and prevHash in canonical (sorted) order, so canonicalJson needs to sort nothing above
  // the details; undefined fields are left out, as everywhere in canonicalJson
  const fields = {
    action: event.action,
    actor: event.actor,
    at: event.at,
    details: event.details,
    id: event.id,
    outcome: event.outcome,
    prevHash,
    requestId: event.requestId,
    seq: event.seq,
    tag: event.tag,
    workspaceId: event.workspaceId,
  } satisfies Record<HashedField, unknown>;
  // every field but the details is a string, a number or null: only the details can need a sort
  const text =
    typeof event.actor === 'string' && inCanonicalOrder(event.details)
      ? JSON.stringify(fields)
      : canonicalJson(fields);
  // one-shot: no Hash object per event
  const digest = hash('sha256', text, 'hex');
  return { hash: digest, json: `${text.slice(0, -1)},"hash":"${digest}"}` };
}

type HashedField = keyof UnhashedAuditEvent | 'prevHash';

/**
 * Checks a run of one workspace's events, oldest first: each links to the previous hash, has the
 * next seq and hashes to its stored hash. Verify a long chain in pages by passing the last hash and
 * seq of the previous page.
 *
 * @example
 * const result = verifyAuditChain(await store.audit.scan('default', 0, 1000));
 * if (!result.ok) console.error(`chain broken at seq ${result.seq}: ${result.reason}`);
 */
export function verifyAuditChain(
  events: readonly AuditEvent[],
  startPrevHash: string = GENESIS_HASH,
  afterSeq: number | undefined = startPrevHash === GENESIS_HASH ? 0 : undefined,
): ChainVerification {
  let prevHash = startPrevHash;
  let prevSeq = afterSeq ?? (events[0] ? events[0].seq - 1 : 0);
  const workspaceId = events[0]?.workspaceId;
  for (const event of events) {
    const fail = (reason: string): ChainVerification => ({ ok: false, seq: event.seq, reason });
    if (event.workspaceId !== workspaceId) return fail(`belongs to workspace '${event.workspaceId}'`);
    if (event.seq !== prevSeq + 1)
      return fail(`expected seq ${prevSeq + 1}; an event is missing or reordered`);
    if (event.prevHash !== prevHash) return fail('prev_hash does not match the previous event');
    if (hashAuditEvent(event.prevHash, event) !== event.hash) return fail('hash does not match the content');
    prevHash = event.hash;
    prevSeq = event.seq;
  }
  return { ok: true, count: events.length };
}
