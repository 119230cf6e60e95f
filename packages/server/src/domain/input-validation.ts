import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { AppError, type Issue } from './errors.js';
import type { JsonObject } from './model.js';
import { targetIssues } from './target-check.js';
import type { TypeDescriptor } from './type-descriptor.js';

// ajv-formats is CommonJS; under NodeNext its plugin is the `default` property of the module object.
const addFormats = addFormatsModule.default;

const PLACEHOLDER = /^vault\.secret\(([^()\s]+)\)$/;

/** The key named by a `vault.secret(KEY)` placeholder, or undefined for any other value. */
export function placeholderKey(value: unknown): string | undefined {
  return typeof value === 'string' ? PLACEHOLDER.exec(value)?.[1] : undefined;
}

function makeAjv(): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true, useDefaults: false });
  ajv.addKeyword({ keyword: 'x-secret', schemaType: 'boolean' });
  ajv.addKeyword({ keyword: 'x-target', schemaType: 'boolean' });
  addFormats(ajv);
  return ajv;
}

const toIssues = (errors: ErrorObject[] | null | undefined): Issue[] =>
  (errors ?? []).map((e) => {
    const field = e.instancePath.replace(/^\//, '').replaceAll('/', '.');
    if (e.keyword === 'additionalProperties') {
      const extra = String(e.params.additionalProperty);
      return { path: extra, message: 'is not an input of this type' };
    }
    return { path: field || '(inputs)', message: e.message ?? 'is invalid' };
  });

export interface InputValidator {
  /**
   * Checks stored inputs (value + secrets) without `required`: placeholders stand for any value.
   * Throws `invalid_input` with `details.issues`.
   */
  checkStored(type: TypeDescriptor, inputs: JsonObject, tag: string): void;
  /** Required inputs that have no value; a placeholder counts as a value. */
  missingRequired(type: TypeDescriptor, inputs: JsonObject): string[];
  /** Full check of merged inputs: `missing_input` (details.fields) or `invalid_input` (details.issues). */
  checkMerged(type: TypeDescriptor, inputs: JsonObject, tag: string): void;
  /** compiles every schema now, so a broken type schema fails at start-up, not on a request */
  precompile(types: readonly TypeDescriptor[]): void;
}

/** Compiles each type's schema once (stored form without `required`, merged form with it). */
export function createInputValidator(): InputValidator {
  const ajv = makeAjv();
  const cache = new Map<string, { stored: ValidateFunction; merged: ValidateFunction }>();
  const compiled = (type: TypeDescriptor) => {
    let entry = cache.get(type.id);
    if (!entry) {
      const { required: _required, $schema: _s, ...rest } = type.inputSchema;
      const merged = { ...rest, required: type.inputSchema.required ?? [] };
      entry = { stored: ajv.compile({ ...rest, required: [] }), merged: ajv.compile(merged) };
      cache.set(type.id, entry);
    }
    return entry;
  };
  const present = (v: unknown) => v !== undefined && v !== null && v !== '';

  return {
    precompile(types) {
      for (const type of types) compiled(type);
    },
    checkStored(type, inputs, tag) {
      const withoutPlaceholders = Object.fromEntries(
        Object.entries(inputs).filter(([, v]) => placeholderKey(v) === undefined),
      );
      const validate = compiled(type).stored;
      const valid = validate(withoutPlaceholders);
      const issues = valid ? targetIssues(type.inputSchema, withoutPlaceholders) : toIssues(validate.errors);
      if (issues.length > 0) {
        throw new AppError(
          'invalid_input',
          `inputs of connection '${tag}' do not fit type '${type.id}': ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}; see GET /v1/types/${type.id}`,
          { issues },
        );
      }
    },
    missingRequired(type, inputs) {
      return (type.inputSchema.required ?? []).filter((f) => !present(inputs[f]));
    },
    checkMerged(type, inputs, tag) {
      const missing = this.missingRequired(type, inputs);
      if (missing.length > 0) {
        throw new AppError(
          'missing_input',
          `connection '${tag}' has no value for ${missing.map((f) => `'${f}'`).join(', ')}; set it with PUT /v1/connections/${tag}/credentials or pass it in inputs`,
          { fields: missing },
        );
      }
      const validate = compiled(type).merged;
      const valid = validate(inputs);
      const issues = valid ? targetIssues(type.inputSchema, inputs) : toIssues(validate.errors);
      if (issues.length > 0) {
        throw new AppError(
          'invalid_input',
          `merged inputs of '${tag}' do not fit type '${type.id}': ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`,
          { issues },
        );
      }
    },
  };
}
