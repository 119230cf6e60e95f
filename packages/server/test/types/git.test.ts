/**
 * The git task type against real servers (test/support/git-server.ts): git daemon, git http-backend
 * with basic auth (the askpass path), and ssh through a real sshd. Also: secrets never in any process's
 * argv or environment, temp dirs removed, hung servers cut off.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JsonObject } from '../../src/domain/model.js';
import { TaskFailure } from '../../src/domain/type-descriptor.js';
import { gitType } from '../../src/types/git/git-type.js';
import { type GitServer, startGitServer } from '../support/git-server.js';
import { type Sshd, sshdProblem, startSshd } from '../support/sshd.js';
import { createTestPki } from '../support/test-pki.js';
import {
  runExecute,
  runValidate,
  startSilentServer,
  type TypeContextOverrides,
  withDefaults,
} from '../support/type-context.js';

let repo: GitServer;
const execute = (inputs: JsonObject, o: TypeContextOverrides = {}) =>
  runExecute(gitType, withDefaults(gitType, inputs), o);
const validate = (inputs: JsonObject, o: TypeContextOverrides = {}) =>
  runValidate(gitType, withDefaults(gitType, inputs), o);

async function failure(promise: Promise<unknown>, secret?: string): Promise<TaskFailure> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TaskFailure);
  if (secret) expect((error as Error).message).not.toContain(secret);
  return error as TaskFailure;
}

const tempDirs = () => readdirSync(tmpdir()).filter((d) => d.startsWith('patchbay-git-'));

beforeAll(async () => {
  repo = await startGitServer();
});
afterAll(async () => {
  await repo?.stop();
});

describe('git over git://', () => {
  it('validates with git ls-remote of the ref', async () => {
    const outcome = await validate({ repository_url: repo.gitUrl });
    expect(outcome).toMatchObject({ valid: true, message: null });
    expect(outcome.checks.map((c) => [c.name, c.ok])).toEqual([
      ['connect', true],
      ['ls-remote', true],
    ]);
    expect(outcome.checks[1]?.detail).toContain(
      `found refs/heads/develop at ${repo.commits.develop.slice(0, 12)}`,
    );
  });

  it('names the branches when the ref is missing', async () => {
    const outcome = await validate({ repository_url: repo.gitUrl, ref: 'nope' });
    expect(outcome.valid).toBe(false);
    expect(outcome.message).toBe(
      `ref 'nope' not found in ${repo.gitUrl}; the repository has branches develop, main`,
    );
    const error = await failure(execute({ repository_url: repo.gitUrl, ref: 'nope' }));
    expect(error.code).toBe('ref_not_found');
  });

  it('returns the metadata of develop (the default ref)', async () => {
    const out = await execute({ repository_url: repo.gitUrl });
    expect(out).toEqual({
      commit_sha: repo.commits.develop,
      short_sha: repo.commits.develop.slice(0, 7),
      author_name: 'Ada Lovelace',
      author_email: 'ada@example.org',
      commit_date_iso: '2024-03-04T05:06:07+00:00', // git's strict ISO 8601, with the committer's offset
      commit_date_unix: Date.parse('2024-03-04T05:06:07Z') / 1000,
      commit_message: 'Develop: docs and logo\n\nLonger body line.',
    });
  });

  it('returns the commit of an annotated tag and of a commit id', async () => {
    const tag = (await execute({ repository_url: repo.gitUrl, ref: 'v2' })) as JsonObject;
    expect(tag.commit_sha).toBe(repo.commits.v2);
    expect(tag.commit_message).toBe('Release two');
    const byId = (await execute({ repository_url: repo.gitUrl, ref: repo.commits.v2 })) as JsonObject;
    expect(byId.commit_sha).toBe(repo.commits.v2);
  });

  it('gets a folder, a file and a binary file', async () => {
    const folder = await execute({ repository_url: repo.gitUrl, command: 'get', files_path: 'docs' });
    expect(folder).toEqual({
      files: [
        { path: 'docs/guide/setup.md', content: 'Setup steps\n' },
        { path: 'docs/intro.md', content: 'Intro text\n' },
      ],
    });
    const file = await execute({
      repository_url: repo.gitUrl,
      ref: 'v2',
      command: 'get',
      files_path: '/README.md',
    });
    expect(file).toEqual({ files: [{ path: 'README.md', content: '# library v2\n' }] });
    const binary = await execute({ repository_url: repo.gitUrl, command: 'get', files_path: 'logo.bin' });
    expect(binary).toEqual({
      files: [
        {
          path: 'logo.bin',
          content: Buffer.from([0, 255, 1, 254, 0x80]).toString('base64'),
          encoding: 'base64',
        },
      ],
    });
  });

  it('says when files_path is missing or absent from the ref', async () => {
    expect((await failure(execute({ repository_url: repo.gitUrl, command: 'get' }))).code).toBe(
      'missing_input',
    );
    const error = await failure(
      execute({ repository_url: repo.gitUrl, ref: 'v2', command: 'get', files_path: 'docs' }),
    );
    expect(error.code).toBe('not_found');
    expect(error.message).toContain("files_path 'docs' does not exist at ref 'v2'");
    expect(
      (await failure(execute({ repository_url: repo.gitUrl, command: 'get', files_path: '../x' }))).code,
    ).toBe('invalid_input');
  });

  it('refuses to return more than 2,000 files or 10 MiB in one call, naming what the path holds', async () => {
    const many = await failure(
      execute({ repository_url: repo.gitUrl, ref: 'big', command: 'get', files_path: 'many' }),
    );
    expect(many.code).toBe('result_too_large');
    expect(many.message).toMatch(
      /^files_path 'many' holds 2001 files, \d+ bytes; a call returns at most 2000 files and 10 MiB: choose a narrower files_path$/,
    );
    const large = await failure(
      execute({ repository_url: repo.gitUrl, ref: 'big', command: 'get', files_path: 'large.bin' }),
    );
    expect(large.code).toBe('result_too_large');
    expect(large.message).toContain(`holds 1 files, ${11 * 1024 * 1024} bytes`);
    // one file under the caps, from the same ref, still reads
    const one = await execute({
      repository_url: repo.gitUrl,
      ref: 'big',
      command: 'get',
      files_path: 'many/f7.txt',
    });
    expect(one).toEqual({ files: [{ path: 'many/f7.txt', content: '7\n' }] });
  });

  it('says when there is no repository at the URL', async () => {
    const outcome = await validate({ repository_url: repo.gitUrl.replace('library', 'nothing') });
    expect(outcome.valid).toBe(false);
    expect(outcome.message).toContain('no git repository at');
  });

  it('reports connection refused', async () => {
    const outcome = await validate({ repository_url: 'git://127.0.0.1:1/library.git' });
    expect(outcome.message).toBe(
      'connection refused by 127.0.0.1:1: no git server listens there; check host and port',
    );
  });

  it('removes its temp dir after success and failure', async () => {
    const before = tempDirs().length;
    await execute({ repository_url: repo.gitUrl });
    await failure(execute({ repository_url: repo.gitUrl, ref: 'nope' }));
    await validate({ repository_url: repo.gitUrl });
    expect(tempDirs().length).toBe(before);
  });

  it('kills git at the call deadline when the server hangs', async () => {
    const silent = await startSilentServer();
    try {
      const started = Date.now();
      const error = await failure(
        execute({ repository_url: `git://127.0.0.1:${silent.port}/x.git` }, { timeoutMs: 500 }),
      );
      expect(error.code).toBe('timeout');
      expect(Date.now() - started).toBeLessThan(3000);
      const outcome = await validate(
        { repository_url: `git://127.0.0.1:${silent.port}/x.git` },
        { timeoutMs: 500 },
      );
      expect(outcome.message).toContain('did not finish within 0.5s');
    } finally {
      await silent.close();
    }
  });
});

describe('git: URLs and egress', () => {
  it.each(['/etc', 'file:///etc', 'ext::sh -c touch% /tmp/pwned', '-uhack', 'ftp://example.org/x.git'])(
    'refuses %s',
    async (url) => {
      const outcome = await validate({ repository_url: url });
      expect(outcome.valid).toBe(false);
      expect(outcome.message).toContain('is not a remote git URL');
    },
  );

  it('refuses link-local and metadata addresses', async () => {
    const error = await failure(execute({ repository_url: 'https://169.254.169.254/repo.git' }));
    expect(error.code).toBe('egress_denied');
    const resolve = async () => ['169.254.169.254'];
    const outcome = await validate({ repository_url: 'git@metadata.test:repo.git' }, { resolve });
    expect(outcome.message).toContain(
      'metadata.test resolves to 169.254.169.254, a link-local/cloud-metadata address',
    );
  });

  it('connects to the checked address (a name only the guard knows)', async () => {
    const url = repo.httpUrl.replace('127.0.0.1', 'pinned.test');
    const outcome = await validate(
      { repository_url: url, username: repo.username, password: repo.password },
      { resolve: async () => ['127.0.0.1'] },
    );
    expect(outcome.valid).toBe(true);
  });

  it('reports a TLS failure for an untrusted certificate', async () => {
    const { key, cert } = createTestPki(); // signed by a CA git is not told of
    const server = createHttpsServer({ key, cert }, (_req, res) => res.end('never reached'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.address() as AddressInfo).port;
      const outcome = await validate({ repository_url: `https://127.0.0.1:${port}/library.git` });
      expect(outcome.valid).toBe(false);
      expect(outcome.message).toBe(
        `TLS to 127.0.0.1:${port} failed: the server's certificate is not trusted for '127.0.0.1'; fix the certificate or the URL`,
      );
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('refuses a ref that looks like an option', async () => {
    const outcome = await validate({ repository_url: repo.gitUrl, ref: '--upload-pack=touch' });
    expect(outcome.message).toContain('is not a valid branch, tag or commit name');
  });
});

describe('git over http with basic auth (askpass)', () => {
  it('validates and reads with the password', async () => {
    const inputs = { repository_url: repo.httpUrl, username: repo.username, password: repo.password };
    expect((await validate(inputs)).valid).toBe(true);
    const out = (await execute({ ...inputs, ref: 'v2' })) as JsonObject;
    expect(out.commit_sha).toBe(repo.commits.v2);
  });

  it('refuses a wrong password without echoing it', async () => {
    const wrong = `${repo.password}-wrong`;
    const outcome = await validate({
      repository_url: repo.httpUrl,
      username: repo.username,
      password: wrong,
    });
    expect(outcome.valid).toBe(false);
    expect(outcome.message).toBe(
      `${repo.httpUrl} refused the credentials of user 'librarian'; check username and password (or the access token)`,
    );
    expect(JSON.stringify(outcome)).not.toContain(wrong);
    expect(
      (
        await failure(
          execute({ repository_url: repo.httpUrl, username: 'librarian', password: wrong }),
          wrong,
        )
      ).code,
    ).toBe('auth_failed');
  });

  it('says credentials are needed when none are set', async () => {
    const outcome = await validate({ repository_url: repo.httpUrl });
    expect(outcome.message).toContain('needs credentials; set username and password');
  });

  it('never puts the password in any process argv or environment', async () => {
    repo.setHttpDelay(300);
    const seen = new Set<string>();
    let leaked = '';
    let sampling = true;
    const sample = async () => {
      while (sampling) {
        for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
          try {
            const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
            if (!/\bgit\b|git-remote|askpass/.test(argv)) continue;
            seen.add(argv);
            const environ = readFileSync(`/proc/${pid}/environ`, 'utf8');
            if (argv.includes(repo.password) || environ.includes(repo.password)) leaked = argv;
          } catch {
            // the process ended while we looked
          }
        }
        await new Promise((r) => setTimeout(r, 5));
      }
    };
    const sampler = sample();
    try {
      const out = (await execute({
        repository_url: repo.httpUrl,
        username: repo.username,
        password: repo.password,
      })) as JsonObject;
      expect(out.commit_sha).toBe(repo.commits.develop);
    } finally {
      sampling = false;
      await sampler;
      repo.setHttpDelay(0);
    }
    expect(leaked).toBe('');
    expect(
      [...seen].some((a) => a.includes('remote-http') || a.includes('ls-remote') || a.includes('fetch')),
    ).toBe(true);
    expect(repo.authSeen.some((h) => h.startsWith('Basic '))).toBe(true);
  });
});

const sshProblem = sshdProblem();
describe.skipIf(sshProblem !== undefined)('git over ssh (real sshd)', () => {
  let sshd: Sshd;
  beforeAll(async () => {
    sshd = await startSshd();
  });
  afterAll(async () => {
    await sshd?.stop();
  });
  const url = () => `ssh://${sshd.user}@127.0.0.1:${sshd.port}${repo.repoPath}`;

  it('reads metadata with a key and a pinned host key (line or fingerprint)', async () => {
    const inputs = { repository_url: url(), ssh_key: sshd.clientKey, ssh_hostkey: sshd.hostKeyLine };
    expect((await validate(inputs)).valid).toBe(true);
    const out = (await execute(inputs)) as JsonObject;
    expect(out.commit_sha).toBe(repo.commits.develop);
    const byFp = (await execute({
      ...inputs,
      ssh_hostkey: sshd.hostKeyFingerprint,
      ref: 'v2',
    })) as JsonObject;
    expect(byFp.commit_sha).toBe(repo.commits.v2);
  });

  it('fails validation without ssh_hostkey, giving the key to pin', async () => {
    const outcome = await validate({ repository_url: url(), ssh_key: sshd.clientKey });
    expect(outcome.valid).toBe(false);
    expect(outcome.message).toContain('no ssh_hostkey is pinned');
    expect(outcome.message).toContain(sshd.hostKeyFingerprint);
    expect(outcome.message).toContain(sshd.hostKeyLine);
  });

  it('fails on a host key mismatch, naming both fingerprints', async () => {
    const outcome = await validate({
      repository_url: url(),
      ssh_key: sshd.clientKey,
      ssh_hostkey: sshd.otherHostKeyLine,
    });
    expect(outcome.valid).toBe(false);
    expect(outcome.message).toMatch(/^host key mismatch for 127\.0\.0\.1:\d+: pinned SHA256:/);
    expect(outcome.message).toContain(`the server presents ${sshd.hostKeyFingerprint}`);
  });

  it('says when the key is refused, without the key', async () => {
    const outcome = await validate({
      repository_url: url(),
      ssh_key: sshd.strangerKey,
      ssh_hostkey: sshd.hostKeyLine,
    });
    expect(outcome.valid).toBe(false);
    expect(outcome.message).toContain('refused ssh_key');
    expect(JSON.stringify(outcome)).not.toContain('PRIVATE KEY');
  });
});
