import { existsSync } from 'node:fs';
import { extname, resolve as resolvePath } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Execution, type PatchbayClient, PatchbayError } from '@patchbay/sdk';
import {
  FlowError,
  type FlowExecution,
  type FlowHandler,
  type FlowResult,
  type FlowRun,
  type FlowSystem,
} from './flow-types.js';

/** Thrown by `run.success`/`run.fail` to stop the handler; the runner catches it. */
class FlowEnd {
  constructor(readonly result: FlowResult) {}
}

/** A flow file that cannot be loaded: a usage problem, not a failed flow. */
export class FlowLoadError extends Error {
  override name = 'FlowLoadError';
}

const TYPESCRIPT = new Set(['.ts', '.mts', '.cts', '.tsx']);

/**
 * Loads a flow module (TypeScript through tsx, JavaScript natively) and returns its handler:
 * the `handler` export, or a default export that is a function or has `handler`.
 *
 * @example
 * const handler = await loadFlow('examples/library-metadata.flow.ts');
 */
export async function loadFlow(file: string): Promise<FlowHandler> {
  const path = resolvePath(file);
  if (!existsSync(path)) throw new FlowLoadError(`flow file ${file} does not exist`);
  const url = pathToFileURL(path).href;
  let module: Record<string, unknown>;
  try {
    if (TYPESCRIPT.has(extname(path))) {
      const { tsImport } = await import('tsx/esm/api');
      module = (await tsImport(url, import.meta.url)) as Record<string, unknown>;
    } else {
      module = (await import(url)) as Record<string, unknown>;
    }
  } catch (error) {
    throw new FlowLoadError(`cannot load flow ${file}: ${(error as Error).message}`, { cause: error });
  }
  const fallback = module.default as { handler?: unknown } | undefined;
  const handler = module.handler ?? (typeof fallback === 'function' ? fallback : fallback?.handler);
  if (typeof handler !== 'function') {
    throw new FlowLoadError(`flow ${file} must export a function handler(system, run)`);
  }
  return handler as FlowHandler;
}

/** Reads a field of an object by a dotted path. */
function pick(value: unknown, path: string): unknown {
  let current = value;
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

const enrich = (execution: Execution): FlowExecution => ({
  ...execution,
  get: (path) => pick(execution, path),
});

const describe = (part: unknown) => (typeof part === 'string' ? part : JSON.stringify(part));

export interface RunFlowOptions {
  handler: FlowHandler;
  client: PatchbayClient;
  inputs?: Record<string, unknown>;
  env?: Record<string, string | undefined>;
  /** where `run.log` lines go; standard error by default */
  log?: (line: string) => void;
}

/** Builds the `run` object; `state` records how it ended even if a flow swallows the FlowEnd. */
function createRun(options: RunFlowOptions, state: { ended?: FlowResult }): FlowRun {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const end = (result: FlowResult): never => {
    state.ended ??= result;
    throw new FlowEnd(state.ended);
  };
  return {
    inputs: Object.freeze({ ...options.inputs }),
    async connect(tag, overrides, connectOptions = {}) {
      const timeout =
        connectOptions.timeout_ms !== undefined ? { timeout_ms: connectOptions.timeout_ms } : undefined;
      const execution = await options.client.connect(tag, overrides, timeout);
      log(`connect ${tag}: ${execution.status} in ${execution.duration_ms} ms (execution ${execution.id})`);
      if (execution.status === 'failed' && !connectOptions.allowFailure) {
        const error = execution.error ?? { code: 'task_failed', message: 'the task failed' };
        throw new FlowError(`connection '${tag}' failed: ${error.code}: ${error.message}`, {
          code: error.code,
          execution,
        });
      }
      return enrich(execution);
    },
    resolve: (tag, inputs, resolveOptions) =>
      options.client.resolve(tag, {
        ...(inputs ? { inputs } : {}),
        ...(resolveOptions?.reveal ? { reveal: true } : {}),
      }),
    log: (...parts) => log(parts.map(describe).join(' ')),
    success: (message = 'flow succeeded', outputs) =>
      end({ status: 'success', message, ...(outputs ? { outputs } : {}) }),
    fail: (message, outputs) => end({ status: 'failed', message, ...(outputs ? { outputs } : {}) }),
  };
}

function failureOf(error: unknown): FlowResult {
  if (error instanceof PatchbayError || error instanceof FlowError) {
    const message = error instanceof PatchbayError ? `${error.code}: ${error.message}` : error.message;
    return { status: 'failed', message, code: error.code };
  }
  return { status: 'failed', message: error instanceof Error ? error.message : String(error) };
}

/**
 * Runs a flow handler to its end: `run.success` / returning → success, `run.fail` or a thrown
 * error → failed. Never throws for the flow's own failures.
 *
 * @example
 * const result = await runFlow({ handler: await loadFlow('flow.ts'), client: createClient(), inputs: { ref: 'v2' } });
 * process.exitCode = result.status === 'success' ? 0 : 1;
 */
export async function runFlow(options: RunFlowOptions): Promise<FlowResult> {
  const state: { ended?: FlowResult } = {};
  const system: FlowSystem = {
    client: options.client,
    env: Object.freeze({ ...(options.env ?? process.env) }),
  };
  try {
    const returned = await options.handler(system, createRun(options, state));
    if (state.ended) return state.ended;
    if (typeof returned === 'string') return { status: 'success', message: returned };
    const outputs =
      returned && typeof returned === 'object' && !Array.isArray(returned)
        ? { outputs: returned as Record<string, unknown> }
        : {};
    return { status: 'success', message: 'flow finished', ...outputs };
  } catch (error) {
    if (error instanceof FlowEnd) return error.result;
    return state.ended ?? failureOf(error);
  }
}
