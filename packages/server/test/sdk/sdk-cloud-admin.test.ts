import {
  ConflictError,
  cloudTag,
  createClient,
  NotFoundError,
  PatchbayClient,
  PatchbayError,
  RateLimitedError,
  ServerError,
  UnprocessableError,
  UpstreamError,
} from '@patchbay/sdk';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type AwsFake, startAwsFake } from '../fakes/aws-fake.js';
import { startVaultFake, type VaultFake } from '../fakes/vault-fake.js';
import { startTestServer, type TestServer } from '../support/server.js';

const BASE_KEY_ID = 'AKIAPATCHBAYSDKTEST1';
const BASE_SECRET = 'canary-sdk-aws-base-0b1d';
const SERVER_ARN = 'arn:aws:iam::111122223333:user/patchbay';
const ROLE_ARN = 'arn:aws:iam::444455556666:role/patchbay-access';
const VAULT_CANARY = 'canary-sdk-vault-value-9e2a';

async function failure(promise: Promise<unknown>): Promise<PatchbayError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof PatchbayError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

describe('sdk: cloud lifecycle, components and admin resources', () => {
  let aws: AwsFake;
  let vault: VaultFake;
  let server: TestServer;
  let client: PatchbayClient;
  const roles: Record<string, { trustedPrincipals: string[]; externalId?: string }> = {};

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
    client = new PatchbayClient({ baseUrl: server.url, token: server.token });
  });
  afterAll(async () => {
    await server.close();
    await aws.close();
    await vault.close();
  });
  afterEach(() => vi.unstubAllEnvs());

  it('cloud.connections: create (tag from name) → complete → validate → fetch/list → update → delete', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', BASE_KEY_ID);
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', BASE_SECRET);
    vi.stubEnv('AWS_SESSION_TOKEN', '');
    vi.stubEnv('AWS_PROFILE', '');
    vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', '/nonexistent/patchbay-credentials');
    vi.stubEnv('AWS_CONFIG_FILE', '/nonexistent/patchbay-config');
    vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');

    const created = await client.cloud.connections.create({
      provider: 'aws',
      name: 'Prod AWS',
      scopes: ['storage', 'database'],
    });
    expect(created).toMatchObject({
      tag: 'prod_aws',
      type: 'aws',
      kind: 'cloud',
      display_name: 'Prod AWS',
      status: 'pending',
    });
    expect(created.scopes).toEqual(['storage', 'database']);
    const externalId = created.setup?.external_id as string;
    expect(externalId).toMatch(/^pb-/);
    roles[ROLE_ARN] = { trustedPrincipals: [SERVER_ARN], externalId };

    const completed = await client.cloud.connections.complete('prod_aws', { role_arn: ROLE_ARN });
    expect(completed.status).toBe('unverified');
    const validation = await client.cloud.connections.validate('prod_aws');
    expect(validation).toMatchObject({ valid: true, status: 'active', account_identifier: '444455556666' });
    expect((await client.cloud.connections.fetch('prod_aws')).status).toBe('active');

    await client.connections.create({ tag: 'not_cloud', type: 'generic' });
    const { items } = await client.cloud.connections.list();
    expect(items.map((c) => c.tag)).toEqual(['prod_aws']);

    const updated = await client.cloud.connections.update('prod_aws', {
      description: 'production',
      scopes: ['storage'],
    });
    expect(updated).toMatchObject({ description: 'production', scopes: ['storage'], status: 'active' });

    // components: link needs an active connection with the scope
    const bucket = await client.components.link({
      name: 'uploads',
      kind: 'storage',
      cloud: 'prod_aws',
      resource: 's3://uploads',
    });
    expect(bucket).toMatchObject({ name: 'uploads', cloud: 'prod_aws', resource: 's3://uploads' });
    const notGranted = await failure(
      client.components.link({ name: 'db', kind: 'database', cloud: 'prod_aws' }),
    );
    expect(notGranted).toBeInstanceOf(UnprocessableError);
    expect(notGranted.code).toBe('scope_not_granted');
    expect((await client.components.list({ cloud: 'prod_aws' })).items.map((c) => c.name)).toEqual([
      'uploads',
    ]);
    expect((await client.components.get('uploads')).kind).toBe('storage');

    const inUse = await failure(client.cloud.connections.delete('prod_aws'));
    expect(inUse).toBeInstanceOf(ConflictError);
    expect(inUse.code).toBe('connection_in_use');
    await client.components.unlink('uploads');
    expect(await failure(client.components.get('uploads'))).toMatchObject({
      status: 404,
      code: 'component_not_found',
    });
    await client.components.link({ name: 'uploads', kind: 'storage', cloud: 'prod_aws' });
    await client.cloud.connections.delete('prod_aws', { force: true });
    expect(await failure(client.cloud.connections.fetch('prod_aws'))).toBeInstanceOf(NotFoundError);
  });

  it('cloudTag lower-cases and replaces what a tag cannot hold', () => {
    expect(cloudTag('Prod AWS')).toBe('prod_aws');
    expect(cloudTag('eu-west.main')).toBe('eu-west_main');
  });

  it('vault: get (null), configure, check, attach and detach on a connection', async () => {
    expect(await client.vault.get()).toBeNull();
    const config = await client.vault.configure({
      address: vault.address,
      auth: { method: 'token', token: vault.rootToken },
    });
    expect(config.auth).toEqual({ method: 'token', token_set: true });
    expect(JSON.stringify(config)).not.toContain(vault.rootToken);
    expect((await client.vault.get())?.address).toBe(vault.address);
    expect(await client.vault.check()).toMatchObject({ reachable: true, sealed: false, authenticated: true });

    vault.putSecret('secret/app', { api_key: VAULT_CANARY });
    await client.connections.create({ tag: 'app', type: 'generic', value: { region: 'eu' } });
    const attached = await client.connections.attachVault('app', 'secret/data/app');
    expect(attached.vault).toEqual({ path: 'secret/data/app' });
    const resolved = await client.resolve('app', { reveal: true });
    expect(resolved.inputs.api_key).toBe(VAULT_CANARY);
    expect(resolved.sources.api_key).toMatch(/^vault:/);
    expect((await client.connections.detachVault('app')).vault).toBeNull();

    vault.sealed = true;
    try {
      // a path not read before, so no cached copy answers
      const sealed = await failure(
        client.connections.attachVault('app', 'secret/data/other').then(() => client.resolve('app')),
      );
      expect(sealed).toBeInstanceOf(UpstreamError);
      expect(sealed).toMatchObject({ status: 502, code: 'vault_error' });
    } finally {
      vault.sealed = false;
    }
  });

  it('vault: attachVault sends version only when pinned, and reads that KV v2 version', async () => {
    await client.vault.configure({
      address: vault.address,
      auth: { method: 'token', token: vault.rootToken },
    });
    vault.putSecret('secret/pinned', { api_key: 'first-version' });
    vault.putSecret('secret/pinned', { api_key: 'second-version' });
    await client.connections.create({ tag: 'pinned', type: 'generic', value: { region: 'eu' } });
    const bodies: unknown[] = [];
    const recording = new PatchbayClient({
      baseUrl: server.url,
      token: server.token,
      fetch: (input, init) => {
        if (init?.method === 'PUT') bodies.push(JSON.parse(String(init.body)));
        return fetch(input, init);
      },
    });
    const pinned = await recording.connections.attachVault('pinned', 'secret/data/pinned', { version: 1 });
    expect(pinned.vault).toEqual({ path: 'secret/data/pinned', version: 1 });
    expect((await client.resolve('pinned', { reveal: true })).inputs.api_key).toBe('first-version');
    const latest = await recording.connections.attachVault('pinned', 'secret/data/pinned');
    expect(latest.vault).toEqual({ path: 'secret/data/pinned' });
    expect((await client.resolve('pinned', { reveal: true })).inputs.api_key).toBe('second-version');
    expect(bodies).toEqual([{ path: 'secret/data/pinned', version: 1 }, { path: 'secret/data/pinned' }]);
  });

  it('tokens: create (secret once), list, revoke', async () => {
    const ci = await client.tokens.create({ name: 'ci', role: 'runner', expires_in_seconds: 3600 });
    expect(ci.token).toMatch(/^pb_/);
    expect(ci.expires_at).not.toBeNull();
    const { items } = await client.tokens.list();
    const listed = items.find((t) => t.id === ci.id);
    expect(listed).toMatchObject({ name: 'ci', role: 'runner' });
    expect(listed?.token).toBeUndefined();
    const asCi = new PatchbayClient({ baseUrl: server.url, token: ci.token });
    expect((await asCi.session.whoami()).role).toBe('runner');
    await client.tokens.revoke(ci.id);
    expect(await failure(asCi.session.whoami())).toMatchObject({ status: 401, code: 'unauthenticated' });
  });

  it('workspaces: create returns the first admin token; nothing crosses workspaces', async () => {
    const { workspace, token } = await client.workspaces.create('team_b');
    expect(workspace.name).toBe('team_b');
    const teamB = new PatchbayClient({ baseUrl: server.url, token: token.token });
    expect((await teamB.session.whoami()).workspace).toBe('team_b');
    expect(await failure(teamB.connections.get('app'))).toMatchObject({ code: 'connection_not_found' });
    expect((await client.workspaces.list()).items.map((w) => w.name)).toEqual(
      expect.arrayContaining(['default', 'team_b']),
    );
    expect(await failure(teamB.workspaces.list())).toMatchObject({ status: 403 });
  });

  it('audit: list with filters, verify the chain', async () => {
    const page = await client.audit.list({ tag: 'app', limit: 100 });
    expect(page.items.length).toBeGreaterThan(0);
    expect(page.items.every((e) => e.tag === 'app')).toBe(true);
    expect(page.items.map((e) => e.action)).toEqual(expect.arrayContaining(['connection.create']));
    expect(JSON.stringify(page)).not.toContain(VAULT_CANARY);
    const verified = await client.audit.verify();
    expect(verified.ok).toBe(true);
    expect(verified.count).toBeGreaterThan(0);
  });

  it('session: whoami, cookie sign-in with the CSRF header, sign-out', async () => {
    const me = await client.session.whoami();
    expect(me).toMatchObject({ workspace: 'default', role: 'admin', reveal: true });

    // a browser-like fetch: keeps cookies, as `credentials: 'include'` does in a page
    const jar = new Map<string, string>();
    const browserFetch: typeof fetch = async (input, init) => {
      const headers = new Headers(init?.headers);
      if (jar.size > 0) headers.set('cookie', [...jar].map(([k, v]) => `${k}=${v}`).join('; '));
      const response = await fetch(input, { ...init, headers });
      for (const cookie of response.headers.getSetCookie()) {
        const [pair = ''] = cookie.split(';');
        const [name = '', value = ''] = pair.split('=');
        if (value) jar.set(name, value);
        else jar.delete(name);
      }
      return response;
    };
    const noCsrf = new PatchbayClient({ baseUrl: server.url, fetch: browserFetch, credentials: 'include' });
    expect((await noCsrf.session.signIn(server.token)).role).toBe('admin');
    expect(jar.has('pb_session')).toBe(true);
    expect((await noCsrf.session.whoami()).workspace).toBe('default');
    expect(await failure(noCsrf.connections.create({ tag: 'via_cookie', type: 'generic' }))).toMatchObject({
      status: 403,
      code: 'forbidden',
    });
    const browser = new PatchbayClient({
      baseUrl: server.url,
      fetch: browserFetch,
      credentials: 'include',
      csrfToken: () => jar.get('pb_csrf'),
    });
    expect((await browser.connections.create({ tag: 'via_cookie', type: 'generic' })).tag).toBe('via_cookie');
    await browser.session.signOut();
    expect(jar.has('pb_session')).toBe(false);
    expect(await failure(browser.session.whoami())).toMatchObject({ status: 401 });
  });

  it('createClient: defaults from PATCHBAY_URL and PATCHBAY_TOKEN; options win', async () => {
    vi.stubEnv('PATCHBAY_URL', server.url);
    vi.stubEnv('PATCHBAY_TOKEN', server.token);
    expect((await createClient().session.whoami()).role).toBe('admin');
    expect(createClient({ baseUrl: 'http://example.invalid/' }).baseUrl).toBe('http://example.invalid');
    vi.stubEnv('PATCHBAY_URL', '');
    expect(createClient().baseUrl).toBe('http://127.0.0.1:7300');
  });

  it('the constructor without a base URL says to use createClient, instead of failing inside', () => {
    const construct = PatchbayClient as unknown as new (options?: unknown) => PatchbayClient;
    for (const options of [undefined, null, {}, { token: 'pb_x' }, { baseUrl: 7300 }]) {
      expect(() => new construct(options)).toThrow(
        /needs options\.baseUrl.*createClient\(\) reads PATCHBAY_URL/,
      );
    } // an empty base URL is the caller's own origin (the workbench in a browser)
    expect(new PatchbayClient({ baseUrl: '' }).baseUrl).toBe('');
  });

  it('network failure: PatchbayError network_error naming the URL', async () => {
    const offline = new PatchbayClient({ baseUrl: 'http://127.0.0.1:9', token: 'pb_x' });
    const error = await failure(offline.connections.list());
    expect(error).toMatchObject({ status: 0, code: 'network_error' });
    expect(error.message).toContain('http://127.0.0.1:9/v1/connections');
    expect(error.message).toContain('PATCHBAY_URL');
  });

  it('PatchbayError.from: class by status, odd bodies', () => {
    const limited = PatchbayError.from(
      { error: { code: 'rate_limited', message: 'slow down' }, request_id: 'r1' },
      429,
    );
    expect(limited).toBeInstanceOf(RateLimitedError);
    expect(limited).toMatchObject({ code: 'rate_limited', requestId: 'r1', name: 'RateLimitedError' });
    const html = PatchbayError.from('<html>bad gateway</html>', 503);
    expect(html).toBeInstanceOf(ServerError);
    expect(html.code).toBe('http_503');
    expect(html.message).toContain('503');
    expect(PatchbayError.from(undefined, 418).constructor).toBe(PatchbayError);
  });

  it('no planted secret in the server log', () => {
    const logs = server.logs.join('');
    for (const secret of [BASE_SECRET, VAULT_CANARY, vault.rootToken]) expect(logs).not.toContain(secret);
  });
});
