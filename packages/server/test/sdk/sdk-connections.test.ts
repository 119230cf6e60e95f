import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  BadRequestError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  PatchbayClient,
  PatchbayError,
  PreconditionFailedError,
  UnauthenticatedError,
  UnprocessableError,
} from '@patchbay/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';

const CANARY = 'canary-sdk-secret-7f3e9a';

/** A plain HTTP endpoint for `http` connections: /ok answers 200 JSON, /broken 500. */
async function startTarget(): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const ok = req.url?.startsWith('/ok');
    res.writeHead(ok ? 200 : 500, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ path: req.url, ok }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The error a promise rejects with. */
async function failure(promise: Promise<unknown>): Promise<PatchbayError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof PatchbayError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

describe('sdk: connections against a real server', () => {
  let server: TestServer;
  let target: Awaited<ReturnType<typeof startTarget>>;
  let client: PatchbayClient;

  beforeAll(async () => {
    server = await startTestServer();
    target = await startTarget();
    client = new PatchbayClient({ baseUrl: server.url, token: server.token });
  });
  afterAll(async () => {
    await server.close();
    await target.close();
  });

  it('types: list and get', async () => {
    const { items } = await client.types.list();
    expect(items.map((t) => t.id)).toEqual(expect.arrayContaining(['git', 'http', 'generic', 'aws']));
    const git = await client.types.get('git');
    expect(git.kind).toBe('task');
    expect(git.commands).toEqual(['metadata', 'get']);
    const error = await failure(client.types.get('nope'));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.code).toBe('type_not_found');
  });

  it('create, get, list, update (If-Match), complete, validate', async () => {
    const created = await client.connections.create({
      tag: 'warehouse',
      type: 'generic',
      display_name: 'Warehouse',
      value: { host: 'db.internal', port: 5432 },
      secrets: { password: CANARY },
    });
    expect(created).toMatchObject({ tag: 'warehouse', kind: 'task', status: 'unverified', version: 1 });
    expect(created.secret_fields).toEqual(['password']);
    expect(JSON.stringify(created)).not.toContain(CANARY);

    expect((await client.connections.get('warehouse')).display_name).toBe('Warehouse');
    const page = await client.connections.list({ type: 'generic' });
    expect(page.items.map((c) => c.tag)).toContain('warehouse');

    const updated = await client.connections.update(
      'warehouse',
      { description: 'main db', value: { port: 6543 } },
      { ifMatch: 1 },
    );
    expect(updated).toMatchObject({
      description: 'main db',
      version: 2,
      value: { host: 'db.internal', port: 6543 },
    });
    const stale = await failure(client.connections.update('warehouse', { description: 'x' }, { ifMatch: 1 }));
    expect(stale).toBeInstanceOf(PreconditionFailedError);
    expect(stale).toMatchObject({ status: 412, code: 'version_mismatch' });
    expect(stale.requestId).toMatch(/\S/);

    // generic has no schema: what comes through credentials is secret
    const completed = await client.connections.complete('warehouse', { user: 'etl' });
    expect(completed.secret_fields).toEqual(['password', 'user']);
    expect(completed.value).toEqual({ host: 'db.internal', port: 6543 });
    const validation = await client.connections.validate('warehouse');
    expect(validation).toMatchObject({ valid: true, status: 'active' });
  });

  it('resolve: masked, with overrides, revealed; the shortcut on the client', async () => {
    const masked = await client.connections.resolve('warehouse', { inputs: { port: 1 } });
    expect(masked.inputs).toMatchObject({ host: 'db.internal', port: 1, password: '********' });
    expect(masked.sources).toMatchObject({ host: 'connection', port: 'override', password: 'secret' });
    const revealed = await client.resolve('warehouse', { reveal: true });
    expect(revealed.inputs.password).toBe(CANARY);
  });

  it('connect: a succeeded and a failed execution; executions list and get', async () => {
    await client.connections.create({ tag: 'status_api', type: 'http', value: { url: `${target.url}/ok` } });
    const ok = await client.connect('status_api');
    expect(ok.status).toBe('succeeded');
    expect(ok.output_value).toMatchObject({ status_code: 200 });
    const failed = await client.connections.connect('status_api', {
      inputs: { url: `${target.url}/broken` },
      timeout_ms: 5000,
    });
    expect(failed.status).toBe('failed');
    expect(failed.error?.code).toMatch(/\S/);

    const { items } = await client.executions.list({ tag: 'status_api' });
    expect(items.map((e) => e.id)).toEqual([failed.id, ok.id]);
    expect((await client.executions.get(ok.id)).status).toBe('succeeded');
    expect(await failure(client.executions.get('exe_missing'))).toMatchObject({
      status: 404,
      code: 'execution_not_found',
    });
  });

  it('422 missing_input with the fields; 422 invalid_input for a generic connect', async () => {
    const pending = await client.connections.create({ tag: 'library', type: 'git' });
    expect(pending.status).toBe('pending');
    const missing = await failure(client.connections.resolve('library'));
    expect(missing).toBeInstanceOf(UnprocessableError);
    expect(missing.code).toBe('missing_input');
    expect(missing.details?.fields).toEqual(['repository_url']);
    const notRunnable = await failure(client.connect('warehouse'));
    expect(notRunnable).toMatchObject({ status: 422, code: 'invalid_input' });
  });

  it('revoke and restore: a revoked connection is 409 connection_revoked', async () => {
    expect((await client.connections.revoke('warehouse')).status).toBe('revoked');
    const refused = await failure(client.resolve('warehouse'));
    expect(refused).toBeInstanceOf(ConflictError);
    expect(refused.code).toBe('connection_revoked');
    expect((await client.connections.restore('warehouse')).status).toBe('unverified');
  });

  it('409 connection_exists, 404 connection_not_found, 400 invalid_request, tags URL-encoded', async () => {
    const exists = await failure(client.connections.create({ tag: 'warehouse', type: 'generic' }));
    expect(exists).toMatchObject({ status: 409, code: 'connection_exists' });
    const missing = await failure(client.connections.get('nothing_here'));
    expect(missing).toBeInstanceOf(NotFoundError);
    expect(missing.code).toBe('connection_not_found');
    expect(missing.message).toContain('nothing_here');
    const unknown = await failure(
      client.connections.create({ tag: 'x', type: 'generic', bogus: 1 } as never),
    );
    expect(unknown).toBeInstanceOf(BadRequestError);
    expect(unknown.code).toBe('invalid_request');
    // an encoded slash stays inside one path segment: the tag pattern rejects it, no other route is hit
    const slash = await failure(client.connections.get('warehouse/revoke'));
    expect(slash).toMatchObject({ status: 400, code: 'invalid_request' });
  });

  it('listAll walks every page', async () => {
    for (const n of [1, 2, 3, 4, 5]) await client.connections.create({ tag: `page_${n}`, type: 'generic' });
    const first = await client.connections.list({ q: 'page_', limit: 2 });
    expect(first.items).toHaveLength(2);
    expect(first.next_cursor).not.toBeNull();
    const tags: string[] = [];
    for await (const c of client.connections.listAll({ q: 'page_', limit: 2 })) tags.push(c.tag);
    expect(tags.sort()).toEqual(['page_1', 'page_2', 'page_3', 'page_4', 'page_5']);
  });

  it('delete; attachVault without a Vault configuration is 409 vault_not_configured', async () => {
    const vault = await failure(client.connections.attachVault('page_1', 'secret/data/app'));
    expect(vault).toMatchObject({ status: 409, code: 'vault_not_configured' });
    await client.connections.delete('page_1');
    expect(await failure(client.connections.get('page_1'))).toBeInstanceOf(NotFoundError);
    await client.connections.delete('page_2', { force: true });
  });

  it('401 without a valid token, 403 for a viewer that tries to create', async () => {
    const anonymous = new PatchbayClient({ baseUrl: server.url });
    expect(await failure(anonymous.connections.list())).toBeInstanceOf(UnauthenticatedError);
    const viewer = await client.tokens.create({ name: 'viewer', role: 'viewer' });
    const asViewer = new PatchbayClient({ baseUrl: server.url, token: viewer.token });
    expect((await asViewer.connections.get('warehouse')).tag).toBe('warehouse');
    const denied = await failure(asViewer.connections.create({ tag: 'nope', type: 'generic' }));
    expect(denied).toBeInstanceOf(ForbiddenError);
    expect(denied.code).toBe('forbidden');
  });

  it('a planted secret never reaches the server log', () => {
    expect(server.logs.length).toBeGreaterThan(0);
    expect(server.logs.join('')).not.toContain(CANARY);
  });
});
