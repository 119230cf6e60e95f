import { MIN_SECRET_LENGTH, redactCounting, secretStrings } from './scrub.js';

/**
 * The secrets of one validate/connect call, as the runner hands them to a task (`ctx.secrets`).
 * A task never lists secret fields: the runner computed these from the schema's `x-secret` marks
 * (or generic's caller-named fields), and scrubs the output and the error with them once, at the end.
 */
export interface CallSecrets {
  /**
   * Masks every secret inside `value` (deeply, keys included). A task calls it only where the
   * runner's final scrub would come too late: before cutting text to a byte cap (a secret cut in
   * half survives a scrub by value) or before writing to a log. Masks made here are counted once.
   */
  redact<T>(value: T): T;
  /**
   * Adds a form of a secret the task made itself (the base64 `user:password` of Basic auth, a
   * URL-encoded password) so that every later redaction, the runner's final one included, masks it.
   */
  add(...forms: string[]): void;
  /** The longest secret in UTF-8 bytes: how far past a byte cap a task reads before redact-then-cut. */
  readonly longestBytes: number;
}

/** The runner's side of {@link CallSecrets}: how many occurrences were masked in the call. */
export interface RunnerSecrets extends CallSecrets {
  /** occurrences masked so far, by the task's own redactions and the runner's final scrub */
  readonly hits: number;
}

/** The secrets of a call from the secret values of its merged inputs (strings found deeply). */
export function createCallSecrets(values: unknown[]): RunnerSecrets {
  return new CallSecretSet(secretStrings(values));
}

/**
 * A class, not an object literal with getters: such a literal is made in dictionary mode (a hash
 * table of properties, ~30× slower to create than an instance and slow to read), once per call.
 */
class CallSecretSet implements RunnerSecrets {
  #secrets: string[];
  #longestBytes: number;
  #hits = 0;

  constructor(secrets: string[]) {
    this.#secrets = secrets;
    this.#longestBytes = longestOf(secrets);
  }

  redact<T>(value: T): T {
    const scrubbed = redactCounting(value, this.#secrets);
    this.#hits += scrubbed.hits;
    return scrubbed.value;
  }

  add(...forms: string[]): void {
    const fresh = forms.filter((f) => f.length >= MIN_SECRET_LENGTH && !this.#secrets.includes(f));
    if (fresh.length === 0) return;
    this.#secrets = secretStrings([...this.#secrets, ...fresh]);
    this.#longestBytes = longestOf(this.#secrets);
  }

  get longestBytes(): number {
    return this.#longestBytes;
  }

  get hits(): number {
    return this.#hits;
  }
}

const longestOf = (secrets: readonly string[]): number =>
  secrets.reduce((max, s) => Math.max(max, Buffer.byteLength(s)), 0);

/**
 * Cuts `text` to at most `maxBytes` UTF-8 bytes *after* masking its secrets, so that no secret is
 * cut in half by the cap (its first half would survive any later scrub by value). `text` should
 * hold at least `secrets.longestBytes` bytes past the cap when there are more (see
 * {@link CallSecrets.longestBytes}). Returns the text and whether it was cut.
 */
export function redactThenCut(
  text: string,
  maxBytes: number,
  secrets: CallSecrets,
): { text: string; cut: boolean } {
  const masked = secrets.redact(text);
  const bytes = Buffer.from(masked, 'utf8');
  if (bytes.length <= maxBytes) return { text: masked, cut: false };
  return { text: bytes.subarray(0, maxBytes).toString('utf8'), cut: true };
}
