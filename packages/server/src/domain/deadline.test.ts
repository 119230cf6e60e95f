import { describe, expect, it, vi } from 'vitest';
import { CallDeadline, onAbortOf } from './deadline.js';

describe('CallDeadline', () => {
  it('calls each listener once at the deadline, not the ones removed before it', () => {
    const deadline = new CallDeadline();
    const kept = vi.fn();
    const removed = vi.fn();
    deadline.onDeadline(kept);
    const stop = deadline.onDeadline(removed);
    stop();
    stop(); // twice is harmless
    const reason = new Error('time is up');
    deadline.expire(reason);
    deadline.expire(new Error('again'));
    expect(kept).toHaveBeenCalledTimes(1);
    expect(removed).not.toHaveBeenCalled();
    expect(deadline.signal.aborted).toBe(true);
  });

  it('aborts a signal made before the deadline, with its reason', () => {
    const deadline = new CallDeadline();
    const signal = deadline.signal;
    const onAbort = vi.fn();
    signal.addEventListener('abort', onAbort);
    expect(signal.aborted).toBe(false);
    const reason = new Error('time is up');
    deadline.expire(reason);
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBe(reason);
    expect(onAbort).toHaveBeenCalledTimes(1);
    expect(deadline.signal).toBe(signal);
  });

  it('hands out an aborted signal, and calls a new listener at once, after the deadline', () => {
    const deadline = new CallDeadline();
    const reason = new Error('time is up');
    deadline.expire(reason);
    expect(deadline.signal.aborted).toBe(true);
    expect(deadline.signal.reason).toBe(reason);
    const late = vi.fn();
    deadline.onDeadline(late)();
    expect(late).toHaveBeenCalledTimes(1);
  });
});

describe('onAbortOf', () => {
  it('runs the listener on the abort of the signal, once, unless removed', () => {
    const controller = new AbortController();
    const listen = onAbortOf(controller.signal);
    const kept = vi.fn();
    const removed = vi.fn();
    listen(kept);
    listen(removed)();
    controller.abort();
    expect(kept).toHaveBeenCalledTimes(1);
    expect(removed).not.toHaveBeenCalled();
    const late = vi.fn();
    listen(late);
    expect(late).toHaveBeenCalledTimes(1);
  });
});
