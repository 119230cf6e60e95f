import type { CheckResult } from '../domain/type-descriptor.js';

/** Runs one check and records it; a thrown error becomes the check's detail and the outcome's message. */
export async function step<T>(
  checks: CheckResult[],
  name: string,
  run: () => Promise<[T, string]>,
  explain: (error: unknown) => string,
): Promise<{ value: T } | { message: string }> {
  const started = performance.now();
  const duration = () => Math.round(performance.now() - started);
  try {
    const [value, detail] = await run();
    checks.push({ name, ok: true, detail, duration_ms: duration() });
    return { value };
  } catch (error) {
    const message = explain(error);
    checks.push({ name, ok: false, detail: message, duration_ms: duration() });
    return { message };
  }
}
