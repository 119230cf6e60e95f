/**
 * A real OpenSSH server for tests: `/usr/sbin/sshd -D` on a free loopback port, run as the current user
 * with a generated ed25519 host key, key authentication through a generated authorized_keys, and its
 * pid file and config in a temp dir.
 *
 * Password login cannot be tested with success: sshd would check the real account's password (root
 * here), which tests must neither know nor change, and creating a test user is not allowed. Password
 * authentication is enabled so that a *wrong* password is refused through the real code path.
 *
 * @example
 * const sshd = await startSshd();
 * await sshType.execute!({ hostname: '127.0.0.1', port: sshd.port, username: sshd.user, key: sshd.clientKey,
 *   hostkey: sshd.hostKeyLine, … }, ctx);
 * await sshd.stop();
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { freePort } from './type-context.js';

export const SSHD_PATH = '/usr/sbin/sshd';

export interface Sshd {
  port: number;
  user: string;
  dir: string;
  /** "ssh-ed25519 AAAA…" of the server */
  hostKeyLine: string;
  /** "SHA256:…" of the server key */
  hostKeyFingerprint: string;
  /** an authorized private key (OpenSSH format) */
  clientKey: string;
  /** a valid private key that is not authorized */
  strangerKey: string;
  /** the public key line of a key that is not the server's (for mismatch tests) */
  otherHostKeyLine: string;
  stop(): Promise<void>;
}

/** Why sshd cannot run here, or undefined when it can. */
export function sshdProblem(): string | undefined {
  if (!existsSync(SSHD_PATH)) return `${SSHD_PATH} is not installed (apt-get install openssh-server)`;
  if (process.getuid?.() !== 0 && !existsSync('/run/sshd'))
    return 'sshd needs /run/sshd (run as root or create it)';
  return undefined;
}

function keygen(dir: string, name: string): { priv: string; pub: string } {
  const file = join(dir, name);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', name, '-f', file], { stdio: 'ignore' });
  return { priv: readFileSync(file, 'utf8'), pub: readFileSync(`${file}.pub`, 'utf8').trim() };
}

const keyLine = (pub: string): string => pub.split(' ').slice(0, 2).join(' ');

export async function startSshd(): Promise<Sshd> {
  const dir = mkdtempSync(join(tmpdir(), 'pb-sshd-'));
  // privilege separation needs this directory; a fresh container (CI) does not have it
  if (!existsSync('/run/sshd')) mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const host = keygen(dir, 'host_ed25519');
  const client = keygen(dir, 'client_ed25519');
  const stranger = keygen(dir, 'stranger_ed25519');
  const other = keygen(dir, 'other_host_ed25519');
  writeFileSync(join(dir, 'authorized_keys'), `${client.pub}\n`, { mode: 0o600 });
  const port = await freePort();
  const user = userInfo().username;
  const config = [
    `Port ${port}`,
    'ListenAddress 127.0.0.1',
    `HostKey ${join(dir, 'host_ed25519')}`,
    `PidFile ${join(dir, 'sshd.pid')}`,
    `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
    'PubkeyAuthentication yes',
    'PasswordAuthentication yes',
    'KbdInteractiveAuthentication no',
    'PermitRootLogin yes',
    `AllowUsers ${user}`,
    'UsePAM no',
    'StrictModes no',
    'LogLevel ERROR',
    'MaxStartups 50',
    'Subsystem sftp internal-sftp',
  ].join('\n');
  writeFileSync(join(dir, 'sshd_config'), `${config}\n`);
  const child = spawn(SSHD_PATH, ['-D', '-e', '-f', join(dir, 'sshd_config')], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr += d;
  });
  await waitForPort(port, child, () => stderr);
  const fingerprint = execFileSync(
    'ssh-keygen',
    ['-l', '-E', 'sha256', '-f', join(dir, 'host_ed25519.pub')],
    {
      encoding: 'utf8',
    },
  ).split(' ')[1]!;
  return {
    port,
    user,
    dir,
    hostKeyLine: keyLine(host.pub),
    hostKeyFingerprint: fingerprint,
    clientKey: client.priv,
    strangerKey: stranger.priv,
    otherHostKeyLine: keyLine(other.pub),
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function waitForPort(port: number, child: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`sshd exited (${child.exitCode}): ${stderr()}`);
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
  throw new Error(`sshd did not listen on ${port} within 10s: ${stderr()}`);
}
