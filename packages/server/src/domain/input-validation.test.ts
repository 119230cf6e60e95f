/** SPEC 1.1 status inputs and SPEC 6.1 validation after the merge, table-driven. */
import { describe, expect, it } from 'vitest';
import { isAppError } from './errors.js';
import { createInputValidator, placeholderKey } from './input-validation.js';
import type { JsonObject } from './model.js';
import { dbType } from './test-fixtures.js';

const validator = createInputValidator();

describe('missing required inputs decide pending vs unverified (SPEC 1.1)', () => {
  const table: [string, JsonObject, string[]][] = [
    ['all required present: unverified', { host: 'h', user: 'u' }, []],
    ['one missing: pending', { host: 'h' }, ['user']],
    ['"" is no value', { host: '', user: 'u' }, ['host']],
    ['null is no value', { host: null, user: 'u' }, ['host']],
    ['a placeholder counts as a value', { host: 'h', user: 'vault.secret(user)' }, []],
  ];
  for (const [name, inputs, missing] of table) {
    it(name, () => expect(validator.missingRequired(dbType, inputs)).toEqual(missing));
  }
});

describe('merged inputs are validated against the schema', () => {
  const failure = (inputs: JsonObject) => {
    try {
      validator.checkMerged(dbType, inputs, 'db');
    } catch (error) {
      if (isAppError(error)) return { code: error.code, details: error.details };
      throw error;
    }
    return undefined;
  };

  it('complete and well-formed: passes', () =>
    expect(failure({ host: 'h', user: 'u', port: 1 })).toBeUndefined());
  it('a missing required input is missing_input naming it', () =>
    expect(failure({ host: 'h' })).toEqual({ code: 'missing_input', details: { fields: ['user'] } }));
  it('a wrong type is invalid_input with the path', () =>
    expect(failure({ host: 'h', user: 'u', port: 'x' })).toMatchObject({
      code: 'invalid_input',
      details: { issues: [{ path: 'port' }] },
    }));
  it('an unknown input is invalid_input', () =>
    expect(failure({ host: 'h', user: 'u', nope: 1 })).toMatchObject({
      code: 'invalid_input',
      details: { issues: [{ path: 'nope', message: 'is not an input of this type' }] },
    }));
  it('stored inputs skip required and stand placeholders for any value', () => {
    expect(() => validator.checkStored(dbType, { port: 'vault.secret(p)' }, 'db')).not.toThrow();
    expect(() => validator.checkStored(dbType, { port: 'x' }, 'db')).toThrow(/port/);
  });
  it('a placeholder is exactly vault.secret(KEY)', () => {
    expect(placeholderKey('vault.secret(db_pw)')).toBe('db_pw');
    for (const v of ['vault.secret()', 'vault.secret(a b)', ' vault.secret(a)', 'x', 1])
      expect(placeholderKey(v)).toBeUndefined();
  });
});
