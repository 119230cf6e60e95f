/**
 * Shared by the suites of the task types that run against real servers (redis, imap, ldap, smtp, sftp):
 * whether a server binary is installed (a missing one fails under CI and is skipped loudly otherwise),
 * a throw-away CA with a loopback server certificate, and waiting for a child server's port.
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';

export { createTestPki, type TestPki } from './test-pki.js';

/**
 * The first of `binaries` that is not installed, as a reason; undefined when all are. Under CI a
 * missing binary throws (the suite must run there); otherwise the suite is announced as skipped.
 */
export function requireBinaries(suite: string, binaries: string[]): string | undefined {
  const missing = binaries.find((b) => !existsSync(b));
  if (!missing) return undefined;
  const why = `${missing} is not installed (scripts/prepare.d/30-task-servers.sh installs it)`;
  if (process.env.CI) throw new Error(`${suite} cannot run: ${why}`);
  console.warn(`\n!!! SKIPPING every case of '${suite}': ${why}. (CI=1 turns this into a failure.)\n`);
  return why;
}

/** Resolves when `port` on 127.0.0.1 accepts TCP; rejects with the server's log if it exits first. */
export async function waitForPort(
  name: string,
  port: number,
  child: ChildProcess,
  log: () => string,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited (${child.exitCode}): ${log()}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect({ host: '127.0.0.1', port });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${name} did not listen on ${port} within ${timeoutMs / 1000}s: ${log()}`);
}

/** Stops a child server and waits for it to exit. */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}
