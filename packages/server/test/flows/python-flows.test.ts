/**
 * Python flows: `patchbay flow run flow.py` runs Cloudomation-style modules through flow_api and the
 * Python SDK. The seed's flows in examples/ run unchanged against a real git server (develop and v2
 * are different commits) and, for the Oracle example's `execute=` alias, a real PostgreSQL.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PatchbayClient } from '@patchbay/sdk';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pythonCommand } from '../../src/flows/python-flow.js';
import { runCli } from '../cli/run-cli.js';
import { type GitServer, startGitServer } from '../support/git-server.js';
import { startTestServer, type TestServer } from '../support/server.js';

const EXAMPLES = fileURLToPath(new URL('../../../../examples/', import.meta.url));
const PG_ADMIN = process.env.PATCHBAY_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const HAS_PYTHON_SDK = existsSync(pythonCommand());
if (!HAS_PYTHON_SDK) {
  const why = `no Python SDK venv (${pythonCommand()}): run scripts/prepare.d/40-sdk-python.sh`;
  if (process.env.CI) throw new Error(`${why}; CI must run the Python flows`);
  console.warn(`\n!!! SKIPPING the Python flow tests: ${why}.\n`);
}

async function asAdmin(sql: string, database?: string): Promise<void> {
  const url = new URL(PG_ADMIN);
  if (database) url.pathname = `/${database}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

describe.skipIf(!HAS_PYTHON_SDK)('cli: patchbay flow run flow.py', { timeout: 120_000 }, () => {
  let server: TestServer;
  let git: GitServer;
  let client: PatchbayClient;
  let env: Record<string, string>;
  let dir: string;
  const database = `pb_flow_${randomBytes(4).toString('hex')}`;
  const run = (file: string, ...args: string[]) => runCli(['flow', 'run', file, ...args], env);

  beforeAll(async () => {
    [server, git] = await Promise.all([startTestServer(), startGitServer()]);
    client = new PatchbayClient({ baseUrl: server.url, token: server.token });
    env = { PATCHBAY_URL: server.url, PATCHBAY_TOKEN: server.token };
    dir = mkdtempSync(join(tmpdir(), 'patchbay-py-flows-'));
    await client.connections.create({ tag: 'library', type: 'git', value: { repository_url: git.gitUrl } });
  });
  afterAll(async () => {
    await Promise.all([server?.close(), git?.stop()]);
    await asAdmin(`drop database if exists ${database} with (force)`).catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  });

  it("the seed's flows read develop's and v2's (different) commit metadata, unchanged", async () => {
    const [dev, v2] = await Promise.all([
      run(join(EXAMPLES, 'connection_test.py')),
      run(join(EXAMPLES, 'connection_test_v2.py')),
    ]);
    for (const result of [dev, v2]) {
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toBe('success: all done\n');
      expect(result.stderr).toMatch(/^connect library: succeeded in \d+ ms \(execution \S+\)$/m);
      expect(result.stdout + result.stderr).not.toContain(server.token);
    }
    const { items } = await client.executions.list({ tag: 'library' });
    const byRef: Record<string, Record<string, string>> = Object.fromEntries(
      items.map((e) => [e.inputs.ref, e.output_value as Record<string, string>]),
    );
    expect(byRef.develop).toMatchObject({
      commit_sha: git.commits.develop,
      commit_message: expect.stringMatching(/^Develop: docs and logo/),
    });
    expect(byRef.v2).toMatchObject({
      commit_sha: git.commits.v2,
      commit_message: expect.stringMatching(/^Release two/),
    });
    expect(git.commits.develop).not.toBe(git.commits.v2);
    for (const [ref, m] of Object.entries(byRef))
      console.log(`${ref}: ${m.commit_sha} ${m.commit_date_iso} ${m.commit_message!.split('\n')[0]}`);
  });

  it('examples/library_refs.py logs both refs; --json prints the outputs', async () => {
    const result = await run(join(EXAMPLES, 'library_refs.py'), '--json');
    expect(result.code, result.stderr).toBe(0);
    expect(result.json()).toEqual({
      status: 'success',
      message: 'all done',
      outputs: { develop: git.commits.develop, v2: git.commits.v2 },
    });
    expect(result.stderr).toContain(`develop: ${git.commits.develop} 2024-03-04`);
    expect(result.stderr).toContain(`v2: ${git.commits.v2} 2024-02-03`);
  });

  it("the Oracle example's execute= runs as the statement (on a PostgreSQL 'oracle' with a v$version view)", async () => {
    await asAdmin(`create database ${database}`);
    await asAdmin(`create view v$version as select version() as banner`, database);
    await client.connections.create({
      tag: 'oracle',
      type: 'postgres',
      value: { host: '127.0.0.1', database, user: 'postgres' },
    });
    const result = await run(join(EXAMPLES, 'oracle_version.py'));
    expect(result.code, result.stderr).toBe(0);
    const [execution] = (await client.executions.list({ tag: 'oracle' })).items;
    expect(execution).toMatchObject({ status: 'succeeded', inputs: { execute: 'SELECT * FROM v$version' } });
    expect(JSON.stringify(execution!.output_value)).toMatch(/"banner":"PostgreSQL \d+/);
  });

  it('on the oracle type, execute= is accepted: the flow fails connecting (exit 1), not on the input', async () => {
    await client.connections.delete('oracle');
    await client.connections.create({
      tag: 'oracle',
      type: 'oracle',
      value: { host: '127.0.0.1', port: 9, service_name: 'xe', user: 'scott' },
    });
    const result = await run(join(EXAMPLES, 'oracle_version.py'));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^failed: connection 'oracle' failed: (connection_refused|connect_failed|timeout): /m,
    );
    expect(result.stderr).not.toMatch(/missing_input|invalid_input/);
  });

  it('this.fail and an uncaught exception exit 1; this.inputs, handler(system, this, inputs); load errors exit 2', async () => {
    const write = (name: string, body: string) => {
      const file = join(dir, name);
      writeFileSync(file, `import flow_api\n${body}`);
      return file;
    };
    const failing = write('failing.py', "def handler(system, this):\n    this.fail('asked to fail')\n");
    const raising = write('raising.py', "def handler(system, this):\n    raise RuntimeError('kaput')\n");
    const swallow = write(
      'swallow.py',
      "def handler(system, this):\n    try:\n        return this.success('kept', ref=this.inputs['ref'])\n    except Exception:\n        return 'swallowed'\n",
    );
    const three = write(
      'three.py',
      "def handler(system, this, inputs):\n    return {'count': inputs['count'] + 1}\n",
    );
    const unknown = write('unknown.py', "def handler(system, this):\n    this.connect('nope')\n");
    const broken = write('broken.py', 'def handler(system, this)\n');
    const [f, r, s, t, u, b, missing] = await Promise.all([
      run(failing),
      run(raising, '--json'),
      run(swallow, '--input', 'ref=v2', '--json'),
      run(three, '--input', 'count=41', '--json'),
      run(unknown),
      run(broken),
      run(join(dir, 'absent.py')),
    ]);
    expect([f.code, f.stderr]).toEqual([1, 'failed: asked to fail\n']);
    expect(r.code).toBe(1);
    expect(r.json()).toEqual({ status: 'failed', message: 'RuntimeError: kaput' });
    expect(r.stderr).toContain('Traceback');
    expect(s.code, s.stderr).toBe(0);
    expect(s.json()).toEqual({ status: 'success', message: 'kept', outputs: { ref: 'v2' } });
    expect(t.json()).toEqual({ status: 'success', message: 'flow finished', outputs: { count: 42 } });
    expect(u.code).toBe(1);
    expect(u.stderr).toMatch(/^failed: connection_not_found: connection 'nope' does not exist/m);
    expect([b.code, missing.code]).toEqual([2, 2]);
    expect(b.stderr).toMatch(/cannot load flow .*broken\.py: SyntaxError/);
    expect(missing.stderr).toMatch(/absent\.py does not exist/);
  });
});
