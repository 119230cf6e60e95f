/**
 * Builders shared by the cloud validation suites: a TypeContext whose provider endpoints point at
 * the test servers in `test/fakes/`, and a logger that keeps every line so a suite can look for
 * planted canaries.
 */
import { createCallSecrets } from '../../src/domain/call-secrets.js';
import { onAbortOf } from '../../src/domain/deadline.js';
import type { JsonObject } from '../../src/domain/model.js';
import type {
  InputSchema,
  Logger,
  ResourceCache,
  SettingSpec,
  SettingValues,
  TypeContext,
  TypeDescriptor,
} from '../../src/domain/type-descriptor.js';

/** Nothing listens on the discard port: a provider call that escapes its fake fails fast instead of leaving the machine. */
const NOWHERE = 'http://127.0.0.1:9';

/** A URL setting's default with its host moved to the discard port (scheme and path kept). */
const nowhere = (spec: SettingSpec): string => {
  if (spec.format !== 'url') return spec.default;
  if (!spec.default) return NOWHERE;
  const url = new URL(spec.default);
  url.host = '127.0.0.1:9';
  return url.href;
};

/** `type`'s settings as the runner hands them over, every endpoint pointing nowhere unless overridden. */
export function makeSettings<I extends InputSchema, S extends readonly SettingSpec[]>(
  type: TypeDescriptor<I, S>,
  overrides: Partial<SettingValues<S>> = {},
): SettingValues<S> {
  const values = Object.fromEntries((type.settings ?? []).map((spec) => [spec.key, nowhere(spec)]));
  // the keys are the declared ones: the same record the server reads from the environment
  return { ...values, ...overrides } as SettingValues<S>;
}

export interface CapturedLogger extends Logger {
  lines: string[];
}

export function captureLogger(): CapturedLogger {
  const lines: string[] = [];
  const record =
    (level: string) =>
    (obj: object, msg?: string): void => {
      lines.push(JSON.stringify({ level, ...obj, msg }));
    };
  return {
    lines,
    debug: record('debug'),
    info: record('info'),
    warn: record('warn'),
    error: record('error'),
  };
}

function simpleResources(): ResourceCache {
  const entries = new Map<string, { value: unknown; dispose: (value: unknown) => Promise<void> | void }>();
  return {
    get<T>(key: string, create: () => T, dispose: (value: T) => Promise<void> | void): T {
      const hit = entries.get(key);
      if (hit) return hit.value as T;
      const value = create();
      entries.set(key, { value, dispose: dispose as (value: unknown) => Promise<void> | void });
      return value;
    },
    async evict(prefix: string) {
      for (const [key, entry] of entries) {
        if (key.startsWith(prefix)) {
          entries.delete(key);
          await entry.dispose(entry.value);
        }
      }
    },
  };
}

export interface CloudContextOptions<V> {
  settings?: Partial<V>;
  setup?: JsonObject | null;
  timeoutMs?: number;
  tag?: string;
  /** the call's secret values, as the runner would hand them over */
  secrets?: unknown[];
}

export function makeCloudContext<I extends InputSchema, S extends readonly SettingSpec[]>(
  type: TypeDescriptor<I, S>,
  options: CloudContextOptions<SettingValues<S>> = {},
): TypeContext<SettingValues<S>> & { logger: CapturedLogger } {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const signal = AbortSignal.timeout(timeoutMs);
  return {
    workspaceId: 'ws-test',
    tag: options.tag ?? 'cloud_test',
    signal,
    onDeadline: onAbortOf(signal),
    timeoutMs,
    egress: { check: async (host) => [host] },
    settings: makeSettings(type, options.settings),
    setup: options.setup ?? null,
    resources: simpleResources(),
    logger: captureLogger(),
    secrets: createCallSecrets(options.secrets ?? []),
  };
}

/** A value no provider would produce by chance, to plant in a secret and look for in outputs. */
export const canary = (label: string): string => `CANARY-${label}-${Math.random().toString(36).slice(2, 10)}`;
