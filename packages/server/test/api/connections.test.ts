import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../support/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(async () => t.close());

const gitConnection = (tag: string, extra: Record<string, unknown> = {}) => ({
  tag,
  type: 'git',
  value: { repository_url: 'https://git.example.test/library.git', ref: 'develop' },
  ...extra,
});

describe('create', () => {
  it('creates a connection with version 1, an ETag and the secret stored but not echoed', async () => {
    const res = await t.api(
      'POST',
      '/v1/connections',
      gitConnection('library', { secrets: { password: 'hunter22' } }),
    );
    expect(res.status).toBe(201);
    expect(res.headers.etag).toBe('"1"');
    expect(res.body).toMatchObject({
      tag: 'library',
      type: 'git',
      kind: 'task',
      display_name: 'library',
      description: '',
      scopes: [],
      secret_fields: ['password'],
      vault: null,
      status: 'unverified',
      version: 1,
      setup: null,
    });
    expect(res.text).not.toContain('hunter22');
  });

  it('moves a secret input given inside value to the secrets, but keeps a vault placeholder in value', async () => {
    const res = await t.api('POST', '/v1/connections', {
      tag: 'moved',
      type: 'postgres',
      value: { host: 'db', database: 'app', user: 'vault.secret(user)', password: 'pw-in-value' },
    });
    expect(res.status).toBe(201);
    expect(res.body.value).toEqual({ host: 'db', database: 'app', user: 'vault.secret(user)' });
    expect(res.body.secret_fields).toEqual(['password']);
    const ph = await t.api('POST', '/v1/connections', {
      tag: 'placeholder',
      type: 'postgres',
      value: { host: 'db', database: 'app', user: 'u', password: 'vault.secret(pw)' },
    });
    expect(ph.body.value.password).toBe('vault.secret(pw)');
    expect(ph.body.secret_fields).toEqual([]);
  });

  it('is pending while a required input is missing, a placeholder counting as a value', async () => {
    const pending = await t.api('POST', '/v1/connections', {
      tag: 'pg-pending',
      type: 'postgres',
      value: { host: 'db' },
    });
    expect(pending.body.status).toBe('pending');
    const ph = await t.api('POST', '/v1/connections', {
      tag: 'pg-ph',
      type: 'postgres',
      value: { host: 'db', database: 'vault.secret(db)', user: 'vault.secret(user)' },
    });
    expect(ph.body.status).toBe('unverified');
  });

  it('refuses a duplicate tag, a bad tag, an unknown type, unknown properties and wrong inputs', async () => {
    const dup = await t.api('POST', '/v1/connections', gitConnection('library'));
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('connection_exists');
    expect(dup.body.request_id).toMatch(/^req_/);

    const badTag = await t.api('POST', '/v1/connections', gitConnection('Bad Tag'));
    expect(badTag.status).toBe(400);
    expect(badTag.body.error.code).toBe('invalid_request');
    expect(badTag.body.error.details.issues[0].path).toBe('tag');

    const badType = await t.api('POST', '/v1/connections', { tag: 'x1', type: 'ftp' });
    expect(badType.status).toBe(404);
    expect(badType.body.error.code).toBe('type_not_found');
    expect(badType.body.error.message).toContain('git');

    const unknownProp = await t.api('POST', '/v1/connections', { ...gitConnection('x2'), colour: 'red' });
    expect(unknownProp.status).toBe(400);
    expect(unknownProp.body.error.details.issues).toEqual([
      { path: 'colour', message: 'is not a known property' },
    ]);

    const unknownInput = await t.api('POST', '/v1/connections', {
      tag: 'x3',
      type: 'git',
      value: { repository_url: 'https://x', branch: 'main' },
    });
    expect(unknownInput.status).toBe(422);
    expect(unknownInput.body.error.code).toBe('invalid_input');
    expect(unknownInput.body.error.details.issues).toEqual([
      { path: 'branch', message: 'is not an input of this type' },
    ]);

    const notSecret = await t.api('POST', '/v1/connections', {
      ...gitConnection('x4'),
      secrets: { ref: 'main' },
    });
    expect(notSecret.status).toBe(422);
    expect(notSecret.body.error.message).toContain('send it in value');

    const none = await t.api('GET', '/v1/connections/x1');
    expect(none.body.error.code).toBe('connection_not_found');
  });

  it('gives cloud types their default scopes and refuses scopes on task types', async () => {
    const atlas = await t.api('POST', '/v1/connections', { tag: 'atlas', type: 'mongodb_atlas' });
    expect(atlas.body).toMatchObject({ kind: 'cloud', scopes: ['database'], status: 'pending' });
    const aura = await t.api('POST', '/v1/connections', { tag: 'aura', type: 'neo4j_aura' });
    expect(aura.body.scopes).toEqual(['graph']);
    const az = await t.api('POST', '/v1/connections', { tag: 'az', type: 'azure' });
    expect(az.body.scopes).toEqual(['storage', 'broker', 'database', 'graph', 'vector']);
    const chosen = await t.api('POST', '/v1/connections', {
      tag: 'az2',
      type: 'azure',
      scopes: ['storage', 'vector'],
    });
    expect(chosen.body.scopes).toEqual(['storage', 'vector']);

    const taskScopes = await t.api('POST', '/v1/connections', {
      ...gitConnection('x5'),
      scopes: ['storage'],
    });
    expect(taskScopes.status).toBe(422);
    expect(taskScopes.body.error.code).toBe('invalid_scope');
    const empty = await t.api('POST', '/v1/connections', { tag: 'x6', type: 'aws', scopes: [] });
    expect(empty.body.error.code).toBe('invalid_scope');
    const unknown = await t.api('POST', '/v1/connections', { tag: 'x7', type: 'aws', scopes: ['queue'] });
    expect(unknown.body.error.code).toBe('invalid_scope');
  });
});

describe('update', () => {
  it('applies value as a JSON merge patch and bumps the version', async () => {
    await t.api('POST', '/v1/connections', {
      tag: 'api',
      type: 'http',
      value: { url: 'https://api.test/a', headers: { accept: 'json', 'x-a': '1' } },
    });
    const res = await t.api('PATCH', '/v1/connections/api', {
      description: 'The API',
      value: { headers: { 'x-a': null, 'x-b': '2' }, method: 'POST' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.etag).toBe('"2"');
    expect(res.body.value).toEqual({
      url: 'https://api.test/a',
      method: 'POST',
      headers: { accept: 'json', 'x-b': '2' },
    });
    expect(res.body.description).toBe('The API');
  });

  it('refuses a tag change with 422 immutable_field and unknown properties with 400', async () => {
    const tag = await t.api('PATCH', '/v1/connections/api', { tag: 'other' });
    expect(tag.status).toBe(422);
    expect(tag.body.error.code).toBe('immutable_field');
    const unknown = await t.api('PATCH', '/v1/connections/api', { bogus: 1 });
    expect(unknown.status).toBe(400);
    const after = await t.api('GET', '/v1/connections/api');
    expect(after.body.version).toBe(2);
  });

  it('honours If-Match: a stale version is 412 version_mismatch', async () => {
    const stale = await t.api(
      'PATCH',
      '/v1/connections/api',
      { description: 'x' },
      { headers: { 'if-match': '"1"' } },
    );
    expect(stale.status).toBe(412);
    expect(stale.body.error.code).toBe('version_mismatch');
    const fresh = await t.api(
      'PATCH',
      '/v1/connections/api',
      { description: 'y' },
      { headers: { 'if-match': '"2"' } },
    );
    expect(fresh.status).toBe(200);
    expect(fresh.body.version).toBe(3);
  });

  it('100 concurrent PATCHes with the same If-Match: one winner, the rest 412', async () => {
    await t.api('POST', '/v1/connections', { tag: 'race', type: 'generic', value: { n: 0 } });
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        t.api('PATCH', '/v1/connections/race', { value: { n: i } }, { headers: { 'if-match': '"1"' } }),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 412)).toHaveLength(99);
    const winner = results.find((r) => r.status === 200)!;
    const now = await t.api('GET', '/v1/connections/race');
    expect(now.body.version).toBe(2);
    expect(now.body.value).toEqual(winner.body.value);
  });

  it('metadata changes keep the status; input changes move active back to unverified', async () => {
    await t.api('POST', '/v1/connections', { tag: 'gen', type: 'generic', value: { a: 1 } });
    const validated = await t.api('POST', '/v1/connections/gen/validate');
    expect(validated.body).toMatchObject({ valid: true, status: 'active' });
    const meta = await t.api('PATCH', '/v1/connections/gen', { display_name: 'Generic thing' });
    expect(meta.body.status).toBe('active');
    const input = await t.api('PATCH', '/v1/connections/gen', { value: { a: 2 } });
    expect(input.body.status).toBe('unverified');
  });
});

describe('credentials', () => {
  it('sets inputs by the schema and keeps a stored secret when it is absent, null or blank', async () => {
    await t.api('POST', '/v1/connections', { tag: 'db', type: 'postgres', value: { host: 'db.test' } });
    const done = await t.api('PUT', '/v1/connections/db/credentials', {
      database: 'app',
      user: 'app',
      password: 'first-secret',
    });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'unverified', secret_fields: ['password'] });
    expect(done.body.value).toEqual({ host: 'db.test', database: 'app', user: 'app' });
    for (const blank of [null, '', undefined]) {
      const res = await t.api('PUT', '/v1/connections/db/credentials', { user: 'app2', password: blank });
      expect(res.body.secret_fields).toEqual(['password']);
    }
    const revealed = await t.api('POST', '/v1/connections/db/resolve', { reveal: true });
    expect(revealed.body.inputs.password).toBe('first-secret');
    expect(revealed.body.inputs.user).toBe('app2');
  });
});

describe('credentials of a generic connection', () => {
  it('are all stored as secrets, so a generic connection can gain secrets after create', async () => {
    await t.api('POST', '/v1/connections', {
      tag: 'gen-creds',
      type: 'generic',
      value: { url: 'https://x.test' },
    });
    const res = await t.api('PUT', '/v1/connections/gen-creds/credentials', {
      api_key: 'k-123456',
      url: null,
    });
    expect(res.body.secret_fields).toEqual(['api_key']);
    expect(res.body.value).toEqual({ url: 'https://x.test' });
    expect(res.text).not.toContain('k-123456');
    const blank = await t.api('PUT', '/v1/connections/gen-creds/credentials', { api_key: '' });
    expect(blank.body.secret_fields).toEqual(['api_key']);
  });
});

describe('revoke, restore, delete', () => {
  it('a revoked connection refuses resolve and connect until restored', async () => {
    await t.api('POST', '/v1/connections', { tag: 'rv', type: 'generic', value: { a: 1 } });
    const revoked = await t.api('POST', '/v1/connections/rv/revoke');
    expect(revoked.body.status).toBe('revoked');
    const resolve = await t.api('POST', '/v1/connections/rv/resolve', {});
    expect(resolve.status).toBe(409);
    expect(resolve.body.error.code).toBe('connection_revoked');
    const connect = await t.api('POST', '/v1/connections/rv/connect', {});
    expect(connect.body.error.code).toBe('connection_revoked');
    const restored = await t.api('POST', '/v1/connections/rv/restore');
    expect(restored.body.status).toBe('unverified');
    expect((await t.api('POST', '/v1/connections/rv/resolve', {})).status).toBe(200);
  });

  it('delete answers 204, the tag is gone and can be used again', async () => {
    await t.api('POST', '/v1/connections', { tag: 'gone', type: 'generic' });
    const del = await t.api('DELETE', '/v1/connections/gone');
    expect(del.status).toBe(204);
    expect((await t.api('GET', '/v1/connections/gone')).status).toBe(404);
    expect((await t.api('DELETE', '/v1/connections/gone')).status).toBe(404);
    const again = await t.api('POST', '/v1/connections', {
      tag: 'gone',
      type: 'http',
      value: { url: 'https://x.test' },
    });
    expect(again.status).toBe(201);
    expect(again.body.version).toBe(1);
  });
});

describe('list', () => {
  it('filters by type, kind, status and q, and pages with a cursor that sees every row once', async () => {
    const local = await makeTestApp();
    try {
      for (let i = 0; i < 57; i++) {
        const tag = `c${String(i).padStart(3, '0')}`;
        const body =
          i % 3 === 0
            ? { tag, type: 'aws' }
            : { tag, type: 'generic', description: i % 2 ? 'Orders DB' : '' };
        expect((await local.api('POST', '/v1/connections', body)).status).toBe(201);
      }
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res: { body: { items: { tag: string }[]; next_cursor: string | null } } = await local.api(
          'GET',
          `/v1/connections?limit=10${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        );
        seen.push(...res.body.items.map((c) => c.tag));
        cursor = res.body.next_cursor;
      } while (cursor);
      expect(seen).toHaveLength(57);
      expect(new Set(seen).size).toBe(57);
      expect([...seen].sort()).toEqual(seen);

      const clouds = await local.api('GET', '/v1/connections?kind=cloud&limit=500');
      expect(clouds.body.items).toHaveLength(19);
      expect(clouds.body.items.every((c: { type: string }) => c.type === 'aws')).toBe(true);
      const pending = await local.api('GET', '/v1/connections?status=pending&type=aws&limit=500');
      expect(pending.body.items).toHaveLength(19);
      const q = await local.api('GET', '/v1/connections?q=orders&limit=500');
      expect(q.body.items.length).toBeGreaterThan(0);
      expect(q.body.items.every((c: { description: string }) => c.description === 'Orders DB')).toBe(true);
      const bad = await local.api('GET', '/v1/connections?limit=501');
      expect(bad.status).toBe(400);
      const badStatus = await local.api('GET', '/v1/connections?status=sleeping');
      expect(badStatus.body.error.code).toBe('invalid_request');
    } finally {
      await local.close();
    }
  });
});

describe('types', () => {
  it('lists every registered type with JSON Schemas that mark secrets and targets', async () => {
    const res = await t.api('GET', '/v1/types');
    expect(res.body.items.map((x: { id: string }) => x.id).sort()).toEqual(
      [
        'aws',
        'azure',
        'gcp',
        'generic',
        'git',
        'http',
        'imap',
        'ldap',
        'mongodb_atlas',
        'mysql',
        'neo4j_aura',
        'oracle',
        'postgres',
        'redis',
        'sftp',
        'smtp',
        'ssh',
      ].sort(),
    );
    const git = await t.api('GET', '/v1/types/git');
    expect(git.body.input_schema.properties.password['x-secret']).toBe(true);
    expect(git.body.input_schema.properties.repository_url['x-target']).toBe(true);
    expect(git.body.input_schema.properties.ref.default).toBe('develop');
    expect(git.body.commands).toEqual(['metadata', 'get']);
    const atlas = await t.api('GET', '/v1/types/mongodb_atlas');
    expect(atlas.body.default_scopes).toEqual(['database']);
    expect((await t.api('GET', '/v1/types/nope')).body.error.code).toBe('type_not_found');
  });

  it('serves each type’s short name, and setup steps for the cloud types only', async () => {
    const { items } = (await t.api('GET', '/v1/types')).body as {
      items: { id: string; kind: string; short_name: string; setup_steps: string[] }[];
    };
    const byId = (id: string) => items.find((x) => x.id === id) ?? expect.fail(`no type ${id}`);
    expect(byId('aws').short_name).toBe('AWS');
    expect(byId('postgres').short_name).toBe('PostgreSQL');
    expect(byId('aws').setup_steps[0]).toContain('**IAM → Roles → Create role**');
    for (const type of items) {
      if (type.kind === 'cloud') expect(type.setup_steps.length, type.id).toBeGreaterThan(0);
      else expect(type.setup_steps, type.id).toEqual([]);
    }
    const one = await t.api('GET', '/v1/types/neo4j_aura');
    expect(one.body).toMatchObject({ short_name: 'Aura', setup_steps: byId('neo4j_aura').setup_steps });
  });
});
