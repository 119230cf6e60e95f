/**
 * Host key pinning for ssh (and git over ssh): the pinned value is a known_hosts-style key line
 * ("ssh-ed25519 AAAA…", optionally with a host field in front) or an OpenSSH SHA256 fingerprint.
 */
import { createHash } from 'node:crypto';
import { TaskFailure } from '../domain/type-descriptor.js';

/** The key a server presented, in the forms an operator can pin. */
export interface PresentedKey {
  type: string;
  /** "ssh-ed25519 AAAA…", ready for the `hostkey` input or a known_hosts file */
  line: string;
  /** "SHA256:…", as `ssh-keygen -l` prints it */
  fingerprint: string;
}

export interface PinnedKeys {
  keys: { type: string; base64: string }[];
  fingerprints: string[];
}

const KEY_TYPE = /^(ssh-(ed25519|rsa|dss)|ecdsa-sha2-nistp(256|384|521)|sk-[a-z0-9-]+@openssh\.com)$/;

/** Describes a raw SSH public key blob. */
export function describeKey(blob: Buffer): PresentedKey {
  const length = blob.length >= 4 ? blob.readUInt32BE(0) : 0;
  const type = blob.subarray(4, 4 + length).toString('latin1') || 'unknown';
  return { type, line: `${type} ${blob.toString('base64')}`, fingerprint: fingerprintOf(blob) };
}

export const fingerprintOf = (blob: Buffer): string =>
  `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;

/** Parses the pinned value; throws `invalid_input` naming the accepted forms when nothing is usable. */
export function parsePinned(text: string, field = 'hostkey'): PinnedKeys {
  const pinned: PinnedKeys = { keys: [], fingerprints: [] };
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const tokens = line.split(/\s+/);
    const fp = tokens.find((t) => t.startsWith('SHA256:'));
    if (fp) {
      pinned.fingerprints.push(fp.replace(/=+$/, ''));
      continue;
    }
    const i = tokens.findIndex((t) => KEY_TYPE.test(t));
    const base64 = i >= 0 ? tokens[i + 1] : undefined;
    if (base64 && /^[A-Za-z0-9+/]+=*$/.test(base64)) pinned.keys.push({ type: tokens[i]!, base64 });
  }
  if (pinned.keys.length === 0 && pinned.fingerprints.length === 0) {
    throw new TaskFailure(
      'invalid_input',
      `${field} is neither a key line ("ssh-ed25519 AAAA…") nor a fingerprint ("SHA256:…"); ` +
        'copy it from `ssh-keyscan <host>` or `ssh-keygen -lf <key>`',
    );
  }
  return pinned;
}

export function matchesPinned(pinned: PinnedKeys, presented: PresentedKey): boolean {
  const base64 = presented.line.split(' ')[1];
  return (
    pinned.keys.some((k) => k.base64 === base64) ||
    pinned.fingerprints.some((f) => f === presented.fingerprint)
  );
}

/** The fingerprints of the pinned keys, for messages. */
export function pinnedFingerprints(pinned: PinnedKeys): string[] {
  return [...pinned.keys.map((k) => fingerprintOf(Buffer.from(k.base64, 'base64'))), ...pinned.fingerprints];
}

/**
 * The host key algorithms to offer so the server presents the pinned kind of key (a server with
 * several keys would otherwise present its preferred one and look like a mismatch).
 */
export function hostKeyAlgorithms(pinned: PinnedKeys): string[] | undefined {
  if (pinned.fingerprints.length > 0 || pinned.keys.length === 0) return undefined;
  const algorithms = new Set<string>();
  for (const { type } of pinned.keys) {
    if (type === 'ssh-rsa') for (const a of ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa']) algorithms.add(a);
    else algorithms.add(type);
  }
  return [...algorithms];
}

/** The message for a server whose key does not match the pin. */
export function mismatchMessage(
  where: string,
  pinned: PinnedKeys,
  presented: PresentedKey,
  field = 'hostkey',
): string {
  return (
    `host key mismatch for ${where}: pinned ${pinnedFingerprints(pinned).join(', ')}, ` +
    `but the server presents ${presented.fingerprint} (${presented.line}); ` +
    `if the server's key legitimately changed, verify the new key and set ${field} to it — otherwise someone may be intercepting the connection`
  );
}

/** The message for a missing pin, giving the key to pin. */
export function unpinnedMessage(where: string, presented: PresentedKey, field = 'hostkey'): string {
  return (
    `no ${field} is pinned for ${where}; the server presents ${presented.fingerprint} (${presented.line}). ` +
    'Verify it on the server (ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub) ' +
    `and set ${field} to that key line or fingerprint`
  );
}
