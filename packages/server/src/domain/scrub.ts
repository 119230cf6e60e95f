import { MASK } from './merge.js';

/** Secret strings worth scrubbing: short ones would mask ordinary words. */
export function secretStrings(values: unknown[]): string[] {
  const out = new Set<string>();
  const walk = (v: unknown) => {
    if (typeof v === 'string') {
      if (v.length >= 4) out.add(v);
    } else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  values.forEach(walk);
  return [...out].sort((a, b) => b.length - a.length);
}

/**
 * Replaces every occurrence of a secret string inside `value` (deeply) with the mask: a last line of
 * defence for task outputs and error messages that echo what they were given.
 */
export function scrub<T>(value: T, secrets: string[]): T {
  if (secrets.length === 0) return value;
  const clean = (s: string) => secrets.reduce((acc, secret) => acc.split(secret).join(MASK), s);
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return clean(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object')
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value) as T;
}
