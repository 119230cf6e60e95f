import type { Execution, PatchbayClient, Resolution } from '@patchbay/sdk';

/**
 * What a flow module sees. A flow is a TypeScript or JavaScript module exporting
 * `handler(system, run)`; `patchbay flow run file.ts` runs it against the API.
 *
 * @example
 * import type { FlowHandler } from '../packages/server/src/flows/flow-types.js';
 * export const handler: FlowHandler = async (system, run) => {
 *   const v2 = await run.connect('library', { ref: 'v2' });
 *   run.success(`v2 is ${v2.get('output_value.commit_sha')}`);
 * };
 */
export type FlowHandler = (system: FlowSystem, run: FlowRun) => unknown | Promise<unknown>;

/**
 * The flow's surroundings: the SDK client (same URL and token as the CLI) and the environment.
 *
 * @example
 * const { items } = await system.client.connections.list({ type: 'git' });
 */
export interface FlowSystem {
  client: PatchbayClient;
  env: Readonly<Record<string, string | undefined>>;
}

/**
 * An execution returned by `run.connect`, with `get(path)` to read a field; a dotted path reads
 * inside it (`'output_value.commit_sha'`).
 *
 * @example
 * const dev = await run.connect('library');
 * const sha = dev.get('output_value.commit_sha');
 */
export type FlowExecution = Execution & { get(path: string): unknown };

/**
 * Options of `run.connect`.
 *
 * @example
 * const execution = await run.connect('api', { url_path: '/health' }, { allowFailure: true, timeout_ms: 5000 });
 * if (execution.status === 'failed') run.log('health check failed', execution.error);
 */
export interface FlowConnectOptions {
  /** return a failed execution instead of throwing a FlowError */
  allowFailure?: boolean;
  /** the task's time budget */
  timeout_ms?: number;
}

/**
 * The run: the calls a flow makes and how it ends.
 *
 * @example
 * export async function handler(system: FlowSystem, run: FlowRun) {
 *   const resolved = await run.resolve('warehouse', { database: run.inputs.database });
 *   run.log('resolved', resolved.sources);
 *   run.success('all done', { host: resolved.inputs.host });
 * }
 */
export interface FlowRun {
  /** the `--input k=v` values */
  readonly inputs: Readonly<Record<string, unknown>>;
  /**
   * Runs connection `tag` with `overrides`. A failed execution throws a {@link FlowError} carrying it
   * (which fails the flow unless caught), or is returned with `{ allowFailure: true }`.
   */
  connect(
    tag: string,
    overrides?: Record<string, unknown>,
    options?: FlowConnectOptions,
  ): Promise<FlowExecution>;
  /** The merged inputs of `tag` with `inputs` as overrides; secrets masked unless `reveal`. */
  resolve(tag: string, inputs?: Record<string, unknown>, options?: { reveal?: boolean }): Promise<Resolution>;
  /** A log line (to standard error); objects are printed as JSON. */
  log(...parts: unknown[]): void;
  /** Ends the flow successfully (exit 0) with a message and optional outputs. */
  success(message?: string, outputs?: Record<string, unknown>): never;
  /** Ends the flow as failed (exit 1). */
  fail(message: string, outputs?: Record<string, unknown>): never;
}

/**
 * How a flow ended.
 *
 * @example
 * const result: FlowResult = { status: 'success', message: 'all done' };
 */
export interface FlowResult {
  status: 'success' | 'failed';
  message: string;
  outputs?: Record<string, unknown>;
  /** the error code when a thrown error failed the flow (`connection_not_found`, `task_failed` …) */
  code?: string;
}

/**
 * A flow-level failure: a failed execution in `run.connect` (code = the execution's error code),
 * or thrown by the flow itself.
 *
 * @example
 * throw new FlowError('the release tag is missing', { code: 'missing_release' });
 */
export class FlowError extends Error {
  override name = 'FlowError';
  readonly code: string;
  readonly execution: Execution | undefined;

  constructor(message: string, options: { code?: string; execution?: Execution; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = options.code ?? 'flow_failed';
    this.execution = options.execution;
  }
}
