import { useId, useState } from 'react';
import { parse, stringify } from 'yaml';
import type { JsonObject } from '../api';
import {
  type Field,
  type FormState,
  initialState,
  type ParsedInputs,
  parseState,
  SchemaFields,
} from './schema-form';

/**
 * A connection's inputs, edited either with the generated form or as YAML with two sections,
 * `value` (plain inputs) and `secrets` (stored encrypted, never shown again).
 */
export interface EditorState {
  mode: 'form' | 'yaml';
  form: FormState;
  yaml: string;
}

export const newEditorState = (fields: Field[], value?: JsonObject): EditorState => ({
  mode: fields.length === 0 ? 'yaml' : 'form',
  form: initialState(fields, value),
  yaml: '',
});

const isObject = (v: unknown): v is JsonObject => v !== null && typeof v === 'object' && !Array.isArray(v);

function yamlOf(parsed: ParsedInputs): string {
  const value = Object.fromEntries(Object.entries(parsed.value).filter(([, v]) => v !== null));
  const doc: JsonObject = { value };
  if (Object.keys(parsed.secrets).length > 0) doc.secrets = parsed.secrets;
  return stringify(doc);
}

/** YAML text → inputs; throws with a message that says what is wrong. */
export function parseYaml(text: string): ParsedInputs {
  if (text.trim() === '') return { value: {}, secrets: {}, errors: {} };
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (error) {
    throw new Error(`the YAML does not parse: ${(error as Error).message.split('\n')[0]}`);
  }
  if (doc === null || doc === undefined) return { value: {}, secrets: {}, errors: {} };
  if (!isObject(doc)) throw new Error('the YAML must be a mapping with "value:" and optionally "secrets:"');
  const unknown = Object.keys(doc).filter((k) => k !== 'value' && k !== 'secrets');
  if (unknown.length > 0) {
    throw new Error(`put inputs under "value:" (or "secrets:"), not at the top level: ${unknown.join(', ')}`);
  }
  const value = doc.value ?? {};
  const secrets = doc.secrets ?? {};
  if (!isObject(value) || !isObject(secrets))
    throw new Error('"value" and "secrets" must each be a mapping of input → value');
  return { value, secrets, errors: {} };
}

/** The editor's inputs, whichever mode is showing. */
export function collectInputs(state: EditorState, fields: Field[], previous?: JsonObject): ParsedInputs {
  return state.mode === 'yaml' ? parseYaml(state.yaml) : parseState(fields, state.form, previous);
}

export function InputsEditor({
  fields,
  state,
  onChange,
  errors,
  secretFields,
  keepsSecrets,
  previous,
}: {
  fields: Field[];
  state: EditorState;
  onChange: (next: EditorState) => void;
  errors?: Record<string, string>;
  secretFields?: string[];
  keepsSecrets?: boolean;
  previous?: JsonObject;
}) {
  const id = useId();
  const [switchError, setSwitchError] = useState<string | null>(null);

  const toYaml = () => {
    if (state.mode === 'yaml') return;
    setSwitchError(null);
    onChange({ ...state, mode: 'yaml', yaml: yamlOf(parseState(fields, state.form)) });
  };
  const toForm = () => {
    if (state.mode === 'form') return;
    try {
      const parsed = parseYaml(state.yaml);
      const form: FormState = initialState(fields, parsed.value);
      for (const [k, v] of Object.entries(parsed.secrets)) if (typeof v === 'string') form[k] = v;
      setSwitchError(null);
      onChange({ ...state, mode: 'form', form });
    } catch (error) {
      setSwitchError((error as Error).message);
    }
  };

  return (
    <div className="inputs-editor">
      <fieldset className="segmented">
        <legend className="sr-only">Edit inputs as</legend>
        <button
          type="button"
          aria-pressed={state.mode === 'form'}
          onClick={toForm}
          disabled={fields.length === 0}
        >
          Form
        </button>
        <button type="button" aria-pressed={state.mode === 'yaml'} onClick={toYaml}>
          YAML
        </button>
      </fieldset>
      {switchError ? (
        <p className="field-error" role="alert">
          {switchError}
        </p>
      ) : null}
      {state.mode === 'form' ? (
        <SchemaFields
          fields={fields}
          state={state.form}
          onChange={(form) => onChange({ ...state, form })}
          errors={errors}
          secretFields={secretFields}
          keepsSecrets={keepsSecrets}
          idPrefix={id}
        />
      ) : (
        <div className="field field-wide">
          <label htmlFor={`${id}-yaml`}>Inputs as YAML</label>
          <textarea
            id={`${id}-yaml`}
            className="mono yaml-editor"
            rows={12}
            spellCheck={false}
            value={state.yaml}
            placeholder={'value:\n  repository_url: https://example.com/repo.git\nsecrets:\n  password: …'}
            onChange={(e) => onChange({ ...state, yaml: e.target.value })}
            aria-describedby={`${id}-yaml-help`}
          />
          <p className="help" id={`${id}-yaml-help`}>
            <code>value:</code> holds plain inputs; <code>secrets:</code> holds secret inputs, stored
            encrypted and never shown again.{keepsSecrets ? ' A secret left out keeps its stored value.' : ''}
            {previous && fields.length > 0 ? ' Only the inputs you list are changed.' : ''}
          </p>
        </div>
      )}
    </div>
  );
}
