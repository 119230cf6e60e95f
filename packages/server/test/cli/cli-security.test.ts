import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PatchbayClient } from '@patchbay/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { type CliResult, runCli } from './run-cli.js';

const CANARY = 'canary-cli-sec-7e51c2';
const PIN = '0042';

/**
 * The CLI as an attacker holding a runner token would use it, and as a careful user keeping secrets off
 * the command line: nothing it prints may carry a secret, and it must not help a runner move one.
 */
describe('cli: security', { timeout: 120_000 }, () => {
  let server: TestServer;
  let admin: PatchbayClient;
  let runnerToken: string;
  let upstream: Server;
  let upstreamUrl: string;
  /** what reached the HTTP upstream: where a secret would travel */
  const seen: string[] = [];
  let dir: string;
  const printed: string[] = [];
  const cli = async (env: Record<string, string>, args: string[], stdin?: string): Promise<CliResult> => {
    const result = await runCli(args, env, stdin);
    printed.push(result.stdout, result.stderr);
    return result;
  };
  const asRunner = (...args: string[]) =>
    cli({ PATCHBAY_URL: server.url, PATCHBAY_TOKEN: runnerToken }, args);
  const asAdmin = (args: string[], stdin?: string) =>
    cli({ PATCHBAY_URL: server.url, PATCHBAY_TOKEN: server.token }, args, stdin);

  const record = (req: IncomingMessage) => {
    seen.push(`${req.url} ${JSON.stringify(req.headers)}`);
  };

  beforeAll(async () => {
    server = await startTestServer();
    admin = new PatchbayClient({ baseUrl: server.url, token: server.token });
    runnerToken = (await admin.tokens.create({ name: 'ci', role: 'runner' })).token;
    upstream = createServer((req, res) => {
      record(req);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: true }));
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
    dir = mkdtempSync(join(tmpdir(), 'patchbay-cli-sec-'));
    await admin.connections.create({
      tag: 'api',
      type: 'http',
      value: { url: `${upstreamUrl}/ok`, method: 'GET' },
      secrets: { bearer_token: CANARY },
    });
  });
  afterAll(async () => {
    await server?.close();
    await new Promise((resolve) => upstream?.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it('a runner cannot reveal through the CLI: resolve --reveal and get are masked or refused', async () => {
    const [reveal, revealJson, got, resolved] = await Promise.all([
      asRunner('connections', 'resolve', 'api', '--reveal'),
      asRunner('resolve', 'api', '--reveal', '--json'),
      asRunner('connections', 'get', 'api', '--json'),
      asRunner('connections', 'resolve', 'api', '--json'),
    ]);
    expect(reveal.code).toBe(1);
    expect(reveal.stderr).toMatch(/^error forbidden: /);
    expect(revealJson.code).toBe(1);
    expect(got.code, got.stderr).toBe(0);
    expect(got.json().secret_fields).toEqual(['bearer_token']);
    expect(resolved.code, resolved.stderr).toBe(0);
    expect(resolved.json().inputs.bearer_token).not.toBe(CANARY);
  });

  it('a runner cannot send the secret elsewhere: target overrides on connect and resolve are refused, nothing is sent', async () => {
    const evil = `${upstreamUrl}/evil`;
    const attempts = await Promise.all([
      asRunner('connections', 'connect', 'api', `url=${evil}`),
      asRunner('connections', 'connect', 'api', `url=${upstreamUrl.replace('127.0.0.1', 'localhost')}/ok`),
      asRunner('connections', 'connect', 'api', 'url=http://169.254.169.254/latest/meta-data/'),
      asRunner('connections', 'resolve', 'api', `url=${evil}`),
    ]);
    for (const attempt of attempts) {
      expect(attempt.code, attempt.stdout + attempt.stderr).toBe(1);
      expect(attempt.stderr).toMatch(/^error override_forbidden: /);
    }
    expect(seen.filter((line) => line.startsWith('/evil'))).toEqual([]);
    // the permitted call goes where the editor pointed it, with the secret
    const ok = await asRunner('connections', 'connect', 'api', '--json');
    expect(ok.code, ok.stderr).toBe(0);
    expect(seen.some((line) => line.startsWith('/ok') && line.includes(CANARY))).toBe(true);
  });

  it('a runner cannot change or replace the secret (complete, update, attach-secret, delete are forbidden)', async () => {
    const secretFile = join(dir, 'mine.txt');
    writeFileSync(secretFile, 'attacker-token\n');
    const attempts = await Promise.all([
      asRunner('connections', 'complete', 'api', 'url=http://127.0.0.1:9/x'),
      asRunner('connections', 'update', 'api', '--value', `url=${upstreamUrl}/evil`),
      asRunner('connections', 'attach-secret', 'api', 'secret/data/x'),
      asRunner('connections', 'delete', 'api'),
    ]);
    for (const attempt of attempts) {
      expect(attempt.code, attempt.stdout + attempt.stderr).toBe(1);
      expect(attempt.stderr).toMatch(/^error forbidden: /);
    }
    const after = await admin.resolve('api', { reveal: true });
    expect(after.inputs).toMatchObject({ url: `${upstreamUrl}/ok`, bearer_token: CANARY });
  });

  it('secrets can stay off the command line: --secret k=@file and k=- are read as text, a PIN stays a string', async () => {
    const keyFile = join(dir, 'password.txt');
    writeFileSync(keyFile, `${CANARY}-file\n`);
    const created = await asAdmin([
      'connections',
      'create',
      'db',
      '--type',
      'postgres',
      '--value',
      'host=127.0.0.1',
      '--value',
      'user=app',
      '--value',
      'database=app',
      '--secret',
      `password=@${keyFile}`,
    ]);
    expect(created.code, created.stderr).toBe(0);
    expect((await admin.resolve('db', { reveal: true })).inputs.password).toBe(`${CANARY}-file`);

    const piped = await asAdmin(
      ['connections', 'complete', 'db', '--secret', 'password=-'],
      `${CANARY}-stdin\n`,
    );
    expect(piped.code, piped.stderr).toBe(0);
    expect((await admin.resolve('db', { reveal: true })).inputs.password).toBe(`${CANARY}-stdin`);

    // generic declares no inputs: every completed input is stored as a secret, so --secret is fine there
    await admin.connections.create({ tag: 'loose', type: 'generic', value: { host: 'x' } });
    const loose = await asAdmin(['connections', 'complete', 'loose', '--secret', `token=@${keyFile}`]);
    expect(loose.code, loose.stderr).toBe(0);
    expect((await admin.resolve('loose', { reveal: true })).inputs.token).toBe(`${CANARY}-file`);
    expect((await admin.connections.get('loose')).secret_fields).toEqual(['token']);

    const pin = await asAdmin(['connections', 'complete', 'db', '--secret', `password=${PIN}`]);
    expect(pin.code, pin.stderr).toBe(0);
    expect((await admin.resolve('db', { reveal: true })).inputs.password).toBe(PIN);
  });

  it('--secret on a field the type keeps in the clear is refused before anything is sent', async () => {
    const [clear, twoStdin, missing] = await Promise.all([
      asAdmin(['connections', 'complete', 'db', '--secret', `user=${CANARY}`]),
      asAdmin(['connections', 'complete', 'db', '--secret', 'password=-', '--secret', 'user=-'], 'x\n'),
      asAdmin(['connections', 'complete', 'db', '--secret', `password=@${join(dir, 'nope.txt')}`]),
    ]);
    expect(clear.code).toBe(2);
    expect(clear.stderr).toContain('user is not a secret input of type postgres (its secrets: password)');
    expect(twoStdin.code).toBe(2);
    expect(twoStdin.stderr).toContain('only one of --secret k=- and -f - can read standard input');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot read the secret from');
    const value = (await admin.connections.get('db')).value as Record<string, unknown>;
    expect(value.user).toBe('app');
  });

  it('a wrong token is not echoed back; errors name no secret', async () => {
    const stolen = `pb_${CANARY}_guess`;
    const wrong = await cli({ PATCHBAY_URL: server.url, PATCHBAY_TOKEN: stolen }, ['connections', 'list']);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/^error unauthenticated: /);
    expect(wrong.stdout + wrong.stderr).not.toContain(stolen);
    const none = await cli({ PATCHBAY_URL: server.url }, ['connections', 'list']);
    expect(none.stderr).toContain('set PATCHBAY_TOKEN or pass --token <token>');
    const offline = await cli({ PATCHBAY_URL: 'http://127.0.0.1:9', PATCHBAY_TOKEN: stolen }, [
      'connections',
      'list',
    ]);
    expect(offline.code).toBe(1);
    expect(offline.stdout + offline.stderr).not.toContain(stolen);
  });

  it('no CLI output and no server log line carried a secret', () => {
    const all = printed.join('\n');
    expect(all).not.toContain(CANARY);
    expect(all).not.toContain('attacker-token');
    expect(server.logs.join('')).not.toContain(CANARY);
  });
});
