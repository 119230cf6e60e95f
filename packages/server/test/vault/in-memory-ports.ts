/**
 * Small honest stand-ins for the keyring and the Vault config repository, so the Vault suites do not
 * depend on the store and keyring being written alongside. The sealer really encrypts: AES-256-GCM,
 * a per-record data key wrapped by a random master key, associated data binding workspace, tag and field.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { JsonObject, SealedSecrets } from '../../src/domain/model.js';
import type {
  SealContext,
  SecretSealer,
  VaultConfigRecord,
  VaultConfigRepository,
} from '../../src/domain/ports.js';

function encrypt(key: Buffer, plain: Buffer, aad: string): string {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, nonce).setAAD(Buffer.from(aad));
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([nonce, body, cipher.getAuthTag()]).toString('base64');
}

function decrypt(key: Buffer, sealed: string, aad: string): Buffer {
  const raw = Buffer.from(sealed, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12)).setAAD(Buffer.from(aad));
  decipher.setAuthTag(raw.subarray(raw.length - 16));
  return Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]);
}

export function createInMemorySealer(): SecretSealer {
  const master = randomBytes(32);
  const activeKeyId = 'test-key';
  const aad = (ctx: SealContext, field: string) => `${ctx.workspaceId}\u0000${ctx.tag}\u0000${field}`;
  const unwrap = (sealed: SealedSecrets) => decrypt(master, sealed.wrappedKey, `key:${sealed.keyId}`);
  return {
    activeKeyId,
    seal(ctx, fields, previous) {
      const dataKey = previous ? unwrap(previous) : randomBytes(32);
      const sealed: Record<string, string> = {};
      for (const [name, value] of Object.entries(fields)) {
        sealed[name] = encrypt(dataKey, Buffer.from(JSON.stringify(value)), aad(ctx, name));
      }
      return {
        keyId: activeKeyId,
        wrappedKey: encrypt(master, dataKey, `key:${activeKeyId}`),
        fields: sealed,
      };
    },
    open(ctx, sealed) {
      const dataKey = unwrap(sealed);
      const out: JsonObject = {};
      for (const [name, blob] of Object.entries(sealed.fields)) {
        out[name] = JSON.parse(decrypt(dataKey, blob, aad(ctx, name)).toString('utf8'));
      }
      return out;
    },
    rewrap: (sealed) => sealed,
  };
}

export interface InMemoryVaultConfigs extends VaultConfigRepository {
  readonly records: Map<string, VaultConfigRecord>;
  gets: number;
}

/** Stores copies, like a database would, so no caller can mutate a stored record. */
export function createInMemoryVaultConfigs(): InMemoryVaultConfigs {
  const records = new Map<string, VaultConfigRecord>();
  const repo: InMemoryVaultConfigs = {
    records,
    gets: 0,
    async get(workspaceId) {
      repo.gets += 1;
      const record = records.get(workspaceId);
      return record ? structuredClone(record) : undefined;
    },
    async put(record) {
      records.set(record.workspaceId, structuredClone(record));
    },
    async listWrappedByOtherKey() {
      return [];
    },
    async rewrap() {
      return false;
    },
  };
  return repo;
}
