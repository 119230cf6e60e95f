/**
 * Runs the system `git` for one call: a private temp dir (0700) holds the repository, an empty HOME and
 * the credential files (0600), so secrets travel through files, never through arguments or the
 * environment, and everything is removed afterwards.
 */
import { spawn } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TypeContext } from '../../domain/type-descriptor.js';
import { TaskFailure } from '../../domain/type-descriptor.js';
import { deadlineFailure } from '../../task-kit/task-support.js';
import type { GitRemote } from './git-url.js';

export interface GitCredentials {
  username?: string;
  password?: string;
  sshKey?: string;
  /** known_hosts key lines ("ssh-ed25519 AAAA…") pinned for the ssh server */
  hostKeyLines?: string[];
}

export interface GitWorkspace {
  dir: string;
  repoDir: string;
  env: NodeJS.ProcessEnv;
  /** `-c` options that go before every git subcommand */
  config: string[];
  dispose(): Promise<void>;
}

export interface GitResult {
  code: number;
  stdout: Buffer;
  stderr: string;
}

/** The alias under which the pinned host key is stored, whatever address ssh connects to. */
const HOST_KEY_ALIAS = 'patchbay-pinned-host';
const MAX_STDERR = 64 * 1024;
/** SPEC 7 Bounded work: git output (ls-remote, ls-tree, cat-file) and fetched data are capped. */
export const MAX_STDOUT = 16 * 1024 * 1024;
export const MAX_FETCH_BYTES = 256 * 1024 * 1024;

/** Bytes under `dir` (files only), for the fetch watchdog. */
async function dirBytes(dir: string): Promise<number> {
  let total = 0;
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    total += await stat(join(entry.parentPath, entry.name)).then(
      (s) => s.size,
      () => 0,
    );
  }
  return total;
}

/** Creates the per-call temp dir with credential files and the environment git runs with. */
export async function createGitWorkspace(
  remote: GitRemote,
  address: string,
  credentials: GitCredentials,
  timeoutMs: number,
): Promise<GitWorkspace> {
  const dir = await mkdtemp(join(tmpdir(), 'patchbay-git-'));
  await chmod(dir, 0o700);
  const home = join(dir, 'home');
  const repoDir = join(dir, 'repo');
  await mkdir(home, { mode: 0o700 });
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    HOME: home,
    LANG: 'C',
    LC_ALL: 'C',
    GIT_TERMINAL_PROMPT: '0',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_ALLOW_PROTOCOL: 'http:https:ssh:git',
  };
  const config = [
    '-c',
    'credential.helper=',
    '-c',
    'http.followRedirects=false',
    '-c',
    'core.hooksPath=/dev/null',
  ];
  if (remote.transport === 'http' || remote.transport === 'https') {
    const ip = address.includes(':') ? `[${address}]` : address;
    config.push('-c', `http.curloptResolve=${remote.host}:${remote.port}:${ip}`);
  }
  if (credentials.password !== undefined || credentials.username !== undefined) {
    env.GIT_ASKPASS = await writeAskpass(dir, credentials);
  }
  if (remote.transport === 'ssh') {
    Object.assign(env, await sshEnvironment(dir, address, credentials, timeoutMs, env.GIT_ASKPASS));
  }
  return {
    dir,
    repoDir,
    env,
    config,
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
}

/** A 0700 script that answers git's (or ssh's) prompts from 0600 files: "Username…" or anything else. */
async function writeAskpass(dir: string, credentials: GitCredentials): Promise<string> {
  const userFile = join(dir, 'username');
  const passFile = join(dir, 'password');
  await writeFile(userFile, credentials.username ?? 'x-access-token', { mode: 0o600 });
  await writeFile(passFile, credentials.password ?? '', { mode: 0o600 });
  const script = join(dir, 'askpass.sh');
  await writeFile(
    script,
    `#!/bin/sh\ncase "$1" in\n  Username*) cat '${userFile}' ;;\n  *) cat '${passFile}' ;;\nesac\n`,
    { mode: 0o700 },
  );
  return script;
}

async function sshEnvironment(
  dir: string,
  address: string,
  credentials: GitCredentials,
  timeoutMs: number,
  askpass: string | undefined,
): Promise<NodeJS.ProcessEnv> {
  const knownHosts = join(dir, 'known_hosts');
  const lines = (credentials.hostKeyLines ?? []).map((l) => `${HOST_KEY_ALIAS} ${l}\n`).join('');
  await writeFile(knownHosts, lines, { mode: 0o600 });
  const options = [
    '-F /dev/null',
    `-o HostName=${address}`,
    `-o HostKeyAlias=${HOST_KEY_ALIAS}`,
    `-o UserKnownHostsFile='${knownHosts}'`,
    '-o GlobalKnownHostsFile=/dev/null',
    '-o StrictHostKeyChecking=yes',
    '-o UpdateHostKeys=no',
    '-o IdentitiesOnly=yes',
    `-o ConnectTimeout=${Math.max(1, Math.ceil(timeoutMs / 1000))}`,
  ];
  if (credentials.sshKey) {
    const keyFile = join(dir, 'id_key');
    const key = credentials.sshKey.endsWith('\n') ? credentials.sshKey : `${credentials.sshKey}\n`;
    await writeFile(keyFile, key, { mode: 0o600 });
    options.push(`-o IdentityFile='${keyFile}'`);
  }
  const env: NodeJS.ProcessEnv = { GIT_SSH_VARIANT: 'ssh' };
  if (credentials.password && askpass) {
    options.push('-o BatchMode=no', '-o NumberOfPasswordPrompts=1');
    Object.assign(env, { SSH_ASKPASS: askpass, SSH_ASKPASS_REQUIRE: 'force', DISPLAY: 'none' });
  } else {
    options.push('-o BatchMode=yes');
  }
  env.GIT_SSH_COMMAND = `ssh ${options.join(' ')}`;
  return env;
}

/**
 * Runs `git <config> <args>` without a shell. At the call's deadline the whole process group
 * (git, its remote helper, ssh) is killed.
 */
export function runGit(
  workspace: GitWorkspace,
  args: string[],
  ctx: TypeContext,
  options: { cwd?: string; stdin?: string; maxStdout?: number; maxDirBytes?: number } = {},
): Promise<GitResult> {
  const maxStdout = options.maxStdout ?? MAX_STDOUT;
  return new Promise<GitResult>((resolve, reject) => {
    const child = spawn('git', [...workspace.config, ...args], {
      cwd: options.cwd ?? workspace.dir,
      env: workspace.env,
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    });
    const out: Buffer[] = [];
    let outSize = 0;
    let stderr = '';
    let overflow = false;
    const kill = () => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    };
    const onAbort = () => {
      kill();
      reject(deadlineFailure('git', ctx.timeoutMs));
    };
    if (ctx.signal.aborted) return onAbort();
    ctx.signal.addEventListener('abort', onAbort, { once: true });
    child.stdout.on('data', (chunk: Buffer) => {
      outSize += chunk.length;
      if (outSize > maxStdout) {
        overflow = true;
        kill();
        return;
      }
      out.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < MAX_STDERR) stderr += chunk.toString('utf8');
    });
    child.on('error', (error) => {
      ctx.signal.removeEventListener('abort', onAbort);
      reject(error);
    });
    // a fetch writes to disk, not to stdout: its size is watched while it runs
    const watch =
      options.maxDirBytes === undefined
        ? undefined
        : setInterval(() => {
            void dirBytes(options.cwd ?? workspace.dir).then((size) => {
              if (size > (options.maxDirBytes ?? 0)) {
                overflow = true;
                kill();
              }
            });
          }, 100);
    child.on('close', (code) => {
      clearInterval(watch);
      ctx.signal.removeEventListener('abort', onAbort);
      if (ctx.signal.aborted) return;
      if (overflow) {
        return reject(
          new TaskFailure(
            'result_too_large',
            `git ${args.find((a) => !a.startsWith('-')) ?? ''} produced more than a call may handle (output ${maxStdout / 1024 / 1024} MiB, fetch ${MAX_FETCH_BYTES / 1024 / 1024} MiB); read a smaller ref or path`,
          ),
        );
      }
      resolve({ code: code ?? -1, stdout: Buffer.concat(out), stderr });
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.stdin ?? '');
  });
}
