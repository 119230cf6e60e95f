import type { AuditLog } from './audit-log.js';
import { type CallSecrets, createCallSecrets } from './call-secrets.js';
import { type Actor, auditDraft, type ConnectionService } from './connection-service.js';
import { CallDeadline } from './deadline.js';
import { AppError, isAppError } from './errors.js';
import { newId } from './ids.js';
import { maskInputs } from './merge.js';
import type { Connection, Execution, JsonObject, Status } from './model.js';
import type { ResolveService } from './resolve-service.js';
import {
  type CheckResult,
  TaskFailure,
  type TypeContext,
  type ValidationOutcome,
} from './type-descriptor.js';

export interface Validation {
  valid: boolean;
  status: Status;
  message: string | null;
  account_identifier: string | null;
  checks: CheckResult[];
}

export interface RunServiceDeps {
  resolver: ResolveService;
  connections: Pick<ConnectionService, 'mutate' | 'load'>;
  auditLog: AuditLog;
  /** builds the context of one call: its `signal` and `onDeadline` from `deadline`, and its `secrets` */
  makeContext(
    connection: Connection,
    deadline: CallDeadline,
    timeoutMs: number,
    secrets: CallSecrets,
  ): TypeContext;
  defaultTimeoutMs: number;
  maxTimeoutMs: number;
  /** connect/validate calls one token may have running at once; 0 = unlimited (SPEC 7 Bounded work) */
  maxConcurrentPerToken?: number;
  /** told about every recorded execution and how many secret occurrences its output had masked (metrics) */
  onExecution?(execution: Execution, maskedInOutput: number): void;
  now?: () => Date;
}

/** The call's secrets: the values of its secret fields after the merge (schema `x-secret` or generic's named ones). */
const secretsOf = (state: { inputs: JsonObject; secret: Set<string> }) =>
  createCallSecrets([...state.secret].map((f) => state.inputs[f]));

const timeoutMessage = (what: string, ms: number) =>
  `${what} did not finish within ${ms} ms; check that the system is reachable, or allow more time with timeout_ms`;

/**
 * Runs `work` with a deadline. The deadline tells the task to stop (its listeners, its signal); the
 * caller is answered at the deadline even if a task ignores it. One promise and one timer per call:
 * no AbortController unless the task asks for `ctx.signal`, no `Promise.race`.
 */
function withDeadline<T>(ms: number, what: string, work: (deadline: CallDeadline) => Promise<T>): Promise<T> {
  const deadline = new CallDeadline();
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      const failure = new TaskFailure('timeout', timeoutMessage(what, ms));
      deadline.expire(failure);
      reject(failure);
    }, ms);
    let running: Promise<T>;
    try {
      running = work(deadline);
    } catch (error) {
      running = Promise.reject(error);
    }
    running.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/**
 * Counts each token's running calls, so one token cannot tie up the server with many long ones
 * (timeout_ms allows minutes): past the cap the call is `429 rate_limited` before any work starts.
 */
function concurrencyCap(max: number) {
  const running = new Map<string, number>();
  return async <T>(actor: Actor, work: () => Promise<T>): Promise<T> => {
    if (max <= 0) return work();
    const key = actor.principal.tokenId;
    const count = running.get(key) ?? 0;
    if (count >= max) {
      throw new AppError(
        'rate_limited',
        `this token already has ${count} connect or validate calls running (the limit is ${max}); wait for one to finish and retry`,
      );
    }
    running.set(key, count + 1);
    try {
      return await work();
    } finally {
      const left = (running.get(key) ?? 1) - 1;
      if (left <= 0) running.delete(key);
      else running.set(key, left);
    }
  };
}

/** Validate (test and activate) and connect (run the task), SPEC 2 and 3. */
export function createRunService(deps: RunServiceDeps) {
  const now = () => deps.now?.() ?? new Date();
  const capped = concurrencyCap(deps.maxConcurrentPerToken ?? 0);

  const service = {
    async validate(actor: Actor, tag: string): Promise<Validation> {
      const { connection, type, state } = await deps.resolver.prepare(actor, tag, {}, { fresh: true });
      const secrets = secretsOf(state);
      const ms = deps.defaultTimeoutMs;
      let outcome: ValidationOutcome;
      try {
        outcome = type.validate
          ? await withDeadline(ms, 'validation', (deadline) =>
              type.validate!(state.inputs, deps.makeContext(connection, deadline, ms, secrets)),
            )
          : { valid: true, message: null, checks: [] };
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        outcome = { valid: false, message, checks: [] };
      }
      outcome = secrets.redact(outcome);
      const status: Status = outcome.valid ? 'active' : 'error';
      const accountIdentifier = outcome.accountIdentifier ?? null;
      try {
        const saved = await deps.connections.mutate(
          actor,
          tag,
          connection.version,
          'connection.validate',
          (c) => ({
            ...c,
            status,
            statusMessage: outcome.valid ? null : outcome.message,
            accountIdentifier: accountIdentifier ?? c.accountIdentifier,
            lastValidatedAt: now().toISOString(),
            lastChecks: outcome.checks,
          }),
          () => ({ valid: outcome.valid }),
        );
        return {
          valid: outcome.valid,
          status: saved.status,
          message: outcome.message,
          account_identifier: saved.accountIdentifier,
          checks: outcome.checks,
        };
      } catch (error) {
        if (!isAppError(error) || error.code !== 'version_mismatch') throw error;
        const current = await deps.connections.load(actor.principal.workspaceId, tag);
        return {
          valid: outcome.valid,
          status: current.status,
          message: `${outcome.message ?? 'valid'} (the connection changed while it was validated, so its status was not updated; validate again)`,
          account_identifier: accountIdentifier,
          checks: outcome.checks,
        };
      }
    },

    async connect(
      actor: Actor,
      tag: string,
      body: { inputs?: JsonObject; timeout_ms?: number },
    ): Promise<Execution> {
      const ms = body.timeout_ms ?? deps.defaultTimeoutMs;
      if (ms > deps.maxTimeoutMs) {
        // a limit of this server's configuration, not of the schema: 422, like other meaning errors
        throw new AppError(
          'invalid_input',
          `timeout_ms may be at most ${deps.maxTimeoutMs} on this server; ask for less`,
          {
            issues: [{ path: 'timeout_ms', message: `must be <= ${deps.maxTimeoutMs}` }],
          },
        );
      }
      const { connection, type, state } = await deps.resolver.prepare(actor, tag, body.inputs ?? {});
      if (!type.execute) {
        throw new AppError(
          'invalid_input',
          `connection '${tag}' is of type '${type.id}', which cannot be run; use resolve to read its inputs`,
        );
      }
      const secrets = secretsOf(state);
      const started = now();
      let outputValue: unknown = null;
      let error: Execution['error'] = null;
      try {
        outputValue = await withDeadline(ms, `connect to '${tag}'`, (deadline) =>
          type.execute!(state.inputs, deps.makeContext(connection, deadline, ms, secrets)),
        );
      } catch (cause) {
        error =
          cause instanceof TaskFailure
            ? { code: cause.code, message: cause.message }
            : { code: 'task_failed', message: cause instanceof Error ? cause.message : String(cause) };
      }
      const ended = now();
      // inputs are masked by field, never by value: scrubbing what the caller sent would tell them
      // which of their guesses is a secret (SPEC 1 Execution); outputs and errors are scrubbed by value,
      // here and only here. What the task masked itself (before a cap) is counted once, in the same
      // tally, and only when its output is kept.
      const byTask = secrets.hits;
      const scrubbed = secrets.redact({ outputValue: error ? null : (outputValue ?? null), error });
      const masked = error ? secrets.hits - byTask : secrets.hits;
      const execution: Execution = {
        id: newId('exe'),
        workspaceId: connection.workspaceId,
        tag,
        type: type.id,
        status: error ? 'failed' : 'succeeded',
        inputs: { ...maskInputs(state) },
        outputValue: scrubbed.outputValue,
        error: scrubbed.error,
        startedAt: started.toISOString(),
        endedAt: ended.toISOString(),
        durationMs: ended.getTime() - started.getTime(),
        connectionVersion: connection.version,
      };
      await deps.auditLog.record(
        {
          // keys in sorted order: the event's hash then needs no sort (canonicalJson)
          ...auditDraft(actor, 'connection.connect', tag, {
            execution_id: execution.id,
            masked_in_output: masked,
            overrides: Object.keys(body.inputs ?? {}),
            status: execution.status,
          }),
          outcome: error ? 'failure' : 'success',
        },
        execution,
      );
      deps.onExecution?.(execution, masked);
      return execution;
    },
  };
  let connecting = 0;
  return {
    validate: (actor: Actor, tag: string) => capped(actor, () => service.validate(actor, tag)),
    async connect(actor: Actor, tag: string, body: { inputs?: JsonObject; timeout_ms?: number }) {
      connecting++;
      try {
        return await capped(actor, () => service.connect(actor, tag, body));
      } finally {
        connecting--;
      }
    },
    /** connect calls under way, from authorization to answer: what the audit log may wait for */
    connecting: () => connecting,
  };
}

export type RunService = ReturnType<typeof createRunService>;
