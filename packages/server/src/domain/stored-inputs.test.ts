/** How inputs are stored (SPEC 1, 2): value vs secrets by the schema, merge patch, credentials. */
import { describe, expect, it } from 'vitest';
import { isAppError } from './errors.js';
import type { JsonObject } from './model.js';
import {
  applyCredentials,
  applyValuePatch,
  mergePatch,
  nextSecretFields,
  splitCreateInputs,
} from './stored-inputs.js';
import { dbType, freeType } from './test-fixtures.js';

const code = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (error) {
    return isAppError(error) ? error.code : 'not an AppError';
  }
  return undefined;
};

describe('create: each input goes to value or secrets by the schema', () => {
  const table: [string, JsonObject, JsonObject, JsonObject, JsonObject][] = [
    [
      'a secret input inside value is stored as a secret',
      { host: 'h', password: 'pw' },
      {},
      { host: 'h' },
      { password: 'pw' },
    ],
    [
      'a placeholder for a secret input stays in value (a reference)',
      { password: 'vault.secret(pw)' },
      {},
      { password: 'vault.secret(pw)' },
      {},
    ],
    ['an empty secret is not stored', { password: '' }, {}, {}, {}],
    ['secrets may hold secret inputs', {}, { password: 'pw' }, {}, { password: 'pw' }],
  ];
  for (const [name, value, secrets, storedValue, storedSecrets] of table) {
    it(name, () => {
      const change = splitCreateInputs(dbType, 'db', value, secrets);
      expect(change.value).toEqual(storedValue);
      expect(change.setSecrets).toEqual(storedSecrets);
    });
  }

  it('a non-secret input in secrets, or one given twice, is invalid_input', () => {
    expect(code(() => splitCreateInputs(dbType, 'db', {}, { host: 'h' }))).toBe('invalid_input');
    expect(code(() => splitCreateInputs(freeType, 'f', { k: 1 }, { k: 'x' }))).toBe('invalid_input');
  });

  it('a free-form type stores whatever comes in secrets as a secret', () => {
    expect(splitCreateInputs(freeType, 'f', { a: 1 }, { api_key: 'k' })).toEqual({
      value: { a: 1 },
      setSecrets: { api_key: 'k' },
      dropSecrets: [],
    });
  });
});

describe('PUT credentials: a secret that is absent, null or "" keeps the stored value', () => {
  const current = { value: { host: 'h', user: 'u' }, secretFields: ['password'] };
  const table: [
    string,
    JsonObject,
    Partial<{ value: JsonObject; setSecrets: JsonObject; dropSecrets: string[] }>,
  ][] = [
    [
      'absent keeps it',
      { host: 'h2' },
      { value: { host: 'h2', user: 'u' }, setSecrets: {}, dropSecrets: [] },
    ],
    ['null keeps it', { password: null }, { setSecrets: {}, dropSecrets: [] }],
    ['"" keeps it', { password: '' }, { setSecrets: {}, dropSecrets: [] }],
    ['a value replaces it', { password: 'new' }, { setSecrets: { password: 'new' } }],
    [
      'a placeholder replaces it with a reference',
      { password: 'vault.secret(pw)' },
      { value: { host: 'h', user: 'u', password: 'vault.secret(pw)' }, dropSecrets: ['password'] },
    ],
    ['a non-secret input set to null is removed', { user: null }, { value: { host: 'h' } }],
  ];
  for (const [name, inputs, expected] of table) {
    it(name, () => expect(applyCredentials(dbType, current, inputs)).toMatchObject(expected));
  }
});

describe('PATCH value (RFC 7396 merge patch)', () => {
  // RFC 7396 appendix A, as [target, patch, result]
  const rfc: [unknown, unknown, unknown][] = [
    [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
    [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    [{ a: 'b' }, { a: null }, {}],
    [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
    [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
    [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
    [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
    [
      ['a', 'b'],
      ['c', 'd'],
      ['c', 'd'],
    ],
    [{ a: 'b' }, ['c'], ['c']],
    [{ a: 'foo' }, null, null],
    [{ a: 'foo' }, 'bar', 'bar'],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [[1, 2], { a: 'b', c: null }, { a: 'b' }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ];
  for (const [target, patch, result] of rfc) {
    it(`${JSON.stringify(target)} + ${JSON.stringify(patch)}`, () =>
      expect(mergePatch(target, patch)).toEqual(result));
  }

  it('a secret input in the patch is stored as a secret; null drops it', () => {
    const current = { value: { host: 'h' }, secretFields: ['password'] };
    expect(applyValuePatch(dbType, current, { password: 'pw' }).setSecrets).toEqual({ password: 'pw' });
    const dropped = applyValuePatch(dbType, current, { password: null });
    expect(dropped.dropSecrets).toEqual(['password']);
    expect(nextSecretFields(current.secretFields, dropped)).toEqual([]);
  });
});
