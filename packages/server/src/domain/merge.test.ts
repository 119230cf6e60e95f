/** SPEC 6.1 merge order, table-driven: connection < Vault < overrides, with sources and masking. */
import { describe, expect, it } from 'vitest';
import { isAppError } from './errors.js';
import {
  connectionLayer,
  defaultsLayer,
  maskInputs,
  mergeLayers,
  overrideLayer,
  secretFieldSet,
  vaultLayer,
} from './merge.js';
import type { JsonObject } from './model.js';
import { dbType, freeType, makeConnection } from './test-fixtures.js';

const VAULT = 'secret/data/db';

interface Case {
  name: string;
  value?: JsonObject;
  secrets?: JsonObject;
  vault?: JsonObject;
  overrides?: JsonObject;
  inputs?: JsonObject;
  sources?: Record<string, string>;
  masked?: JsonObject;
  error?: string;
}

const cases: Case[] = [
  {
    name: 'the connection alone; defaults fill what no layer gave',
    value: { host: 'db1', user: 'app' },
    inputs: { host: 'db1', user: 'app', port: 5432 },
    sources: { host: 'connection', user: 'connection', port: 'default' },
  },
  {
    name: 'a stored secret is an input from "secret", masked',
    value: { host: 'db1', user: 'app' },
    secrets: { password: 'pw' },
    sources: { password: 'secret' },
    masked: { host: 'db1', user: 'app', port: 5432, password: '********' },
  },
  {
    name: 'every Vault key that is an input overrides the connection, and counts as secret',
    value: { host: 'db1', user: 'app' },
    vault: { user: 'vault-user', password: 'vpw', unrelated: 'x' },
    inputs: { host: 'db1', user: 'vault-user', password: 'vpw', port: 5432 },
    sources: { user: `vault:${VAULT}#user@3`, password: `vault:${VAULT}#password@3` },
    masked: { host: 'db1', user: '********', password: '********', port: 5432 },
  },
  {
    name: 'a placeholder takes the key it names, even when a key of the field name exists',
    value: { host: 'db1', user: 'vault.secret(db_user)' },
    vault: { db_user: 'named', user: 'same-name' },
    inputs: { host: 'db1', user: 'named', port: 5432 },
    sources: { user: `vault:${VAULT}#db_user@3` },
  },
  {
    name: 'a placeholder whose key is absent is vault_key_missing',
    value: { host: 'db1', user: 'vault.secret(nokey)' },
    vault: { user: 'u' },
    error: 'vault_key_missing',
  },
  {
    name: 'a placeholder without an attached secret is vault_key_missing',
    value: { host: 'db1', user: 'vault.secret(db_user)' },
    error: 'vault_key_missing',
  },
  {
    name: 'overrides win over Vault and the connection',
    value: { host: 'db1', user: 'app', port: 6000 },
    vault: { user: 'vault-user' },
    overrides: { user: 'override-user', port: 7000 },
    inputs: { host: 'db1', user: 'override-user', port: 7000 },
    sources: { user: 'override', port: 'override' },
  },
  {
    name: 'an override of a secret input is secret (masked)',
    value: { host: 'db1', user: 'app' },
    overrides: { password: 'given' },
    masked: { host: 'db1', user: 'app', port: 5432, password: '********' },
  },
];

function run(c: Case) {
  const connection = makeConnection({ value: c.value ?? {}, secretFields: Object.keys(c.secrets ?? {}) });
  const secretFields = secretFieldSet(dbType, connection);
  const layers = [connectionLayer(connection, c.secrets ?? {}, secretFields)];
  if (c.vault) layers.push(vaultLayer(dbType, 'db', { path: VAULT, data: c.vault, version: 3 }));
  layers.push(overrideLayer(c.overrides ?? {}, secretFields), defaultsLayer(dbType));
  return mergeLayers('db', layers);
}

describe('merge (SPEC 6.1)', () => {
  for (const c of cases) {
    it(c.name, () => {
      if (c.error) {
        let thrown: unknown;
        try {
          run(c);
        } catch (error) {
          thrown = error;
        }
        expect(isAppError(thrown) && thrown.code).toBe(c.error);
        return;
      }
      const state = run(c);
      if (c.inputs) expect(state.inputs).toEqual(c.inputs);
      if (c.sources) expect(state.sources).toMatchObject(c.sources);
      if (c.masked) expect(maskInputs(state)).toEqual(c.masked);
    });
  }

  it('a free-form type takes every Vault key, and its secret fields are the stored ones', () => {
    const connection = makeConnection({ type: 'free', secretFields: ['token'] });
    expect([...secretFieldSet(freeType, connection)]).toEqual(['token']);
    const state = mergeLayers('free', [
      vaultLayer(freeType, 'free', { path: VAULT, data: { anything: 'v' }, version: null }),
    ]);
    expect(state.inputs).toEqual({ anything: 'v' });
    expect(state.sources.anything).toBe(`vault:${VAULT}#anything@0`);
  });
});
