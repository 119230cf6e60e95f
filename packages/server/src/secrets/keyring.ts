import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import type { JsonObject, SealedSecrets } from '../domain/model.js';
import type { SealContext, SecretSealer } from '../domain/ports.js';

const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;
const DATA_KEY_CACHE_SIZE = 10_000;

/** Raised when data cannot be opened: the wrong master key, or a tampered or swapped ciphertext. */
export class KeyringError extends Error {
  override name = 'KeyringError';
}

/** A master key's public id: an HMAC of the key, so a wrong key shows up as an unknown id. */
export function masterKeyId(key: Buffer): string {
  return `mk_${createHmac('sha256', key).update('patchbay master key id').digest('hex').slice(0, 16)}`;
}

export function parseMasterKey(base64: string, origin: string): Buffer {
  const key = Buffer.from(base64.trim(), 'base64');
  if (key.length !== KEY_BYTES || key.toString('base64') !== base64.trim()) {
    throw new KeyringError(
      `${origin} must be 32 bytes in base64 (44 characters); make one with: openssl rand -base64 32`,
    );
  }
  return key;
}

function encrypt(key: Buffer, plaintext: Buffer, aad: string): string {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([nonce, body, cipher.getAuthTag()]).toString('base64');
}

function decrypt(key: Buffer, sealed: string, aad: string): Buffer {
  const raw = Buffer.from(sealed, 'base64');
  if (raw.length < NONCE_BYTES + TAG_BYTES) throw new KeyringError('ciphertext is truncated');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, NONCE_BYTES));
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
  try {
    return Buffer.concat([
      decipher.update(raw.subarray(NONCE_BYTES, raw.length - TAG_BYTES)),
      decipher.final(),
    ]);
  } catch (cause) {
    throw new KeyringError('ciphertext failed authentication (wrong key, or moved from another record)', {
      cause,
    });
  }
}

// Separators that cannot occur in a workspace id, tag or field name keep the AAD unambiguous.
const fieldAad = (ctx: SealContext, field: string) =>
  `patchbay/v1\u0000${ctx.workspaceId}\u0000${ctx.tag}\u0000${field}`;
const keyAad = (keyId: string) => `patchbay/v1/data-key\u0000${keyId}`;

export interface Keyring extends SecretSealer {
  /** ids of every master key this keyring can unwrap with */
  readonly keyIds: readonly string[];
  /** adds keys found later (the key file may gain a key during rotation) */
  addKeys(keys: Buffer[]): void;
  /** makes `key` the one new data keys are wrapped with (after a rotation) */
  setActive(key: Buffer): void;
}

/**
 * Envelope encryption (SPEC 7): each record has a random 256-bit data key, wrapped by the active
 * master key; each secret field is AES-256-GCM with a fresh 96-bit nonce and AAD binding it to
 * workspace, tag and field.
 *
 * @example
 * const keyring = createKeyring(activeKey, [previousKey]);
 * const sealed = keyring.seal({ workspaceId: 'ws_1', tag: 'library' }, { password: 's3cret' });
 * keyring.open({ workspaceId: 'ws_1', tag: 'library' }, sealed); // { password: 's3cret' }
 */
export function createKeyring(initial: Buffer, others: Buffer[] = [], onUnknownKey?: () => void): Keyring {
  const keys = new Map<string, Buffer>();
  const add = (key: Buffer) => keys.set(masterKeyId(key), key);
  for (const key of [initial, ...others]) add(key);
  let active = initial;
  let activeKeyId = masterKeyId(initial);

  const masterKey = (id: string): Buffer => {
    let key = keys.get(id);
    if (!key && onUnknownKey) {
      onUnknownKey();
      key = keys.get(id);
    }
    if (!key) {
      throw new KeyringError(
        `data is wrapped by master key ${id}, which this server does not have; start it with that key (PATCHBAY_MASTER_KEY or PATCHBAY_PREVIOUS_MASTER_KEYS)`,
      );
    }
    return key;
  };

  // Unwrapped data keys, by their wrapped form: saves an AES-GCM decryption per resolve. Bounded;
  // the plaintext secrets themselves are never cached.
  const dataKeys = new Map<string, Buffer>();
  const unwrap = (sealed: SealedSecrets): Buffer => {
    const cacheKey = `${sealed.keyId}:${sealed.wrappedKey}`;
    let dataKey = dataKeys.get(cacheKey);
    if (!dataKey) {
      dataKey = decrypt(masterKey(sealed.keyId), sealed.wrappedKey, keyAad(sealed.keyId));
      if (dataKeys.size >= DATA_KEY_CACHE_SIZE) dataKeys.delete(dataKeys.keys().next().value!);
      dataKeys.set(cacheKey, dataKey);
    }
    return dataKey;
  };

  const wrap = (dataKey: Buffer) => ({
    keyId: activeKeyId,
    wrappedKey: encrypt(active, dataKey, keyAad(activeKeyId)),
  });

  return {
    get activeKeyId() {
      return activeKeyId;
    },
    get keyIds() {
      return [...keys.keys()];
    },
    addKeys(more) {
      for (const key of more) add(key);
    },
    setActive(key) {
      add(key);
      active = key;
      activeKeyId = masterKeyId(key);
    },
    seal(ctx, fields, previous) {
      const dataKey = previous ? unwrap(previous) : randomBytes(KEY_BYTES);
      const wrapped = previous && previous.keyId === activeKeyId ? previous : wrap(dataKey);
      const out: Record<string, string> = {};
      for (const [name, value] of Object.entries(fields)) {
        out[name] = encrypt(dataKey, Buffer.from(JSON.stringify(value), 'utf8'), fieldAad(ctx, name));
      }
      return { keyId: wrapped.keyId, wrappedKey: wrapped.wrappedKey, fields: out };
    },
    open(ctx, sealed) {
      const dataKey = unwrap(sealed);
      const out: JsonObject = {};
      for (const [name, blob] of Object.entries(sealed.fields)) {
        out[name] = JSON.parse(decrypt(dataKey, blob, fieldAad(ctx, name)).toString('utf8'));
      }
      return out;
    },
    rewrap(sealed) {
      if (sealed.keyId === activeKeyId) return sealed;
      return { ...wrap(unwrap(sealed)), fields: sealed.fields };
    },
  };
}
