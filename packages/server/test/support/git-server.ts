/**
 * Real git servers for tests. One bare repository `library.git` (branches `main` and `develop`, an
 * annotated tag `v2` on an older commit, a `docs/` folder, a binary file) served three ways:
 * - `git daemon` on a free port (git://, anonymous);
 * - `git http-backend` behind a small node HTTP server that demands basic auth (http://, askpass path);
 * - the bare repo's path, for ssh:// through the sshd fixture.
 *
 * @example
 * const repo = await startGitServer();
 * await gitType.execute!({ repository_url: repo.gitUrl, ref: 'v2', command: 'metadata' }, ctx);
 * await repo.stop();
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './type-context.js';

export interface GitServer {
  root: string;
  /** absolute path of the bare repository (for ssh://user@host:port/<path>) */
  repoPath: string;
  gitUrl: string;
  /** http URL needing basic auth with `username` / `password` */
  httpUrl: string;
  username: string;
  password: string;
  commits: { develop: string; v2: string; main: string };
  /** milliseconds the http server waits before answering (to observe running git processes) */
  setHttpDelay(ms: number): void;
  /** Authorization headers the http server received */
  authSeen: string[];
  stop(): Promise<void>;
}

const GIT_ENV = {
  ...process.env,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_AUTHOR_NAME: 'Ada Lovelace',
  GIT_AUTHOR_EMAIL: 'ada@example.org',
  GIT_COMMITTER_NAME: 'Ada Lovelace',
  GIT_COMMITTER_EMAIL: 'ada@example.org',
};

function run(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): string {
  return execFileSync('git', args, { cwd, env: { ...GIT_ENV, ...env }, encoding: 'utf8' }).trim();
}

function buildRepository(root: string): { repoPath: string; commits: GitServer['commits'] } {
  const work = join(root, 'work');
  mkdirSync(work);
  run(work, ['init', '-q', '-b', 'main']);
  const commit = (message: string, date: string) =>
    run(work, ['commit', '-q', '-m', message], { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date });
  writeFileSync(join(work, 'README.md'), '# library v2\n');
  run(work, ['add', '.']);
  commit('Release two', '2024-02-03T04:05:06Z');
  const v2 = run(work, ['rev-parse', 'HEAD']);
  run(work, ['tag', '-a', 'v2', '-m', 'version 2']);
  run(work, ['checkout', '-q', '-b', 'develop']);
  mkdirSync(join(work, 'docs', 'guide'), { recursive: true });
  writeFileSync(join(work, 'README.md'), '# library (develop)\n');
  writeFileSync(join(work, 'docs', 'intro.md'), 'Intro text\n');
  writeFileSync(join(work, 'docs', 'guide', 'setup.md'), 'Setup steps\n');
  writeFileSync(join(work, 'logo.bin'), Buffer.from([0, 255, 1, 254, 0x80]));
  run(work, ['add', '.']);
  commit('Develop: docs and logo\n\nLonger body line.', '2024-03-04T05:06:07Z');
  const develop = run(work, ['rev-parse', 'HEAD']);
  addBigTag(work, commit);
  const repoPath = join(root, 'library.git');
  run(root, ['clone', '-q', '--bare', work, repoPath]);
  run(repoPath, ['config', 'http.receivepack', 'false']);
  return { repoPath, commits: { develop, v2, main: v2 } };
}

/**
 * Tag `big` (on no branch, so no other ref's fetch carries it): `many/` with 2,001 small files and
 * `large.bin`, 11 MiB of random bytes — just past git's per-call caps of files and bytes (SPEC 7).
 */
function addBigTag(work: string, commit: (message: string, date: string) => string): void {
  run(work, ['checkout', '-q', '-b', 'big-work']);
  mkdirSync(join(work, 'many'));
  for (let i = 0; i <= 2000; i++) writeFileSync(join(work, 'many', `f${i}.txt`), `${i}\n`);
  writeFileSync(join(work, 'large.bin'), randomBytes(11 * 1024 * 1024));
  run(work, ['add', '.']);
  commit('Big: past the caps', '2024-04-05T06:07:08Z');
  run(work, ['tag', 'big']);
  run(work, ['checkout', '-q', 'develop']);
  run(work, ['branch', '-q', '-D', 'big-work']);
}

export async function startGitServer(): Promise<GitServer> {
  const root = mkdtempSync(join(tmpdir(), 'pb-git-'));
  const { repoPath, commits } = buildRepository(root);
  const daemonPort = await freePort();
  const daemon = spawn(
    'git',
    [
      'daemon',
      '--export-all',
      '--reuseaddr',
      `--base-path=${root}`,
      '--listen=127.0.0.1',
      `--port=${daemonPort}`,
      '--informative-errors',
      root,
    ],
    { stdio: 'ignore', env: GIT_ENV },
  );
  await waitForPort(daemonPort, daemon);
  const username = 'librarian';
  const password = 'canary-git-http-51c0ffee';
  let delay = 0;
  const authSeen: string[] = [];
  const http = createServer((req, res) => {
    authSeen.push(req.headers.authorization ?? '');
    const expected = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
    if (req.headers.authorization !== expected) {
      res.writeHead(401, { 'www-authenticate': 'Basic realm="git"' });
      res.end('authentication required');
      return;
    }
    setTimeout(() => serveBackend(root, req, res), delay);
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const httpPort = (http.address() as AddressInfo).port;
  return {
    root,
    repoPath,
    gitUrl: `git://127.0.0.1:${daemonPort}/library.git`,
    httpUrl: `http://127.0.0.1:${httpPort}/library.git`,
    username,
    password,
    commits,
    authSeen,
    setHttpDelay: (ms) => {
      delay = ms;
    },
    stop: async () => {
      await stopChild(daemon);
      http.closeAllConnections();
      await new Promise((resolve) => http.close(resolve));
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Runs `git http-backend` as a CGI for one request. */
function serveBackend(root: string, req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://x');
  const backend = spawn('git', ['http-backend'], {
    env: {
      ...GIT_ENV,
      GIT_PROJECT_ROOT: root,
      GIT_HTTP_EXPORT_ALL: '1',
      REQUEST_METHOD: req.method ?? 'GET',
      PATH_INFO: decodeURIComponent(url.pathname),
      QUERY_STRING: url.search.replace(/^\?/, ''),
      CONTENT_TYPE: req.headers['content-type'] ?? '',
      HTTP_CONTENT_ENCODING: req.headers['content-encoding'] ?? '',
      HTTP_GIT_PROTOCOL: String(req.headers['git-protocol'] ?? ''),
      REMOTE_USER: 'librarian',
      REMOTE_ADDR: '127.0.0.1',
    },
  });
  req.pipe(backend.stdin);
  let head = Buffer.alloc(0);
  let headersDone = false;
  backend.stdout.on('data', (chunk: Buffer) => {
    if (headersDone) return void res.write(chunk);
    head = Buffer.concat([head, chunk]);
    const end = head.indexOf('\r\n\r\n');
    if (end < 0) return;
    headersDone = true;
    let status = 200;
    for (const line of head.subarray(0, end).toString('latin1').split('\r\n')) {
      const [name = '', ...rest] = line.split(':');
      const value = rest.join(':').trim();
      if (name.toLowerCase() === 'status') status = Number.parseInt(value, 10);
      else res.setHeader(name, value);
    }
    res.writeHead(status);
    res.write(head.subarray(end + 4));
  });
  backend.stdout.on('end', () => res.end());
  backend.on('error', () => res.destroy());
}

async function waitForPort(port: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`git daemon exited with ${child.exitCode}`);
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
  throw new Error(`git daemon did not listen on ${port}`);
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}
