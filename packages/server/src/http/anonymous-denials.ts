/**
 * Unauthenticated denials (SPEC 7): anonymous traffic must not flood the append-only audit log, so
 * 401s are coalesced into one event per source address and minute, with a count, and each source is
 * rate-limited. The event of a minute is written when a later minute begins (at the next denial, on
 * a timer, or when the server closes).
 */
import type { AuditDraft } from '../domain/model.js';

interface Bucket {
  workspaceId: string;
  source: string;
  minute: number;
  count: number;
  requestId: string;
  routes: Set<string>;
  codes: Set<string>;
}

export interface AnonymousDenialsDeps {
  record(draft: AuditDraft): Promise<unknown>;
  /** requests per minute one source may send without a valid token; 0 = unlimited */
  perMinute: number;
  now?: () => number;
}

const MAX_ROUTES = 10;

export function createAnonymousDenials(deps: AnonymousDenialsDeps) {
  const now = deps.now ?? Date.now;
  const pending = new Map<string, Bucket>();
  const seen = new Map<string, { minute: number; count: number }>();

  const write = (b: Bucket) =>
    deps.record({
      workspaceId: b.workspaceId,
      actor: 'anonymous',
      action: 'request.denied',
      tag: null,
      outcome: 'denied',
      requestId: b.requestId,
      details: {
        source: b.source,
        count: b.count,
        minute: new Date(b.minute * 60_000).toISOString(),
        routes: [...b.routes],
        code: [...b.codes][0],
        codes: [...b.codes],
      },
    });

  /** Writes the events of every minute before `before` (all of them when undefined). */
  async function flush(before?: number): Promise<void> {
    const due = [...pending.entries()].filter(([, b]) => before === undefined || b.minute < before);
    for (const [key] of due) pending.delete(key);
    await Promise.all(due.map(([, b]) => write(b)));
  }

  const timer = setInterval(() => void flush(Math.floor(now() / 60_000)).catch(() => undefined), 15_000);
  timer.unref();

  return {
    /** false once `source` has used up its minute's allowance of unauthenticated requests */
    allow(source: string): boolean {
      if (deps.perMinute <= 0) return true;
      const minute = Math.floor(now() / 60_000);
      const entry = seen.get(source);
      if (!entry || entry.minute !== minute) {
        if (seen.size > 100_000) seen.clear();
        seen.set(source, { minute, count: 1 });
        return true;
      }
      entry.count += 1;
      return entry.count <= deps.perMinute;
    },

    /** Counts one denial; writes the finished minutes' events. */
    async note(d: { workspaceId: string; source: string; route: string; code: string; requestId: string }) {
      const minute = Math.floor(now() / 60_000);
      const key = `${d.workspaceId}|${d.source}|${minute}`;
      const bucket = pending.get(key) ?? {
        ...d,
        minute,
        count: 0,
        routes: new Set<string>(),
        codes: new Set<string>(),
      };
      bucket.count += 1;
      if (bucket.routes.size < MAX_ROUTES) bucket.routes.add(d.route);
      bucket.codes.add(d.code);
      pending.set(key, bucket);
      await flush(minute);
    },

    /** Writes everything pending and stops the timer (server close). */
    async close(): Promise<void> {
      clearInterval(timer);
      await flush();
    },
  };
}

export type AnonymousDenials = ReturnType<typeof createAnonymousDenials>;
