import type { JsonObject, JsonSchema } from '../api';

/**
 * A form generated from a type's `input_schema`: `x-secret` → password input, `enum` → select,
 * boolean → checkbox, number/integer → number input, array/object/untyped → JSON text. Defaults are
 * placeholders (the server applies them), required fields are marked.
 */
export type FormState = Record<string, string | boolean>;

export interface Field {
  name: string;
  schema: JsonSchema;
  required: boolean;
  secret: boolean;
  control: 'text' | 'secret' | 'select' | 'checkbox' | 'number' | 'json';
  /** a secret that spans lines (PEM key, key file): a masked textarea keeps its newlines */
  multiline: boolean;
}

const MULTILINE_SECRET = /\bPEM\b|OpenSSH|key file|certificate/i;

const typeOf = (schema: JsonSchema): string | undefined =>
  Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;

export function fieldsOf(schema: JsonSchema | undefined): Field[] {
  const required = new Set(schema?.required ?? []);
  return Object.entries(schema?.properties ?? {}).map(([name, prop]) => {
    const type = typeOf(prop);
    const secret = prop['x-secret'] === true;
    const control: Field['control'] = secret
      ? 'secret'
      : prop.enum
        ? 'select'
        : type === 'boolean'
          ? 'checkbox'
          : type === 'integer' || type === 'number'
            ? 'number'
            : type === 'string'
              ? 'text'
              : 'json';
    const multiline =
      secret &&
      (Array.isArray(prop.type)
        ? prop.type.includes('object')
        : MULTILINE_SECRET.test(prop.description ?? ''));
    return { name, schema: prop, required: required.has(name), secret, control, multiline };
  });
}

/** The form's starting state: empty for a new connection, the stored non-secret inputs when editing. */
export function initialState(fields: Field[], value: JsonObject = {}): FormState {
  const state: FormState = {};
  for (const field of fields) {
    const v = value[field.name];
    if (field.secret || v === undefined || v === null) continue;
    if (field.control === 'checkbox') state[field.name] = v === true;
    else if (field.control === 'json' || typeof v === 'object')
      state[field.name] = JSON.stringify(v, null, 2);
    else state[field.name] = String(v);
  }
  return state;
}

export interface ParsedInputs {
  value: JsonObject;
  secrets: JsonObject;
  errors: Record<string, string>;
}

/**
 * Form state → inputs. Blank fields are left out (the server's defaults apply; a blank secret keeps
 * the stored one). With `previous`, a non-secret input that was set and is now blank is sent as
 * `null`, which removes it.
 */
export function parseState(fields: Field[], state: FormState, previous?: JsonObject): ParsedInputs {
  const out: ParsedInputs = { value: {}, secrets: {}, errors: {} };
  for (const field of fields) {
    const raw = state[field.name];
    if (field.control === 'checkbox') {
      if (raw !== undefined) out.value[field.name] = raw === true;
      continue;
    }
    const text = typeof raw === 'string' ? raw : '';
    if (text.trim() === '') {
      if (!field.secret && previous && previous[field.name] !== undefined) out.value[field.name] = null;
      continue;
    }
    if (field.secret) {
      out.secrets[field.name] = text;
    } else if (field.control === 'number') {
      const n = Number(text);
      if (!Number.isFinite(n)) out.errors[field.name] = 'enter a number';
      else out.value[field.name] = n;
    } else if (field.control === 'json') {
      try {
        out.value[field.name] = JSON.parse(text);
      } catch {
        // A bare word in an untyped field (e.g. http's `json`) is meant as a string.
        if (typeOf(field.schema))
          out.errors[field.name] = 'enter valid JSON, e.g. {"key": "value"} or [1, 2]';
        else out.value[field.name] = text;
      }
    } else {
      out.value[field.name] = text;
    }
  }
  return out;
}

const placeholderOf = (field: Field, secretSet: boolean, keepsSecrets: boolean): string | undefined => {
  if (field.secret) return secretSet && keepsSecrets ? '•••••••• (stored — leave blank to keep)' : undefined;
  if (field.schema.default !== undefined) {
    const d = field.schema.default;
    return `default: ${typeof d === 'string' ? d : JSON.stringify(d)}`;
  }
  if (field.control === 'json') return typeOf(field.schema) === 'array' ? '["…"]' : '{"key": "value"}';
  return undefined;
};

export function SchemaFields({
  fields,
  state,
  onChange,
  errors = {},
  secretFields = [],
  keepsSecrets = false,
  idPrefix,
}: {
  fields: Field[];
  state: FormState;
  onChange: (next: FormState) => void;
  errors?: Record<string, string>;
  /** names of secret inputs that have a stored value */
  secretFields?: string[];
  /** editing: a blank secret keeps the stored one, and the form says so */
  keepsSecrets?: boolean;
  idPrefix: string;
}) {
  if (fields.length === 0) {
    return <p className="muted">This type has no fixed inputs: use the YAML editor to give any keys.</p>;
  }
  const set = (name: string, v: string | boolean) => onChange({ ...state, [name]: v });
  return (
    <div className="form-grid">
      {fields.map((field) => {
        const id = `${idPrefix}-${field.name}`;
        const helpId = `${id}-help`;
        const isSet = secretFields.includes(field.name);
        const value = state[field.name];
        const common = {
          id,
          name: field.name,
          'aria-describedby': helpId,
          'aria-required': field.required || undefined,
          'aria-invalid': errors[field.name] ? true : undefined,
        };
        return (
          <div
            className={`field${field.control === 'json' || field.multiline ? ' field-wide' : ''}`}
            key={field.name}
          >
            <label htmlFor={id}>
              <code>{field.name}</code>
              {field.required ? (
                <span className="required" title="required">
                  {' '}
                  *<span className="sr-only"> required</span>
                </span>
              ) : null}
              {field.secret ? <span className="tag-secret">secret</span> : null}
              {field.secret && keepsSecrets ? (
                <span className={`secret-state ${isSet ? 'is-set' : ''}`}>{isSet ? 'set' : 'not set'}</span>
              ) : null}
            </label>
            {field.control === 'select' ? (
              <select
                {...common}
                value={String(value ?? '')}
                onChange={(e) => set(field.name, e.target.value)}
              >
                <option value="">
                  {field.schema.default !== undefined
                    ? `default (${String(field.schema.default)})`
                    : '— choose —'}
                </option>
                {(field.schema.enum ?? []).map((option) => (
                  <option key={String(option)} value={String(option)}>
                    {String(option)}
                  </option>
                ))}
              </select>
            ) : field.control === 'checkbox' ? (
              <span className="checkbox-row">
                <input
                  {...common}
                  type="checkbox"
                  checked={value === true || (value === undefined && field.schema.default === true)}
                  onChange={(e) => set(field.name, e.target.checked)}
                />
                <span className="muted">
                  {value === undefined ? 'not set (server default)' : value ? 'on' : 'off'}
                </span>
              </span>
            ) : field.control === 'json' || field.multiline ? (
              <textarea
                {...common}
                rows={3}
                spellCheck={false}
                autoComplete="off"
                className={field.multiline ? 'mono masked' : 'mono'}
                placeholder={placeholderOf(field, isSet, keepsSecrets)}
                value={String(value ?? '')}
                onChange={(e) => set(field.name, e.target.value)}
              />
            ) : (
              <input
                {...common}
                type={field.secret ? 'password' : field.control === 'number' ? 'number' : 'text'}
                step={typeOf(field.schema) === 'integer' ? 1 : 'any'}
                autoComplete={field.secret ? 'new-password' : 'off'}
                spellCheck={false}
                placeholder={placeholderOf(field, isSet, keepsSecrets)}
                value={String(value ?? '')}
                onChange={(e) => set(field.name, e.target.value)}
              />
            )}
            <p className="help" id={helpId}>
              {errors[field.name] ? <span className="field-error">{errors[field.name]} · </span> : null}
              {field.schema.description ?? ''}
              {field.secret && keepsSecrets && isSet ? (
                <span className="keep-note">Leave blank to keep the stored secret.</span>
              ) : null}
            </p>
          </div>
        );
      })}
    </div>
  );
}
