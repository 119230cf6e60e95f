/**
 * A real {@link TypeContext} for type tests: the production egress guard and resource cache, a silent
 * logger and a deadline from `AbortSignal.timeout`.
 *
 * @example
 * const ctx = makeTypeContext({ timeoutMs: 2000, allowCidrs: ['169.254.169.254/32'] });
 * const outcome = await postgresType.validate!(inputs, ctx);
 * await ctx.resources.closeAll();
 */
import { type AddressInfo, connect, createServer, type Socket } from 'node:net';
import { createCallSecrets, type RunnerSecrets } from '../../src/domain/call-secrets.js';
import { onAbortOf } from '../../src/domain/deadline.js';
import type { JsonObject } from '../../src/domain/model.js';
import {
  type Logger,
  secretFieldsOf,
  TaskFailure,
  type TypeContext,
  type TypeDescriptor,
  type ValidationOutcome,
} from '../../src/domain/type-descriptor.js';
import { createEgressGuard, type ResolveAll } from '../../src/task-kit/egress.js';
import { type ClosableResourceCache, createResourceCache } from '../../src/task-kit/resource-cache.js';

export interface TypeContextOverrides extends Partial<Omit<TypeContext, 'resources' | 'secrets'>> {
  /** the call's secrets (see {@link secretsFor}); none by default */
  secrets?: RunnerSecrets;
  /** CIDRs the egress guard allows anyway (PATCHBAY_EGRESS_ALLOW) */
  allowCidrs?: string[];
  /** name resolution for the egress guard (e.g. a name that resolves to 169.254.169.254) */
  resolve?: ResolveAll;
  /** share one cache between contexts (pool reuse); by default each context has its own */
  resources?: ClosableResourceCache;
}

export type TestTypeContext = TypeContext & { resources: ClosableResourceCache; secrets: RunnerSecrets };

export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

export function makeTypeContext(overrides: TypeContextOverrides = {}): TestTypeContext {
  const { allowCidrs = [], resolve, resources, secrets, ...rest } = overrides;
  const timeoutMs = rest.timeoutMs ?? 20_000;
  const signal = rest.signal ?? AbortSignal.timeout(timeoutMs);
  return {
    workspaceId: 'ws_test',
    tag: 'test',
    timeoutMs,
    signal,
    onDeadline: onAbortOf(signal),
    egress: rest.egress ?? createEgressGuard({ allowCidrs, resolve }),
    // the task types declare no settings (the cloud suites use cloud-support's makeCloudContext)
    settings: {},
    setup: null,
    logger: silentLogger,
    ...rest,
    secrets: secrets ?? createCallSecrets([]),
    resources: resources ?? createResourceCache({ idleMs: 60_000 }),
  };
}

/** The call's secrets as the runner computes them: the values of the schema's `x-secret` inputs. */
export const secretsFor = (type: TypeDescriptor, inputs: JsonObject): RunnerSecrets =>
  createCallSecrets(secretFieldsOf(type.inputSchema).map((f) => inputs[f]));

/**
 * Calls `type.execute` the way the runner does: `ctx.secrets` from the schema's `x-secret` inputs,
 * then the one final scrub of the output, or of the error (which becomes a TaskFailure, as the
 * runner records it). Pass `secrets` to read `secrets.hits`, what the runner counts as `masked_in_output`.
 */
export async function runExecute(
  type: TypeDescriptor,
  inputs: JsonObject,
  overrides: TypeContextOverrides = {},
): Promise<unknown> {
  const ctx = makeTypeContext({ secrets: secretsFor(type, inputs), ...overrides });
  return ctx.secrets.redact(await type.execute!(inputs, ctx).catch((e) => rethrowScrubbed(e, ctx)));
}

/** Calls `type.validate` the way the runner does (see {@link runExecute}). */
export async function runValidate(
  type: TypeDescriptor,
  inputs: JsonObject,
  overrides: TypeContextOverrides = {},
): Promise<ValidationOutcome> {
  const ctx = makeTypeContext({ secrets: secretsFor(type, inputs), ...overrides });
  return ctx.secrets.redact(await type.validate!(inputs, ctx));
}

function rethrowScrubbed(error: unknown, ctx: TestTypeContext): never {
  const code = error instanceof TaskFailure ? error.code : 'task_failed';
  const message = error instanceof Error ? error.message : String(error);
  throw new TaskFailure(code, ctx.secrets.redact(message));
}

/**
 * The inputs a type receives at run time: `inputs` plus the schema's defaults, as the runner merges
 * them (schema validation itself is the runner's job and not repeated here).
 */
export function withDefaults(type: TypeDescriptor, inputs: JsonObject): JsonObject {
  const defaults = Object.fromEntries(
    Object.entries(type.inputSchema.properties)
      .filter(([, p]) => p.default !== undefined)
      .map(([k, p]) => [k, structuredClone(p.default)]),
  );
  return { ...defaults, ...inputs };
}

/** A free TCP port on 127.0.0.1 (closed again; a tiny race with other processes is accepted). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A TCP server that accepts connections and never says a word: the "hung remote" of timeout tests. */
export async function startSilentServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/**
 * Whether a service answers; when not, warns loudly naming the skipped suite — or, with `CI` set,
 * throws so the suite fails instead of silently passing.
 */
export async function serviceAvailable(
  name: string,
  host: string,
  port: number,
  suite: string,
): Promise<boolean> {
  const ok = await new Promise<boolean>((resolve) => {
    const socket = connect({ host, port });
    const done = (result: boolean) => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(2000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
  if (ok) return true;
  const why = `${name} at ${host}:${port} is not reachable`;
  if (process.env.CI) throw new Error(`${why}; CI must run '${suite}': start ${name}`);
  console.warn(`\n!!! SKIPPING every case of '${suite}': ${why}. (CI=1 turns this into a failure.)\n`);
  return false;
}
