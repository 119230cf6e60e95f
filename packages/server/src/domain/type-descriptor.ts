import type { Static, TSchema } from '@sinclair/typebox';
import type { CallSecrets } from './call-secrets.js';
import type { CheckResult, JsonObject, Kind, Scope } from './model.js';

export type { CallSecrets } from './call-secrets.js';

/**
 * A JSON Schema (draft 2020-12) for a type's inputs. `x-secret: true` marks a secret input,
 * `x-target: true` the input that says where the connection goes (SPEC 3, 6.2).
 */
export type InputSchema = JsonObject & {
  type: 'object';
  properties: Record<string, JsonObject>;
  required?: string[];
};

/** The inputs a task receives for `S`: its static type for a TypeBox schema, else any JSON object. */
export type InputsOf<S> = S extends TSchema ? Static<S> : JsonObject;

/** One check of a validation run, as returned in `Validation.checks`. */
export type { CheckResult } from './model.js';

/** What a type's `validate` reports. `message` says what to fix when `valid` is false. */
export interface ValidationOutcome {
  valid: boolean;
  message: string | null;
  accountIdentifier?: string | null;
  checks: CheckResult[];
}

/**
 * A failed task run. `execute` throws it (or any error: it becomes `task_failed`); the message
 * must never contain a secret value.
 */
export class TaskFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'TaskFailure';
  }
}

/** Decides whether a task may reach a host; throws `TaskFailure('egress_denied', …)` when not. */
export interface EgressGuard {
  /** Resolves `host` and checks every address; returns the addresses that may be used. */
  check(host: string): Promise<string[]>;
}

/**
 * One operator setting a type declares in its descriptor (a provider endpoint, SPEC 3.1): read from
 * the environment once at start, checked, and handed to that type alone as `ctx.settings[key]`.
 */
export interface SettingSpec {
  /** the environment variable, `PATCHBAY_<TYPE>_…` (the type id or one word of it, upper case) */
  readonly env: string;
  /** the name the type reads it by: `ctx.settings.<key>` */
  readonly key: string;
  /** used when the variable is unset or empty; `''` means "not set" */
  readonly default: string;
  /** one line for the README's settings table: what it is, what empty means */
  readonly doc: string;
  /** `url`: when set, an absolute http(s) URL */
  readonly format?: 'url';
  /** a type's own check of a set value: what is wrong and how to fix it, or undefined when it is fine */
  readonly check?: (value: string) => string | undefined;
}

/** The settings a type receives: one string per declared key (its default when the variable is unset). */
export type TypeSettings = Readonly<Record<string, string>>;

/** The values of a declared settings list, keyed by each setting's `key`. */
export type SettingValues<S extends readonly SettingSpec[]> = {
  readonly [P in S[number] as P['key']]: string;
};

/**
 * Declares a type's settings with their keys kept literal, so the type reads `ctx.settings.apiUrl`
 * typed, without casts.
 *
 * @example
 * export const acmeSettings = defineSettings([
 *   { env: 'PATCHBAY_ACME_API_URL', key: 'apiUrl', default: 'https://api.acme.example', doc: 'Acme API', format: 'url' },
 * ]);
 * export const acmeType: TypeDescriptor<typeof acmeSettings> = { …, settings: acmeSettings };
 * // in its validate: fetch(`${ctx.settings.apiUrl}/v1/me`)
 */
export function defineSettings<const S extends readonly SettingSpec[]>(specs: S): S {
  return specs;
}

export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** Everything a validate/execute/setup call may use. Built per call by the runner. */
export interface TypeContext<S extends TypeSettings = TypeSettings> {
  workspaceId: string;
  tag: string;
  /** aborted when the call's time budget runs out (pass it to libraries that take one) */
  signal: AbortSignal;
  /**
   * Calls `listener` once when the call's time budget runs out (at once when it has), and returns
   * the function that removes it. Cheaper than an abort listener on `signal`: a call whose task
   * only uses this never makes an AbortSignal at all. `raceAbort` uses it.
   */
  onDeadline(listener: () => void): () => void;
  timeoutMs: number;
  egress: EgressGuard;
  /** this type's own settings (its descriptor's `settings`), never another type's */
  settings: S;
  /** the connection's setup payload (aws external id), if any */
  setup: JsonObject | null;
  /** long-lived per-type resources (connection pools) that survive across calls */
  resources: ResourceCache;
  logger: Logger;
  /**
   * The call's secrets, computed once by the runner from the schema's `x-secret` inputs, and their
   * redactor. The runner scrubs output and errors with them; a task redacts earlier only where it must
   * (before a byte cap, before a log line) and adds the secret forms it derives (`ctx.secrets.add`).
   */
  secrets: CallSecrets;
}

/** What a type's `setup` receives at create. */
export interface SetupContext<S extends TypeSettings = TypeSettings> {
  workspaceId: string;
  tag: string;
  settings: S;
}

/** A keyed cache of disposable resources, e.g. database pools keyed by their merged inputs. */
export interface ResourceCache {
  get<T>(key: string, create: () => T, dispose: (value: T) => Promise<void> | void): T;
  /** dispose every resource whose key starts with `prefix` */
  evict(prefix: string): Promise<void>;
}

/**
 * One connection type: its schema and behaviour. Each type is one folder under `types/` exporting
 * one descriptor, listed once in `types/registry.ts`.
 *
 * @example
 * const inputSchema = objectSchema({ url: target('Absolute URL'), token: opt(secret('Bearer token')) });
 * export const httpType: TypeDescriptor<typeof inputSchema> = {
 *   id: 'http', kind: 'task', displayName: 'HTTP request', shortName: 'HTTP', description: '…', inputSchema,
 *   defaultScopes: [], commands: ['request'],
 *   // inputs: { url: string; token?: string }, from the schema
 *   validate: async (inputs, ctx) => ({ valid: true, message: null, checks: [] }),
 * };
 */
export interface TypeDescriptor<
  I extends InputSchema = InputSchema,
  S extends readonly SettingSpec[] = readonly SettingSpec[],
> {
  id: string;
  kind: Kind;
  displayName: string;
  /** what a sentence or a picker calls it: 'AWS', 'Atlas', 'PostgreSQL' */
  shortName: string;
  description: string;
  /** made with TypeBox (task-kit/schema.ts), so that validate and execute get `Static<I>` */
  inputSchema: I;
  defaultScopes: Scope[];
  commands: string[];
  /** operator settings this type reads (environment variables), documented in the README from here */
  settings?: S;
  /**
   * cloud types: what to do on the provider's side, one short text a step, in a limited markup
   * (`**bold**`, `` `code` ``, `_emphasis_`; no links, HTML or other Markdown) that clients render
   */
  setupSteps?: string[];
  /** `generic` only: any key may be a secret, named by the caller */
  freeFormSecrets?: boolean;
  /** test the connection against the real system */
  validate?(inputs: InputsOf<I>, ctx: TypeContext<SettingValues<S>>): Promise<ValidationOutcome>;
  /** run the task; returns `output_value` or throws */
  execute?(inputs: InputsOf<I>, ctx: TypeContext<SettingValues<S>>): Promise<unknown>;
  /** provider setup payload made at create (aws: external id and trust policy) */
  setup?(ctx: SetupContext<SettingValues<S>>): Promise<JsonObject>;
}

/** Field lists derived from a schema, computed once per schema object (types are fixed at start). */
function perSchema(mark: 'x-secret' | 'x-target') {
  const known = new WeakMap<InputSchema, string[]>();
  return (schema: InputSchema): string[] => {
    let fields = known.get(schema);
    if (!fields) {
      fields = Object.entries(schema.properties)
        .filter(([, p]) => p[mark] === true)
        .map(([k]) => k);
      known.set(schema, fields);
    }
    return fields;
  };
}

/** The fields marked `x-secret` (shared: do not modify). */
export const secretFieldsOf = perSchema('x-secret');

/** The fields marked `x-target` (shared: do not modify). */
export const targetFieldsOf = perSchema('x-target');

/** Looks types up by id; `get` throws `type_not_found`. */
export interface TypeRegistry {
  list(): readonly TypeDescriptor[];
  get(id: string): TypeDescriptor;
  has(id: string): boolean;
}
