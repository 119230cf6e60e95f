import { AppError } from './errors.js';
import { placeholderKey } from './input-validation.js';
import type { Connection, JsonObject } from './model.js';
import type { VaultSecret } from './ports.js';
import { secretFieldsOf, type TypeDescriptor } from './type-descriptor.js';

export const MASK = '********';

/** Property names refused anywhere in a body and as input names (SPEC 2). */
export const FORBIDDEN_KEY_NAMES = ['__proto__', 'constructor', 'prototype'] as const;
const FORBIDDEN_KEYS = new Set<string>(FORBIDDEN_KEY_NAMES);

/** Property names refused in every body (SPEC 2): they reach an object's prototype, not a field. */
export const isForbiddenKey = (key: string): boolean => FORBIDDEN_KEYS.has(key);

/** The merge in progress: values, where each came from, and which ones are secret. */
export interface MergeState {
  inputs: JsonObject;
  sources: Record<string, string>;
  /** fields whose current value is secret (masked unless revealed) */
  secret: Set<string>;
  /** fields holding a `vault.secret(KEY)` placeholder, waiting for the Vault layer */
  placeholders: Map<string, string>;
}

/** One layer of SPEC 6.1: applies its keys over the earlier layers'. */
export type MergeLayer = (state: MergeState) => void;

const setField = (state: MergeState, field: string, value: unknown, source: string, secret: boolean) => {
  // the HTTP parser refuses these already; a Vault secret or an in-process caller must not either
  if (isForbiddenKey(field)) {
    throw new AppError('invalid_input', `'${field}' is not an input name; remove it`, {
      issues: [{ path: field, message: 'is a forbidden property name' }],
    });
  }
  state.inputs[field] = value;
  state.sources[field] = source;
  state.placeholders.delete(field);
  if (secret) state.secret.add(field);
  else state.secret.delete(field);
};

/** Layer 1: the connection's value and its stored (decrypted) secrets. */
export function connectionLayer(
  connection: Connection,
  secrets: JsonObject,
  secretFields: Set<string>,
): MergeLayer {
  // worked out once: the layer is kept with the cached connection and applied on every call
  const fields = Object.entries(connection.value).map(([field, value]) => ({
    field,
    value,
    placeholder: placeholderKey(value),
    secret: secretFields.has(field),
  }));
  const stored = Object.entries(secrets);
  return (state) => {
    for (const { field, value, placeholder, secret } of fields) {
      if (placeholder !== undefined) {
        state.placeholders.set(field, placeholder);
        state.sources[field] = 'connection';
      } else {
        setField(state, field, value, 'connection', secret);
      }
    }
    for (const [field, value] of stored) setField(state, field, value, 'secret', true);
  };
}

/**
 * Layer 2: the attached Vault secret. Every key that is an input of the type is applied, except onto
 * a field that holds a placeholder; each `vault.secret(KEY)` placeholder takes the secret's KEY, or is
 * `vault_key_missing` (SPEC 6.1). Vault values count as secret.
 */
export function vaultLayer(
  type: TypeDescriptor,
  tag: string,
  secret: VaultSecret & { path: string },
): MergeLayer {
  const acceptsAnyKey = type.inputSchema.additionalProperties !== false;
  // worked out once: a layer is kept while the Vault cache hands out the same secret
  const sources = new Map(
    Object.keys(secret.data).map((key) => [key, `vault:${secret.path}#${key}@${secret.version ?? 0}`]),
  );
  const inputs = Object.entries(secret.data).filter(
    ([key]) => acceptsAnyKey || Object.hasOwn(type.inputSchema.properties, key),
  );
  return (state) => {
    for (const [key, value] of inputs) {
      // a field holding vault.secret(KEY) takes KEY, never the secret's key named like the field
      if (!state.placeholders.has(key)) setField(state, key, value, sources.get(key)!, true);
    }
    for (const [field, key] of [...state.placeholders]) {
      const source = sources.get(key);
      if (source === undefined) {
        throw new AppError(
          'vault_key_missing',
          `input '${field}' of connection '${tag}' asks for vault.secret(${key}), but the Vault secret '${secret.path}' has no key '${key}'; add the key in Vault or change the placeholder`,
          { field, key, path: secret.path },
        );
      }
      setField(state, field, secret.data[key], source, true);
    }
  };
}

/** Layer 3: the call's overrides. */
export function overrideLayer(overrides: JsonObject, secretFields: Set<string>): MergeLayer {
  return (state) => {
    for (const [field, value] of Object.entries(overrides)) {
      setField(state, field, value, 'override', secretFields.has(field));
    }
  };
}

/** Fills schema defaults for inputs no layer gave. */
/** The schema defaults of each type, listed once; only object defaults need a copy per call. */
const defaultsByType = new WeakMap<TypeDescriptor, [string, unknown][]>();

export function defaultsLayer(type: TypeDescriptor): MergeLayer {
  let defaults = defaultsByType.get(type);
  if (!defaults) {
    defaults = Object.entries(type.inputSchema.properties).flatMap(([field, prop]) =>
      prop.default === undefined ? [] : [[field, prop.default] as [string, unknown]],
    );
    defaultsByType.set(type, defaults);
  }
  const list = defaults;
  return (state) => {
    for (const [field, value] of list) {
      if (state.inputs[field] === undefined && !state.placeholders.has(field)) {
        setField(
          state,
          field,
          typeof value === 'object' && value !== null ? structuredClone(value) : value,
          'default',
          false,
        );
      }
    }
  };
}

/** Runs the layers in order. A placeholder left unresolved (no Vault secret attached) is an error. */
export function mergeLayers(tag: string, layers: MergeLayer[]): MergeState {
  // ordinary objects, not null-prototype ones: V8 keeps those in dictionary mode, slower to fill, read
  // and serialise on every call. No key reaches the prototype: setField refuses the forbidden names.
  const state: MergeState = {
    inputs: {},
    sources: {},
    secret: new Set(),
    placeholders: new Map(),
  };
  for (const layer of layers) layer(state);
  const [unresolved] = state.placeholders;
  if (unresolved) {
    const [field, key] = unresolved;
    throw new AppError(
      'vault_key_missing',
      `input '${field}' of connection '${tag}' is vault.secret(${key}), but no Vault secret is attached; attach one with PUT /v1/connections/${tag}/vault`,
      { field, key },
    );
  }
  return state;
}

/** The secret fields of a connection: the schema's, or for free-form types the ones stored as secrets. */
export function secretFieldSet(
  type: TypeDescriptor,
  connection: Pick<Connection, 'secretFields'>,
): Set<string> {
  return new Set(type.freeFormSecrets ? connection.secretFields : secretFieldsOf(type.inputSchema));
}

/** The merged inputs with secret values replaced by {@link MASK}. */
export function maskInputs(state: MergeState): JsonObject {
  const out: JsonObject = {};
  for (const field of Object.keys(state.inputs))
    out[field] = state.secret.has(field) ? MASK : state.inputs[field]!;
  return out;
}
