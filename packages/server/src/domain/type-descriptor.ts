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

/** Server-fixed provider endpoints (SPEC 3.1) and other operator settings a type may need. */
export interface ProviderSettings {
  awsStsEndpoint: string | undefined;
  awsPrincipalArn: string | undefined;
  gcpTokenUrl: string;
  gcpApiUrl: string;
  azureAuthorityUrl: string;
  azureManagementUrl: string;
  atlasApiUrl: string;
  auraApiUrl: string;
}

export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** Everything a validate/execute/setup call may use. Built per call by the runner. */
export interface TypeContext {
  workspaceId: string;
  tag: string;
  /** aborted when the call's time budget runs out */
  signal: AbortSignal;
  timeoutMs: number;
  egress: EgressGuard;
  settings: ProviderSettings;
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
 *   id: 'http', kind: 'task', displayName: 'HTTP request', description: '…', inputSchema,
 *   defaultScopes: [], commands: ['request'],
 *   // inputs: { url: string; token?: string }, from the schema
 *   validate: async (inputs, ctx) => ({ valid: true, message: null, checks: [] }),
 * };
 */
export interface TypeDescriptor<S extends InputSchema = InputSchema> {
  id: string;
  kind: Kind;
  displayName: string;
  description: string;
  /** made with TypeBox (task-kit/schema.ts), so that validate and execute get `Static<S>` */
  inputSchema: S;
  defaultScopes: Scope[];
  commands: string[];
  /** `generic` only: any key may be a secret, named by the caller */
  freeFormSecrets?: boolean;
  /** test the connection against the real system */
  validate?(inputs: InputsOf<S>, ctx: TypeContext): Promise<ValidationOutcome>;
  /** run the task; returns `output_value` or throws */
  execute?(inputs: InputsOf<S>, ctx: TypeContext): Promise<unknown>;
  /** provider setup payload made at create (aws: external id and trust policy) */
  setup?(ctx: { workspaceId: string; tag: string; settings: ProviderSettings }): Promise<JsonObject>;
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
