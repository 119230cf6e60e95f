import { describe, expect, it } from 'vitest';
import { normalizeVaultPath } from '../../src/secrets/vault/vault-client.js';

describe('normalizeVaultPath', () => {
  it('reads the KV v2 API form and the logical form as one secret', () => {
    const api = normalizeVaultPath('secret/data/oracle', 'secret', 2);
    const logical = normalizeVaultPath('secret/oracle', 'secret', 2);
    expect(api).toEqual({
      path: 'secret/oracle',
      mount: 'secret',
      key: 'oracle',
      apiPath: '/v1/secret/data/oracle',
    });
    expect(logical).toEqual(api);
  });

  it('takes a path without the mount as relative to the mount', () => {
    expect(normalizeVaultPath('oracle', 'secret', 2).path).toBe('secret/oracle');
    expect(normalizeVaultPath('team/db', 'kv', 1)).toEqual({
      path: 'kv/team/db',
      mount: 'kv',
      key: 'team/db',
      apiPath: '/v1/kv/team/db',
    });
  });

  it('keeps `data/` for KV v1, where it is part of the name', () => {
    expect(normalizeVaultPath('kv/data/x', 'kv', 1).apiPath).toBe('/v1/kv/data/x');
  });

  it('handles nested mounts and stray slashes', () => {
    const n = normalizeVaultPath('/kv/team/data/app/db/', 'kv/team/', 2);
    expect(n).toEqual({
      path: 'kv/team/app/db',
      mount: 'kv/team',
      key: 'app/db',
      apiPath: '/v1/kv/team/data/app/db',
    });
  });

  it.each(['secret/../sys/seal', 'secret/./x', 'secret/a?b', 'secret/a#b', 'secret/a b', ''])(
    'refuses %j as invalid_input',
    (path) => {
      expect(() => normalizeVaultPath(path, 'secret', 2)).toThrow(
        expect.objectContaining({ code: 'invalid_input' }),
      );
    },
  );

  it('refuses a path that names only the mount', () => {
    expect(() => normalizeVaultPath('secret/data', 'secret', 2)).toThrow(/names no secret/);
    expect(() => normalizeVaultPath('secret', 'secret', 2)).toThrow(/names no secret/);
  });
});
