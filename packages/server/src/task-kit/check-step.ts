import type { CheckResult, TypeContext, ValidationOutcome } from '../domain/type-descriptor.js';
import { checkReachable, outcomeOf, runCheck } from './task-support.js';

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

/** One named check of a network type's validate: its detail on success, or it throws. */
export type NamedCheck = [name: string, run: () => Promise<string>];

/**
 * The validate of a session-based network type (redis, imap, ldap, smtp, sftp): `resolve` and
 * `connect` (the host resolves to an address egress allows, the port accepts TCP), then `steps(address)`
 * in order until one fails, then `close` (the session the steps opened, if any). The runner scrubs the
 * outcome of every secret, so no step redacts.
 */
export async function validateInSteps(
  target: { host: string; port: number; timeoutMs: number },
  ctx: Pick<TypeContext, 'egress' | 'signal'>,
  steps: (address: string) => NamedCheck[],
  close: () => unknown = () => undefined,
  checks: CheckResult[] = [],
): Promise<ValidationOutcome> {
  const address = await checkReachable(checks, target, ctx);
  if (address === undefined) return outcomeOf(checks);
  try {
    for (const [name, run] of steps(address)) if (!(await runCheck(checks, name, run))) break;
  } finally {
    await Promise.resolve(close()).catch(() => undefined);
  }
  return outcomeOf(checks);
}
