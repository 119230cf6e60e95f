import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PatchbayClient } from '@patchbay/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';
import { type GitServer, startGitServer } from '../support/git-server.js';
import { startTestServer, type TestServer } from '../support/server.js';

const EXAMPLES = fileURLToPath(new URL('../../../../examples/', import.meta.url));

// Each run starts a Node process with tsx: independent runs go in parallel.
describe('cli: patchbay flow run', { timeout: 120_000 }, () => {
  let server: TestServer;
  let git: GitServer;
  let client: PatchbayClient;
  let dir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    server = await startTestServer();
    git = await startGitServer();
    client = new PatchbayClient({ baseUrl: server.url, token: server.token });
    env = { PATCHBAY_URL: server.url, PATCHBAY_TOKEN: server.token };
    dir = mkdtempSync(join(tmpdir(), 'patchbay-flow-cli-'));
    await client.connections.create({ tag: 'warehouse', type: 'generic', value: { host: 'db.internal' } });
  });
  afterAll(async () => {
    await server.close();
    await git.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the seed: examples/library-metadata.flow.ts reads develop and v2 from a real git server', async () => {
    await client.connections.create({ tag: 'library', type: 'git', value: { repository_url: git.gitUrl } });
    const [json, human] = await Promise.all([
      runCli(['flow', 'run', join(EXAMPLES, 'library-metadata.flow.ts'), '--json'], env),
      runCli(['flow', 'run', join(EXAMPLES, 'library-metadata.flow.ts')], env),
    ]);
    expect(json.code, json.stderr).toBe(0);
    const result = json.json();
    expect(result).toMatchObject({
      status: 'success',
      outputs: { develop: git.commits.develop, v2: git.commits.v2 },
    });
    expect(git.commits.develop).not.toBe(git.commits.v2);
    expect(result.message).toBe(`develop is at ${git.commits.develop}, v2 is at ${git.commits.v2}`);
    expect(json.stderr).toMatch(/connect library: succeeded/);
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toContain(
      `success: develop is at ${git.commits.develop}, v2 is at ${git.commits.v2}`,
    );
    const executions = await client.executions.list({ tag: 'library' });
    expect(executions.items.map((e) => e.inputs.ref)).toEqual(expect.arrayContaining(['develop', 'v2']));
  });

  it('--input values reach run.inputs (JSON when valid); failing flows exit 1; load errors exit 2', async () => {
    const flow = join(dir, 'inputs.flow.ts');
    writeFileSync(
      flow,
      `export async function handler(system: any, run: any) {
  const resolved = await run.resolve('warehouse', { port: run.inputs.port });
  if (run.inputs.fail) run.fail('asked to fail');
  run.log('port is', resolved.inputs.port, typeof resolved.inputs.port);
  run.success('resolved', { port: resolved.inputs.port, source: resolved.sources.port });
}\n`,
    );
    const throwing = join(dir, 'throwing.flow.mjs');
    writeFileSync(throwing, 'export async function handler() { throw new Error("kaput"); }\n');
    const [ok, failed, thrown, missing] = await Promise.all([
      runCli(['flow', 'run', flow, '--input', 'port=5433', '--json'], env),
      runCli(['flow', 'run', flow, '--input', 'port=1', '--input', 'fail=true'], env),
      runCli(['flow', 'run', throwing, '--json'], env),
      runCli(['flow', 'run', join(dir, 'absent.ts')], env),
    ]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.json()).toEqual({
      status: 'success',
      message: 'resolved',
      outputs: { port: 5433, source: 'override' },
    });
    expect(ok.stderr).toContain('port is 5433 number');
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('failed: asked to fail');
    expect(thrown.code).toBe(1);
    expect(thrown.json()).toEqual({ status: 'failed', message: 'kaput' });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/does not exist/);
  });
});
