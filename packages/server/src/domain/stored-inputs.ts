import { AppError } from './errors.js';
import { placeholderKey } from './input-validation.js';
import { MASK } from './merge.js';
import type { JsonObject } from './model.js';
import { MIN_SECRET_LENGTH } from './scrub.js';
import { secretFieldsOf, type TypeDescriptor } from './type-descriptor.js';

/** A change to a connection's inputs: the new value, secrets to (re)write, secrets to drop. */
export interface InputChange {
  value: JsonObject;
  setSecrets: JsonObject;
  dropSecrets: string[];
}

const blank = (v: unknown) => v === undefined || v === null || v === '';

const isSecretField = (type: TypeDescriptor, field: string, current: readonly string[]) =>
  type.freeFormSecrets ? current.includes(field) : secretFieldsOf(type.inputSchema).includes(field);

function notSecret(type: TypeDescriptor, field: string, tag: string): AppError {
  return new AppError(
    'invalid_input',
    `'${field}' is not a secret input of type '${type.id}'; send it in value (connection '${tag}')`,
    { issues: [{ path: field, message: 'is not a secret input' }] },
  );
}

/**
 * Create: inputs given in `value` go to secrets when the schema says so (unless they are Vault
 * placeholders); inputs in `secrets` must be secret inputs (any key for free-form types).
 */
export function splitCreateInputs(
  type: TypeDescriptor,
  tag: string,
  value: JsonObject,
  secrets: JsonObject,
): InputChange {
  const out: InputChange = { value: {}, setSecrets: {}, dropSecrets: [] };
  for (const [field, v] of Object.entries(value)) {
    if (!type.freeFormSecrets && isSecretField(type, field, []) && placeholderKey(v) === undefined) {
      if (!blank(v)) out.setSecrets[field] = v;
    } else if (v !== null) {
      out.value[field] = v;
    }
  }
  for (const [field, v] of Object.entries(secrets)) {
    if (placeholderKey(v) !== undefined) {
      out.value[field] = v;
      continue;
    }
    if (!type.freeFormSecrets && !isSecretField(type, field, [])) throw notSecret(type, field, tag);
    if (field in out.value) {
      throw new AppError('invalid_input', `'${field}' is given both in value and in secrets; give it once`, {
        issues: [{ path: field, message: 'given twice' }],
      });
    }
    if (!blank(v)) out.setSecrets[field] = v;
  }
  return out;
}

/** RFC 7396 JSON merge patch. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const base: JsonObject =
    target !== null && typeof target === 'object' && !Array.isArray(target)
      ? { ...(target as JsonObject) }
      : {};
  for (const [key, v] of Object.entries(patch as JsonObject)) {
    if (v === null) delete base[key];
    else base[key] = mergePatch(base[key], v);
  }
  return base;
}

/**
 * PATCH `value` (merge patch): a secret input set to a value is stored as a secret, set to a
 * placeholder becomes a reference, set to null is removed.
 */
export function applyValuePatch(
  type: TypeDescriptor,
  current: { value: JsonObject; secretFields: readonly string[] },
  patch: JsonObject,
): InputChange {
  const out: InputChange = { value: { ...current.value }, setSecrets: {}, dropSecrets: [] };
  for (const [field, v] of Object.entries(patch)) {
    const secret = isSecretField(type, field, current.secretFields) && !type.freeFormSecrets;
    if (v === null) {
      delete out.value[field];
      if (current.secretFields.includes(field)) out.dropSecrets.push(field);
    } else if (secret && placeholderKey(v) === undefined) {
      delete out.value[field];
      if (v !== '') out.setSecrets[field] = v;
    } else {
      if (current.secretFields.includes(field)) out.dropSecrets.push(field);
      out.value[field] = mergePatch(out.value[field], v);
    }
  }
  return out;
}

/**
 * PUT credentials: each input goes to value or secrets by the schema (for free-form types every
 * credential is a secret); a secret input that is absent, null or "" keeps the stored value; a
 * non-secret input set to null is removed.
 */
export function applyCredentials(
  type: TypeDescriptor,
  current: { value: JsonObject; secretFields: readonly string[] },
  inputs: JsonObject,
): InputChange {
  const out: InputChange = { value: { ...current.value }, setSecrets: {}, dropSecrets: [] };
  for (const [field, v] of Object.entries(inputs)) {
    const secret = type.freeFormSecrets === true || isSecretField(type, field, current.secretFields);
    if (secret) {
      if (blank(v)) continue;
      if (placeholderKey(v) !== undefined) {
        out.value[field] = v;
        out.dropSecrets.push(field);
      } else {
        delete out.value[field];
        out.setSecrets[field] = v;
      }
    } else if (v === null) {
      delete out.value[field];
    } else {
      out.value[field] = v;
    }
  }
  return out;
}

/** The secret field names after a change. */
export function nextSecretFields(current: readonly string[], change: InputChange): string[] {
  const names = new Set(current.filter((f) => !change.dropSecrets.includes(f)));
  for (const f of Object.keys(change.setSecrets)) names.add(f);
  return [...names].sort();
}

/**
 * Secret values that could not be kept safe are refused (SPEC 7): the mask itself (a resolve sent
 * back as credentials would overwrite the real secret with it), and secrets shorter than
 * {@link MIN_SECRET_LENGTH}, which output scrubbing cannot find without mangling ordinary text.
 */
export function refuseUnsafeSecrets(secrets: JsonObject, tag: string): void {
  const issues: { path: string; message: string }[] = [];
  const walk = (path: string, v: unknown) => {
    if (typeof v === 'string') {
      if (v === MASK)
        issues.push({ path, message: `is the mask ${MASK}, not a secret; send the real value` });
      else if (v.length > 0 && v.length < MIN_SECRET_LENGTH && !path.includes('.')) {
        issues.push({
          path,
          message: `is shorter than ${MIN_SECRET_LENGTH} characters; use a longer secret`,
        });
      }
    } else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) walk(`${path}.${k}`, x);
    }
  };
  for (const [field, value] of Object.entries(secrets)) walk(field, value);
  if (issues.length > 0) {
    throw new AppError(
      'invalid_input',
      `secret inputs of connection '${tag}' cannot be stored: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`,
      { issues },
    );
  }
}
