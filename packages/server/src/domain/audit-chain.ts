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
  // the leaves first: most of an event's values are strings, and they need none of the checks below
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null || value === undefined) return 'null';
  const plain = (value as { toJSON?: () => unknown }).toJSON?.() ?? value;
  if (Array.isArray(plain)) return `[${plain.map((item) => canonicalJson(item ?? null)).join(',')}]`;
  if (plain !== null && typeof plain === 'object') {
    // the default sort compares UTF-16 code units, as `<` does
    let text = '';
    for (const key of Object.keys(plain).sort()) {
      const item = (plain as Record<string, unknown>)[key];
      if (item === undefined || typeof item === 'function') continue;
      text += `${text === '' ? '' : ','}${JSON.stringify(key)}:${canonicalJson(item)}`;
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
  // canonicalJson of the fields and prevHash, without sorting the same eleven keys for every event
  let text = '';
  for (const field of HASHED_FIELDS) {
    const value = field === 'prevHash' ? prevHash : event[field];
    if (value !== undefined) text += `${text === '' ? '{' : ','}"${field}":${canonicalJson(value)}`;
  }
  // one-shot: no Hash object per event
  const digest = hash('sha256', `${text}}`, 'hex');
  return { hash: digest, json: `${text},"hash":"${digest}"}` };
}

type HashedField = keyof UnhashedAuditEvent | 'prevHash';

/** The fields an event's hash covers, in canonical order: sorted, as canonicalJson sorts keys. */
const HASHED_FIELDS: readonly HashedField[] = [
  'action',
  'actor',
  'at',
  'details',
  'id',
  'outcome',
  'prevHash',
  'requestId',
  'seq',
  'tag',
  'workspaceId',
];

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
