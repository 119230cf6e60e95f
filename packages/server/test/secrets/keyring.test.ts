import { randomBytes } from 'node:crypto';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createKeyring, KeyringError, masterKeyId, parseMasterKey } from '../../src/secrets/keyring.js';
import { assertKeysCover, ensureKeyFile, openKeyring, rotateKeyFile } from '../../src/secrets/master-keys.js';

const ctx = { workspaceId: 'ws_1', tag: 'library' };

describe('keyring', () => {
  it('round-trips any JSON value, with a fresh nonce per encryption', () => {
    const keyring = createKeyring(randomBytes(32));
    const fields = { password: 's3cret', key: { nested: [1, 'two'] } };
    const a = keyring.seal(ctx, fields);
    const b = keyring.seal(ctx, fields);
    expect(keyring.open(ctx, a)).toEqual(fields);
    expect(a.fields.password).not.toBe(b.fields.password);
    expect(a.wrappedKey).not.toBe(b.wrappedKey);
    expect(Buffer.from(a.fields.password!, 'base64').length).toBe(12 + JSON.stringify('s3cret').length + 16);
  });

  it('binds a ciphertext to workspace, tag and field: swapped ones do not open', () => {
    const keyring = createKeyring(randomBytes(32));
    const sealed = keyring.seal(ctx, { password: 'a', token: 'b' });
    expect(() => keyring.open({ ...ctx, tag: 'other' }, sealed)).toThrow(KeyringError);
    expect(() => keyring.open({ ...ctx, workspaceId: 'ws_2' }, sealed)).toThrow(KeyringError);
    const swapped = { ...sealed, fields: { password: sealed.fields.token!, token: sealed.fields.password! } };
    expect(() => keyring.open(ctx, swapped)).toThrow(/failed authentication/);
    const other = keyring.seal(ctx, { password: 'x' });
    expect(() => keyring.open(ctx, { ...sealed, fields: { password: other.fields.password! } })).toThrow(
      KeyringError,
    );
  });

  it('a wrong master key fails clearly, never as garbage', () => {
    const sealed = createKeyring(randomBytes(32)).seal(ctx, { password: 'a' });
    expect(() => createKeyring(randomBytes(32)).open(ctx, sealed)).toThrow(/does not have/);
  });

  it('reuses the data key of a record and re-wraps it under a new master key', () => {
    const oldKey = randomBytes(32);
    const newKey = randomBytes(32);
    const before = createKeyring(oldKey).seal(ctx, { password: 'a' });
    const keyring = createKeyring(newKey, [oldKey]);
    const rewrapped = keyring.rewrap(before);
    expect(rewrapped.keyId).toBe(masterKeyId(newKey));
    expect(rewrapped.fields).toEqual(before.fields);
    expect(createKeyring(newKey).open(ctx, rewrapped)).toEqual({ password: 'a' });
    const added = keyring.seal(ctx, { token: 't' }, before);
    expect(added.keyId).toBe(masterKeyId(newKey));
    expect(
      createKeyring(newKey).open(ctx, { ...added, fields: { ...before.fields, ...added.fields } }),
    ).toEqual({
      password: 'a',
      token: 't',
    });
  });

  it('refuses master keys of the wrong length', () => {
    expect(() => parseMasterKey(randomBytes(16).toString('base64'), 'PATCHBAY_MASTER_KEY')).toThrow(
      /32 bytes/,
    );
    expect(() => parseMasterKey('not base64!', 'PATCHBAY_MASTER_KEY')).toThrow(/openssl rand/);
  });
});

describe('key file', () => {
  it('is created with mode 0600, refused when others can read it, and rotates keeping old keys', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pb-key-'));
    const path = join(dir, 'master.key');
    expect(ensureKeyFile(path)).toBe(true);
    expect(ensureKeyFile(path)).toBe(false);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const keyring = openKeyring({ kind: 'file', path });
    const sealed = keyring.seal(ctx, { password: 'p' });
    const { previousKeyId, newKeyId } = rotateKeyFile(path);
    expect(previousKeyId).toBe(sealed.keyId);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const after = openKeyring({ kind: 'file', path });
    expect(after.activeKeyId).toBe(newKeyId);
    expect(after.open(ctx, sealed)).toEqual({ password: 'p' });
    // a running keyring follows the file: an unknown key id triggers a re-read
    const resealed = after.rewrap(sealed);
    expect(keyring.open(ctx, resealed)).toEqual({ password: 'p' });
    keyring.refresh();
    expect(keyring.activeKeyId).toBe(newKeyId);

    writeFileSync(join(dir, 'loose.key'), '{}', { mode: 0o644 });
    expect(() => openKeyring({ kind: 'file', path: join(dir, 'loose.key') })).toThrow(/chmod 600/);
  });

  it('start-up refuses a key that does not cover the stored data', () => {
    const keyring = createKeyring(randomBytes(32));
    expect(() => assertKeysCover(keyring, [keyring.activeKeyId])).not.toThrow();
    expect(() => assertKeysCover(keyring, ['mk_0000000000000000'])).toThrow(/does not match this database/);
  });
});
