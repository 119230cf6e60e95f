import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createKeyring, type Keyring, KeyringError, masterKeyId, parseMasterKey } from './keyring.js';

/** Where the master keys come from: the environment, or the embedded default's key file. */
export type MasterKeySource =
  | { kind: 'env'; active: string; previous: string[] }
  | { kind: 'file'; path: string };

interface KeyFile {
  active: string;
  previous: string[];
}

export const keyFilePath = (dataDir: string) => join(dataDir, 'master.key');

function readKeyFile(path: string): KeyFile {
  const mode = statSync(path).mode & 0o777;
  if (mode & 0o077) {
    throw new KeyringError(
      `key file ${path} is readable by others (mode ${mode.toString(8)}); run: chmod 600 ${path}`,
    );
  }
  let parsed: Partial<KeyFile>;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    throw new KeyringError(`key file ${path} is not valid JSON; restore it from your backup`);
  }
  if (typeof parsed.active !== 'string') throw new KeyringError(`key file ${path} has no "active" key`);
  return { active: parsed.active, previous: Array.isArray(parsed.previous) ? parsed.previous : [] };
}

function writeKeyFile(path: string, file: KeyFile): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, path);
}

/** Creates the key file with a fresh key when it does not exist yet (embedded default, first start). */
export function ensureKeyFile(path: string): boolean {
  if (existsSync(path)) return false;
  writeKeyFile(path, { active: randomBytes(32).toString('base64'), previous: [] });
  return true;
}

function loadKeys(source: MasterKeySource): { active: Buffer; previous: Buffer[] } {
  if (source.kind === 'env') {
    return {
      active: parseMasterKey(source.active, 'PATCHBAY_MASTER_KEY'),
      previous: source.previous.map((k) => parseMasterKey(k, 'PATCHBAY_PREVIOUS_MASTER_KEYS')),
    };
  }
  const file = readKeyFile(source.path);
  return {
    active: parseMasterKey(file.active, `the active key in ${source.path}`),
    previous: file.previous.map((k) => parseMasterKey(k, `a previous key in ${source.path}`)),
  };
}

/**
 * Opens the keyring. With a key file, the keyring re-reads the file when it meets a key id it does
 * not know, and `refresh()` picks up a new active key: that is how a running server follows
 * `patchbay keys rotate` without a restart.
 */
export function openKeyring(source: MasterKeySource): Keyring & { refresh(): void } {
  const { active, previous } = loadKeys(source);
  let lastMtime = source.kind === 'file' ? statSync(source.path).mtimeMs : 0;
  const refresh = () => {
    if (source.kind !== 'file') return;
    const mtime = statSync(source.path).mtimeMs;
    if (mtime === lastMtime) return;
    lastMtime = mtime;
    const next = loadKeys(source);
    keyring.addKeys(next.previous);
    keyring.setActive(next.active);
  };
  const keyring = createKeyring(active, previous, refresh);
  return Object.assign(keyring, { refresh });
}

/**
 * Verifies that every key id the store uses is known; otherwise the server would serve unreadable
 * secrets. Fails with a message that says which key is missing.
 */
export function assertKeysCover(keyring: Keyring, idsInUse: string[]): void {
  const missing = idsInUse.filter((id) => !keyring.keyIds.includes(id));
  if (missing.length > 0) {
    throw new KeyringError(
      `the master key does not match this database: stored secrets are wrapped by ${missing.join(', ')}, ` +
        `but the configured key is ${keyring.activeKeyId}. Start with the master key this data was written with ` +
        '(PATCHBAY_MASTER_KEY, or the key file in the data directory); pass older keys in PATCHBAY_PREVIOUS_MASTER_KEYS.',
    );
  }
}

/** Adds a new active key to the key file, keeping the old ones for unwrapping. Returns the new key id. */
export function rotateKeyFile(path: string): { previousKeyId: string; newKeyId: string } {
  const file = readKeyFile(path);
  const fresh = randomBytes(32);
  writeKeyFile(path, { active: fresh.toString('base64'), previous: [file.active, ...file.previous] });
  return { previousKeyId: masterKeyId(Buffer.from(file.active, 'base64')), newKeyId: masterKeyId(fresh) };
}
