import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type AwsFake, startAwsFake } from '../fakes/aws-fake.js';
import { startVaultFake, type VaultFake } from '../fakes/vault-fake.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { runCli } from './run-cli.js';

const BASE_KEY_ID = 'AKIAPATCHBAYCLITEST1';
const BASE_SECRET = 'canary-cli-aws-base-77aa';
const SERVER_ARN = 'arn:aws:iam::111122223333:user/patchbay';
const ROLE_ARN = 'arn:aws:iam::444455556666:role/patchbay-access';

// Each run starts a Node process with tsx: independent runs go in parallel.
describe('cli: types, cloud connections, components, tokens, workspaces, audit, vault', {
  timeout: 120_000,
}, () => {
  let aws: AwsFake;
  let vault: VaultFake;
  let server: TestServer;
  let dir: string;
  let env: Record<string, string>;
  const roles: Record<string, { trustedPrincipals: string[]; externalId?: string }> = {};
  const cli = (...args: string[]) => runCli(args, env);

  beforeAll(async () => {
    aws = await startAwsFake({
      identities: { [BASE_KEY_ID]: { secretAccessKey: BASE_SECRET, arn: SERVER_ARN } },
      roles,
    });
    vault = await startVaultFake();
    server = await startTestServer({
      PATCHBAY_AWS_STS_ENDPOINT: aws.url,
      PATCHBAY_AWS_PRINCIPAL_ARN: SERVER_ARN,
    });
    env = { PATCHBAY_URL: server.url, PATCHBAY_TOKEN: server.token };
    dir = mkdtempSync(join(tmpdir(), 'patchbay-cli-'));
    // the in-process server's base AWS credentials
    vi.stubEnv('AWS_ACCESS_KEY_ID', BASE_KEY_ID);
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', BASE_SECRET);
    vi.stubEnv('AWS_SESSION_TOKEN', '');
    vi.stubEnv('AWS_PROFILE', '');
    vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', '/nonexistent/patchbay-credentials');
    vi.stubEnv('AWS_CONFIG_FILE', '/nonexistent/patchbay-config');
    vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await server.close();
    await aws.close();
    await vault.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('types list and show', async () => {
    const [list, show, aws, help, postgres] = await Promise.all([
      cli('types', 'list'),
      cli('types', 'show', 'git'),
      cli('types', 'show', 'aws'),
      cli('cloud', '--help'),
      cli('types', 'show', 'postgres'),
    ]);
    expect(list.stdout).toMatch(/^TYPE\s+KIND\s+NAME/);
    expect(list.stdout).toMatch(/\naws\s+cloud\s+Amazon Web Services/);
    expect(show.stdout).toMatch(/repository_url\s+yes/);
    expect(show.stdout).toMatch(/password\s+yes/);
    expect(show.stdout).toMatch(/name:\s+Git repository \(Git\)/);
    expect(show.stdout).not.toContain('Setup on the provider');
    expect(postgres.stdout).toMatch(/name:\s+PostgreSQL\n/); // not 'PostgreSQL (PostgreSQL)'
    // the steps come from the server's descriptor, numbered; a terminal shows `code` but no ** markers
    expect(aws.stdout).toContain(
      "Setup on the provider's side:\n  1. In the AWS console open IAM → Roles → Create role, choose Custom trust policy",
    );
    expect(aws.stdout).not.toContain('**');
    expect(aws.stdout).toMatch(/\n {2}4\. Validate: Patchbay calls `sts:AssumeRole`/);
    // the CLI names no provider of its own; it points at the server's types
    expect(help.stdout).toContain('see patchbay types list');
    expect(help.stdout).not.toMatch(/gcp|azure|neo4j/);
  });

  it('cloud connections: create -f {provider, name, scopes} → complete -f → validate → list/get/update', async () => {
    const createFile = join(dir, 'aws.json');
    writeFileSync(
      createFile,
      JSON.stringify({ provider: 'aws', name: 'prod_aws', scopes: ['storage', 'database'] }),
    );
    const created = await cli('cloud', 'connections', 'create', '-f', createFile);
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toMatch(/status:\s+pending/);
    expect(created.stdout).toContain('"sts:ExternalId"');
    const externalId = /"external_id": "(pb-[0-9a-f]+)"/.exec(created.stdout)?.[1];
    expect(externalId).toBeDefined();
    roles[ROLE_ARN] = { trustedPrincipals: [SERVER_ARN], externalId };

    const credentials = join(dir, 'credentials.json');
    writeFileSync(credentials, JSON.stringify({ role_arn: ROLE_ARN }));
    const completed = await cli('cloud', 'connections', 'complete', 'prod_aws', '-f', credentials);
    expect(completed.code, completed.stderr).toBe(0);
    const validated = await cli('cloud', 'connections', 'validate', 'prod_aws', '--json');
    expect(validated.code, validated.stderr).toBe(0);
    expect(validated.json()).toMatchObject({
      valid: true,
      status: 'active',
      account_identifier: '444455556666',
    });

    const [list, get, update, badProvider] = await Promise.all([
      cli('cloud', 'connections', 'list'),
      cli('cloud', 'connections', 'get', 'prod_aws'),
      cli('cloud', 'connections', 'update', 'prod_aws', '--description', 'production', '--json'),
      cli('cloud', 'connections', 'create', 'x', '--provider', 'digitalocean'),
    ]);
    expect(list.stdout).toMatch(/prod_aws\s+aws\s+cloud\s+active/);
    expect(get.stdout).toMatch(/account:\s+444455556666/);
    expect(update.json()).toMatchObject({ description: 'production', status: 'active' });
    expect(badProvider.code).toBe(2);
  });

  it('components: link, list, get; delete needs --force while linked; unlink', async () => {
    const linked = await cli(
      'components',
      'link',
      'uploads',
      '--kind',
      'storage',
      '--cloud',
      'prod_aws',
      '--resource',
      's3://uploads',
    );
    expect(linked.code, linked.stderr).toBe(0);
    const [list, get, refused] = await Promise.all([
      cli('components', 'list', '--cloud', 'prod_aws'),
      cli('components', 'get', 'uploads', '--json'),
      cli('cloud', 'connections', 'delete', 'prod_aws'),
    ]);
    expect(list.stdout).toMatch(/uploads\s+storage\s+prod_aws\s+s3:\/\/uploads/);
    expect(get.json()).toMatchObject({ name: 'uploads', kind: 'storage' });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^error connection_in_use: /);
    expect((await cli('components', 'unlink', 'uploads')).stdout.trim()).toBe('uploads: unlinked');
    expect((await cli('cloud', 'connections', 'delete', 'prod_aws', '--force')).code).toBe(0);
  });

  it('tokens: the secret is printed once, on create; list never shows it; revoke', async () => {
    const created = await cli('tokens', 'create', 'ci', '--role', 'runner', '--expires-in', '3600');
    expect(created.code, created.stderr).toBe(0);
    const secret = /\n {2}(pb_\S+)\n/.exec(created.stdout)?.[1];
    expect(secret).toMatch(/^pb_/);
    const id = /created: (tok_\S+)/.exec(created.stdout)?.[1] as string;
    const [list, whoami, badRole] = await Promise.all([
      cli('tokens', 'list'),
      runCli(['connections', 'list', '--json'], { PATCHBAY_URL: server.url, PATCHBAY_TOKEN: secret! }),
      cli('tokens', 'create', 'x', '--role', 'root'),
    ]);
    expect(list.stdout).toMatch(/ci\s+runner\s+no/);
    expect(list.stdout).not.toContain(secret);
    expect(whoami.code).toBe(0);
    expect(badRole.code).toBe(2);
    expect((await cli('tokens', 'revoke', id)).code).toBe(0);
    const revoked = await runCli(['connections', 'list'], {
      PATCHBAY_URL: server.url,
      PATCHBAY_TOKEN: secret!,
    });
    expect(revoked.stderr).toMatch(/^error unauthenticated: /);
  });

  it('workspaces create and list; audit list', async () => {
    const created = await cli('workspaces', 'create', 'team_b', '--json');
    expect(created.code, created.stderr).toBe(0);
    expect(created.json().workspace.name).toBe('team_b');
    const [list, audit] = await Promise.all([
      cli('workspaces', 'list'),
      cli('audit', 'list', '--action', 'connection.create', '--json'),
    ]);
    expect(list.stdout).toMatch(/team_b/);
    expect(audit.json().items.every((e: { action: string }) => e.action === 'connection.create')).toBe(true);
    expect(audit.json().items.length).toBeGreaterThan(0);
    const table = await cli('audit', 'list', '--tag', 'prod_aws', '--limit', '2');
    expect(table.stdout).toMatch(/^SEQ\s+AT\s+ACTOR\s+ACTION/);
    expect(table.stdout).toContain('(more: --cursor ');
  });

  it('audit verify --server asks the server: its verdict, exit code 1 when broken, refused below admin', async () => {
    const [text, asJson] = await Promise.all([
      cli('audit', 'verify', '--server'),
      cli('audit', 'verify', '--server', '--json'),
    ]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^ok, [1-9]\d* events\n$/);
    expect(asJson.json()).toMatchObject({ ok: true, count: expect.any(Number) });
    const runner = (await cli('tokens', 'create', 'verify-runner', '--role', 'runner', '--json')).json();
    const refused = await runCli(['audit', 'verify', '--server'], {
      PATCHBAY_URL: server.url,
      PATCHBAY_TOKEN: runner.token,
    });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^error forbidden: .*admin/);
    // a broken chain, as a server reports it: said so, and the exit code tells a script
    const broken = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: false, seq: 7, reason: 'hash does not match the content' }));
    });
    await new Promise<void>((resolve) => broken.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = broken.address() as AddressInfo;
      const report = await runCli(['audit', 'verify', '--server'], {
        PATCHBAY_URL: `http://127.0.0.1:${port}`,
        PATCHBAY_TOKEN: server.token,
      });
      expect(report.code).toBe(1);
      expect(report.stdout).toBe('BROKEN at seq 7: hash does not match the content\n');
    } finally {
      broken.close();
    }
  });

  it('vault: show (not configured), configure with flags, show, check; the token is never printed', async () => {
    expect((await cli('vault', 'show')).stdout).toContain('not configured');
    const configured = await cli(
      'vault',
      'configure',
      '--address',
      vault.address,
      '--vault-token',
      vault.rootToken,
      '--cache-ttl',
      '0',
    );
    expect(configured.code, configured.stderr).toBe(0);
    expect(configured.stdout).toMatch(/auth:\s+token \(set\)/);
    // without auth flags the stored method and token are kept
    const retuned = await cli('vault', 'configure', '--timeout-ms', '4000', '--json');
    expect(retuned.json()).toMatchObject({ timeout_ms: 4000, auth: { method: 'token', token_set: true } });
    const [show, check] = await Promise.all([cli('vault', 'show'), cli('vault', 'check')]);
    expect(show.stdout).toMatch(/cache ttl:\s+0 s/);
    expect(check.code, check.stderr).toBe(0);
    expect(check.stdout).toMatch(/authenticated:\s+yes/);
    for (const out of [configured, retuned, show, check])
      expect(out.stdout + out.stderr).not.toContain(vault.rootToken);
  });

  it('connections attach-secret --version pins a KV v2 version; without it the latest is read', async () => {
    await cli('vault', 'configure', '--address', vault.address, '--vault-token', vault.rootToken);
    vault.putSecret('secret/cli_pinned', { api_key: 'first-version' });
    vault.putSecret('secret/cli_pinned', { api_key: 'second-version' });
    await cli('connections', 'create', 'cli_pinned', '--type', 'generic', '--value', 'region=eu');
    const pinned = await cli(
      'connections',
      'attach-secret',
      'cli_pinned',
      'secret/data/cli_pinned',
      '--version',
      '1',
    );
    expect(pinned.code, pinned.stderr).toBe(0);
    expect(pinned.stdout).toContain('Vault secret secret/data/cli_pinned (version 1) attached');
    const shown = await cli('connections', 'get', 'cli_pinned', '--json');
    expect(shown.json().vault).toEqual({ path: 'secret/data/cli_pinned', version: 1 });
    const first = await cli('connections', 'resolve', 'cli_pinned', '--reveal', '--json');
    expect(first.json().inputs.api_key).toBe('first-version');
    const latest = await cli(
      'connections',
      'attach-secret',
      'cli_pinned',
      'secret/data/cli_pinned',
      '--json',
    );
    expect(latest.json().vault).toEqual({ path: 'secret/data/cli_pinned' });
    const second = await cli('connections', 'resolve', 'cli_pinned', '--reveal', '--json');
    expect(second.json().inputs.api_key).toBe('second-version');
    const bad = await cli(
      'connections',
      'attach-secret',
      'cli_pinned',
      'secret/data/cli_pinned',
      '--version',
      'two',
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--version must be a whole number');
  });
});
