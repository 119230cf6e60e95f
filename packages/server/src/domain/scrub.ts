import { MASK } from './merge.js';

/** Secrets shorter than this are not searched for (they would mangle ordinary text). */
export const MIN_SECRET_LENGTH = 3;

/** Every string inside `values` (deeply) long enough to scrub, longest first. */
export function secretStrings(values: unknown[]): string[] {
  const out = new Set<string>();
  const walk = (v: unknown) => {
    if (typeof v === 'string') {
      if (v.length >= MIN_SECRET_LENGTH) out.add(v);
    } else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  values.forEach(walk);
  return [...out].sort((a, b) => b.length - a.length);
}

/** Replaces every occurrence of a secret in `text` with the mask. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join(MASK);
  return out;
}

/**
 * Replaces every occurrence of a secret string inside `value` (deeply, keys included) with the mask:
 * the last line of defence for task outputs, messages and execution records that echo what they were
 * given. The one implementation; task types use it too.
 */
export function redactDeep<T>(value: T, secrets: readonly string[]): T {
  if (secrets.length === 0) return value;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return redact(v, secrets);
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object') {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [redact(k, secrets), walk(x)]));
    }
    return v;
  };
  return walk(value) as T;
}

/**
 * {@link redactDeep} that also counts how many secret occurrences it masked. A high count in a task's
 * output is a signal: someone may be echoing guesses through a task to learn a secret.
 */
export function redactCounting<T>(value: T, secrets: readonly string[]): { value: T; hits: number } {
  if (secrets.length === 0) return { value, hits: 0 };
  let hits = 0;
  const count = (text: string) => {
    for (const secret of secrets) if (text.includes(secret)) hits += text.split(secret).length - 1;
    return redact(text, secrets);
  };
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return count(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object') {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [count(k), walk(x)]));
    }
    return v;
  };
  return { value: walk(value) as T, hits };
}
