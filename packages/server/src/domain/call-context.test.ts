/** The context a task receives per call (SPEC 3 tasks), and the shape V8 gives it on the hot path. */
import { setFlagsFromString } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { CallContext, type CallContextParts } from './call-context.js';
import { createCallSecrets } from './call-secrets.js';
import { CallDeadline } from './deadline.js';
import type { Logger } from './type-descriptor.js';

setFlagsFromString('--allow-natives-syntax');
/** false for an object V8 keeps as a hash table (dictionary mode): slow to make, slow to read */
const hasFastProperties = new Function('o', 'return %HasFastProperties(o)') as (o: object) => boolean;

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };

function parts(overrides: Partial<CallContextParts> = {}): CallContextParts {
  return {
    workspaceId: 'ws_1',
    tag: 'orders',
    type: 'postgres',
    timeoutMs: 5_000,
    egress: { check: async () => ['127.0.0.1'] },
    settings: {},
    setup: null,
    resources: { get: (_k, create) => create(), evict: async () => undefined },
    logger: { child: () => silent },
    deadline: new CallDeadline(),
    secrets: createCallSecrets(['s3cr3t-value-77']),
    ...overrides,
  };
}

describe('call context', () => {
  it('is an object with a fixed shape, not a hash table, and so are its secrets', () => {
    // the probe tells the two apart: an object literal with a getter is a hash table
    expect(
      hasFastProperties({
        get lazy() {
          return 1;
        },
      }),
    ).toBe(false);
    const ctx = new CallContext(parts());
    expect(hasFastProperties(ctx)).toBe(true);
    expect(hasFastProperties(ctx.secrets)).toBe(true);
    void ctx.logger; // the lazy members fill in private slots, which keep the shape
    expect(hasFastProperties(ctx)).toBe(true);
  });

  it('makes its logger once, on first use, bound to the tag and type', () => {
    const made: Record<string, unknown>[] = [];
    const child = (bindings: Record<string, unknown>) => {
      made.push(bindings);
      return silent;
    };
    const ctx = new CallContext(parts({ logger: { child } }));
    expect(made).toEqual([]);
    expect(ctx.logger).toBe(silent);
    void ctx.logger;
    expect(made).toEqual([{ tag: 'orders', type: 'postgres' }]);
  });

  it("hands out its deadline's signal and listeners, which fire when the time is up", () => {
    const deadline = new CallDeadline();
    const ctx = new CallContext(parts({ deadline }));
    let told = 0;
    const stop = ctx.onDeadline(() => told++);
    const dropped = ctx.onDeadline(() => told++);
    dropped();
    const { signal } = ctx;
    const failure = new Error('time is up');
    deadline.expire(failure);
    expect(told).toBe(1);
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBe(failure);
    stop();
  });

  it('carries the call secrets it was given, which redact what the task hands back', () => {
    const ctx = new CallContext(parts());
    expect(ctx.secrets.redact({ out: 'x s3cr3t-value-77' })).toEqual({ out: 'x ********' });
    expect(ctx).toMatchObject({ workspaceId: 'ws_1', tag: 'orders', timeoutMs: 5_000, setup: null });
  });
});
