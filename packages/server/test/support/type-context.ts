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
import type { JsonObject } from '../../src/domain/model.js';
import type { Logger, TypeContext, TypeDescriptor } from '../../src/domain/type-descriptor.js';
import { createEgressGuard, type ResolveAll } from '../../src/task-kit/egress.js';
import { type ClosableResourceCache, createResourceCache } from '../../src/task-kit/resource-cache.js';

export interface TypeContextOverrides extends Partial<Omit<TypeContext, 'resources'>> {
  /** CIDRs the egress guard allows anyway (PATCHBAY_EGRESS_ALLOW) */
  allowCidrs?: string[];
  /** name resolution for the egress guard (e.g. a name that resolves to 169.254.169.254) */
  resolve?: ResolveAll;
  /** share one cache between contexts (pool reuse); by default each context has its own */
  resources?: ClosableResourceCache;
}

export type TestTypeContext = TypeContext & { resources: ClosableResourceCache };

export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

export function makeTypeContext(overrides: TypeContextOverrides = {}): TestTypeContext {
  const { allowCidrs = [], resolve, resources, ...rest } = overrides;
  const timeoutMs = rest.timeoutMs ?? 20_000;
  return {
    workspaceId: 'ws_test',
    tag: 'test',
    timeoutMs,
    signal: rest.signal ?? AbortSignal.timeout(timeoutMs),
    egress: rest.egress ?? createEgressGuard({ allowCidrs, resolve }),
    // the task types declare no settings (the cloud suites use cloud-support's makeCloudContext)
    settings: {},
    setup: null,
    logger: silentLogger,
    ...rest,
    resources: resources ?? createResourceCache({ idleMs: 60_000 }),
  };
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
