/**
 * Finding 2 (MySQL): without TLS the driver must never encrypt the password with a public key the
 * server hands it (a rogue server supplies its own key and decrypts). Drives the plugins the pools
 * use through the packets such a server sends.
 */
import { describe, expect, it } from 'vitest';
import { KEY_RETRIEVAL_REFUSED, safeAuthPlugins } from '../../src/types/mysql/mysql-auth.js';

const scramble = Buffer.alloc(20, 7);

function handler(name: string, ssl: unknown) {
  const factory = safeAuthPlugins()[name]!;
  return factory({ connection: { config: { ssl, password: 'CANARY-mysql-pw' } } as never });
}

describe('mysql auth plugins', () => {
  it('caching_sha2_password full auth without TLS is refused before any key is asked for', async () => {
    const step = handler('caching_sha2_password', undefined);
    await step(scramble); // the fast-auth token: a hash, safe on any wire
    await expect(step(Buffer.from([4]))).rejects.toThrow(KEY_RETRIEVAL_REFUSED);
  });

  it('sha256_password without TLS is refused', async () => {
    const step = handler('sha256_password', undefined);
    await expect(step(scramble)).rejects.toThrow(KEY_RETRIEVAL_REFUSED);
  });

  it('with TLS the password travels inside the tunnel; the key is never requested', async () => {
    const step = handler('caching_sha2_password', { rejectUnauthorized: true });
    await step(scramble);
    const sent = await step(Buffer.from([4]));
    expect(Buffer.isBuffer(sent) && sent.toString('utf8')).toBe('CANARY-mysql-pw\0');
  });
});
