/**
 * A call's time budget as a task sees it: `onDeadline` listeners, and an `AbortSignal` made only
 * when a task asks for one. Most calls finish in time and many never read the signal (the SQL
 * types race their driver with `onDeadline`), so no AbortController — an EventTarget, the most
 * expensive object of a connect that finishes in a millisecond — is made for them.
 */
export class CallDeadline {
  #controller: AbortController | undefined;
  #listeners: (() => void)[] | undefined;
  #reason: Error | undefined;

  /** Aborted with the deadline's failure once the time is up (made on first use). */
  get signal(): AbortSignal {
    if (!this.#controller) {
      this.#controller = new AbortController();
      if (this.#reason) this.#controller.abort(this.#reason);
    }
    return this.#controller.signal;
  }

  /**
   * Calls `listener` once when the time is up — at once when it already is. Returns the function that
   * removes it again, for work that finished in time.
   */
  onDeadline(listener: () => void): () => void {
    if (this.#reason) {
      listener();
      return noop;
    }
    this.#listeners ??= [];
    const listeners = this.#listeners;
    listeners.push(listener);
    return () => {
      const at = listeners.indexOf(listener);
      if (at >= 0) listeners.splice(at, 1);
    };
  }

  /** The time is up: aborts the signal (if one was made) and calls every listener, once. */
  expire(reason: Error): void {
    if (this.#reason) return;
    this.#reason = reason;
    this.#controller?.abort(reason);
    const listeners = this.#listeners ?? [];
    this.#listeners = undefined;
    for (const listener of listeners) listener();
  }
}

const noop = () => undefined;

/**
 * `onDeadline` for a context built around an existing signal (tests, tools): the listener runs on
 * the signal's abort.
 *
 * @example
 * const signal = AbortSignal.timeout(5_000);
 * const ctx = { signal, onDeadline: onAbortOf(signal), … };
 */
export const onAbortOf =
  (signal: AbortSignal) =>
  (listener: () => void): (() => void) => {
    if (signal.aborted) {
      listener();
      return noop;
    }
    signal.addEventListener('abort', listener, { once: true });
    return () => signal.removeEventListener('abort', listener);
  };
