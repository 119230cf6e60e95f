import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { type CliResult, runCli } from './run-cli.js';

const CANARY = 'canary-cli-secret-4d1f8b';

// Each run starts a Node process with tsx (1–3 s, more on a loaded machine): independent runs go in parallel.
describe('cli: connections through the SDK', { timeout: 120_000 }, () => {
  let server: TestServer;
  let target: Server;
  let targetUrl: string;
  let dir: string;
  let env: Record<string, string>;
  /** every stdout/stderr of a run that must not show secrets */
  const quiet: string[] = [];
  const cli = async (...args: string[]): Promise<CliResult> => {
    const result = await runCli(args, env);
    if (!args.includes('--reveal')) quiet.push(result.stdout, result.stderr);
    return result;
  };

  beforeAll(async () => {
    server = await startTestServer();
    env = { PATCHBAY_URL: server.url, PATCHBAY_TOKEN: server.token };
    target = createServer((req, res) => {
      res.writeHead(req.url === '/ok' ? 200 : 503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ path: req.url }));
    });
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
    targetUrl = `http://127.0.0.1:${(target.address() as AddressInfo).port}`;
    dir = mkdtempSync(join(tmpdir(), 'patchbay-cli-'));
  });
  afterAll(async () => {
    await server.close();
    await new Promise((resolve) => target.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it('create with k=v values (JSON when valid) and a secret; the secret is not printed', async () => {
    const created = await cli(
      'connections',
      'create',
      'warehouse',
      '--type',
      'generic',
      '--value',
      'host=db.internal',
      '--value',
      'port=5432',
      '--value',
      'ssl=true',
      '--value',
      'options={"pool":4}',
      '--value',
      'ref=v2',
      '--value',
      'zip="01234"',
      '--secret',
      `password=${CANARY}`,
      '--description',
      'the warehouse',
    );
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toMatch(/tag:\s+warehouse/);
    expect(created.stdout).toMatch(/status:\s+unverified/);
    expect(created.stdout).toMatch(/secrets set:\s+password/);

    const got = await cli('connections', 'get', 'warehouse', '--json');
    expect(got.code).toBe(0);
    expect(got.json()).toMatchObject({
      tag: 'warehouse',
      description: 'the warehouse',
      value: { host: 'db.internal', port: 5432, ssl: true, options: { pool: 4 }, ref: 'v2', zip: '01234' },
      secret_fields: ['password'],
    });
  });

  it('create -f (YAML) and complete -f (JSON) plus k=v arguments', async () => {
    const yamlFile = join(dir, 'library.yaml');
    writeFileSync(yamlFile, 'type: git\ndisplay_name: The library\nvalue:\n  ref: develop\n');
    const created = await cli('connections', 'create', 'library', '-f', yamlFile, '--json');
    expect(created.code, created.stderr).toBe(0);
    expect(created.json()).toMatchObject({
      tag: 'library',
      type: 'git',
      display_name: 'The library',
      status: 'pending',
    });

    const jsonFile = join(dir, 'inputs.json');
    writeFileSync(jsonFile, JSON.stringify({ repository_url: 'git://127.0.0.1:9/library.git' }));
    const completed = await cli(
      'connections',
      'complete',
      'library',
      '-f',
      jsonFile,
      'command=get',
      'files_path=/',
    );
    expect(completed.code, completed.stderr).toBe(0);
    expect(completed.stdout).toContain('library: completed; status unverified, version 2');
  });

  it('list: a table, and --json', async () => {
    const [table, gitOnly, everyPage] = await Promise.all([
      cli('connections', 'list'),
      cli('connections', 'list', '--type', 'git', '--json'),
      cli('connections', 'list', '--all', '--limit', '1', '--json'),
    ]);
    expect(table.code).toBe(0);
    const lines = table.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^TAG\s+TYPE\s+KIND\s+STATUS\s+VERSION\s+DISPLAY NAME$/);
    expect(lines.some((l) => /^warehouse\s+generic\s+task\s+unverified\s+1\s+warehouse$/.test(l))).toBe(true);
    // the columns line up: every row has STATUS at the header's offset
    const at = lines[0]!.indexOf('STATUS');
    for (const line of lines.slice(1)) expect(line.slice(at)).toMatch(/^(pending|unverified)/);
    expect(gitOnly.json().items.map((c: { tag: string }) => c.tag)).toEqual(['library']);
    expect(everyPage.json().items).toHaveLength(2);
  });

  it('resolve: masked with sources and overrides; --reveal shows the secret; `patchbay resolve` is the same', async () => {
    const [masked, json, revealed] = await Promise.all([
      cli('connections', 'resolve', 'warehouse', 'port=6543', 'extra={"a":1}'),
      cli('resolve', 'warehouse', '--json'),
      cli('connections', 'resolve', 'warehouse', '--reveal', '--json'),
    ]);
    expect(masked.code, masked.stderr).toBe(0);
    expect(masked.stdout).toMatch(/port\s+6543\s+override/);
    expect(masked.stdout).toMatch(/password\s+\*{8}\s+secret/);
    expect(masked.stdout).toMatch(/extra\s+\{"a":1\}\s+override/);
    expect(json.json().inputs.password).toBe('********');
    expect(revealed.json().inputs.password).toBe(CANARY);
  });

  it('update with --if-match: 412 is exit 1 with the error code', async () => {
    const ok = await cli(
      'connections',
      'update',
      'warehouse',
      '--value',
      'port=7000',
      '--value',
      'ssl=null',
      '--if-match',
      '1',
      '--json',
    );
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.json().value).toMatchObject({ port: 7000 });
    expect(ok.json().value.ssl).toBeUndefined();
    const stale = await cli('connections', 'update', 'warehouse', '--description', 'x', '--if-match', '1');
    expect(stale.code).toBe(1);
    expect(stale.stderr).toMatch(/^error version_mismatch: /);
    // the API's REST hint, in the terms of the shell the user is in
    expect(stale.stderr).toContain(
      'fetch it again (patchbay connections get warehouse) and retry with --if-match <its version>',
    );
  });

  it('connect: succeeded is exit 0; a failed task is exit 1 with the execution shown', async () => {
    await cli('connections', 'create', 'status_api', '--type', 'http', '--value', `url=${targetUrl}/ok`);
    const ok = await cli('connections', 'connect', 'status_api', '--timeout-ms', '5000');
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/status:\s+succeeded/);
    expect(ok.stdout).toContain('"status_code": 200');
    const failed = await cli('connections', 'connect', 'status_api', `url=${targetUrl}/down`, '--json');
    expect(failed.code).toBe(1);
    expect(failed.json()).toMatchObject({ status: 'failed', tag: 'status_api' });
    // the top-level shortcut is the same command
    const shortcut = await cli('connect', 'status_api', '--json');
    expect(shortcut.code, shortcut.stderr).toBe(0);
    expect(shortcut.json()).toMatchObject({ status: 'succeeded', tag: 'status_api' });
    const executions = await cli('executions', 'list', '--tag', 'status_api');
    expect(executions.stdout.trim().split('\n')).toHaveLength(4);
    const id = failed.json().id as string;
    const shown = await cli('executions', 'show', id);
    expect(shown.stdout).toMatch(/status:\s+failed/);
    expect(shown.stdout).toMatch(/version:\s+1\n/); // the connection version the call ran with
  });

  it('validate, revoke, restore, delete', async () => {
    const validated = await cli('connections', 'validate', 'warehouse');
    expect(validated.code).toBe(0);
    expect(validated.stdout).toMatch(/valid:\s+yes/);
    expect((await cli('connections', 'revoke', 'warehouse')).stdout).toContain(
      'warehouse: revoked; status revoked',
    );
    const refused = await cli('connections', 'resolve', 'warehouse');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^error connection_revoked: /);
    expect((await cli('connections', 'restore', 'warehouse')).code).toBe(0);
    const deleted = await cli('connections', 'delete', 'status_api');
    expect(deleted.stdout.trim()).toBe('status_api: deleted');
  });

  it('API errors exit 1 with "error <code>: <message>"; missing input lists the fields', async () => {
    await cli('connections', 'create', 'bare', '--type', 'git');
    const [missing, unresolved, attach] = await Promise.all([
      cli('connections', 'get', 'nothing_here'),
      cli('connections', 'resolve', 'bare'),
      cli('connections', 'attach-secret', 'bare', 'secret/data/x'),
    ]);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toMatch(/^error connection_not_found: connection 'nothing_here'/);
    expect(missing.stderr).toContain('list connections with patchbay connections list');
    expect(missing.stderr).not.toContain('/v1/');
    expect(unresolved.code).toBe(1);
    expect(unresolved.stderr).toMatch(/^error missing_input: /);
    expect(unresolved.stderr).toContain('fields: repository_url');
    expect(unresolved.stderr).toContain('set it with patchbay connections complete bare k=v');
    expect(attach.code).toBe(1);
    expect(attach.stderr).toMatch(/^error vault_not_configured: /);
  });

  it('usage errors exit 2: missing argument, unknown option, bad k=v, no --type, unreadable file', async () => {
    const cases = [
      ['connections', 'get'],
      ['connections', 'list', '--bogus'],
      ['connections', 'complete', 'warehouse', 'no-equals-sign'],
      ['connections', 'create', 'x'],
      ['connections', 'create', 'x', '--type', 'generic', '-f', join(dir, 'missing.json')],
      ['connections', 'update', 'warehouse'],
    ];
    const results = await Promise.all(cases.map((args) => cli(...args)));
    results.forEach((result, i) => {
      expect(result.code, `${cases[i]!.join(' ')}\n${result.stderr}`).toBe(2);
      expect(result.stderr).toMatch(/error/);
    });
  });

  it('unreachable server and bad token: exit 1 with network_error / unauthenticated', async () => {
    // --url and --token override the environment, before or after the command
    const [offline, flags, before] = await Promise.all([
      runCli(['connections', 'list'], { PATCHBAY_URL: 'http://127.0.0.1:9', PATCHBAY_TOKEN: 'pb_x' }),
      runCli(['connections', 'list', '--url', server.url, '--token', 'pb_wrong'], env),
      runCli(['--url', server.url, '--token', server.token, 'connections', 'list', '--json'], {}),
    ]);
    expect(offline.code).toBe(1);
    expect(offline.stderr).toMatch(
      /^error network_error: could not reach Patchbay at http:\/\/127\.0\.0\.1:9\/v1\/connections/,
    );
    expect(flags.code).toBe(1);
    expect(flags.stderr).toMatch(/^error unauthenticated: /);
    expect(before.code, before.stderr).toBe(0);
  });

  it('the secret never appeared in output without --reveal, nor in the server log', () => {
    expect(quiet.join('\n')).not.toContain(CANARY);
    expect(server.logs.join('')).not.toContain(CANARY);
  });
});
