/**
 * A real redis-server for the redis suite: a free loopback port, no persistence, `requirepass` for the
 * default user, an ACL user limited to `app:*` keys, and a TLS port with a certificate from a test CA.
 *
 * @example
 * const redis = await startRedis();
 * await redisType.execute!({ host: '127.0.0.1', port: redis.port, password: redis.password, command: ['PING'] }, ctx);
 * await redis.stop();
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestPki, stopChild, type TestPki, waitForPort } from './task-servers.js';
import { freePort } from './type-context.js';

export const REDIS_SERVER = '/usr/bin/redis-server';

export interface RedisServer {
  port: number;
  tlsPort: number;
  /** the default user's password (requirepass) */
  password: string;
  aclUser: string;
  aclPassword: string;
  pki: TestPki;
  stop(): Promise<void>;
}

export async function startRedis(password: string, aclPassword: string): Promise<RedisServer> {
  const dir = mkdtempSync(join(tmpdir(), 'pb-redis-'));
  const pki = createTestPki();
  for (const [name, pem] of Object.entries({
    'ca.pem': pki.caCert,
    'server.key': pki.key,
    'server.pem': pki.cert,
  })) {
    writeFileSync(join(dir, name), pem, { mode: 0o600 });
  }
  const [port, tlsPort] = [await freePort(), await freePort()];
  const aclUser = 'app';
  const args = [
    ...['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'],
    ...['--requirepass', password],
    ...['--user', aclUser, 'on', `>${aclPassword}`, '~app:*', '+@all'],
    ...['--tls-port', String(tlsPort), '--tls-auth-clients', 'no'],
    ...['--tls-cert-file', join(dir, 'server.pem'), '--tls-key-file', join(dir, 'server.key')],
    ...['--tls-ca-cert-file', join(dir, 'ca.pem'), '--loglevel', 'warning'],
  ];
  const child: ChildProcess = spawn(REDIS_SERVER, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout?.on('data', (d) => {
    log += d;
  });
  child.stderr?.on('data', (d) => {
    log += d;
  });
  await waitForPort('redis-server', port, child, () => log);
  await waitForPort('redis-server (TLS)', tlsPort, child, () => log);
  return {
    port,
    tlsPort,
    password,
    aclUser,
    aclPassword,
    pki,
    stop: async () => {
      await stopChild(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
