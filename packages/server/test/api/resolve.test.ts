import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../support/app.js';

let t: TestApp;
let runner: string;
let editor: string;
let revealer: string;

beforeAll(async () => {
  t = await makeTestApp();
  runner = await t.token('runner');
  editor = await t.token('editor');
  revealer = await t.token('runner', true);
  await t.api('POST', '/v1/connections', {
    tag: 'library',
    type: 'git',
    value: { repository_url: 'https://git.test/library.git', ref: 'develop', command: 'metadata' },
    secrets: { password: 's3cret-pw' },
  });
  await t.api('POST', '/v1/connections', {
    tag: 'public',
    type: 'git',
    value: { repository_url: 'https://git.test/public.git' },
  });
});
afterAll(async () => t.close());

describe('resolve', () => {
  it('merges connection, secrets and overrides, with a source per field and secrets masked', async () => {
    const res = await t.api(
      'POST',
      '/v1/connections/library/resolve',
      { inputs: { ref: 'v2' } },
      { token: runner },
    );
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      tag: 'library',
      type: 'git',
      inputs: {
        repository_url: 'https://git.test/library.git',
        ref: 'v2',
        command: 'metadata',
        password: '********',
      },
      sources: { repository_url: 'connection', ref: 'override', command: 'connection', password: 'secret' },
    });
  });

  it('fills schema defaults for inputs no layer gave, with source "default"', async () => {
    const res = await t.api('POST', '/v1/connections/public/resolve', {}, { token: runner });
    expect(res.body.inputs).toMatchObject({ ref: 'develop', command: 'metadata' });
    expect(res.body.sources).toMatchObject({
      ref: 'default',
      command: 'default',
      repository_url: 'connection',
    });
  });

  it('an overridden secret is masked too', async () => {
    const res = await t.api(
      'POST',
      '/v1/connections/public/resolve',
      { inputs: { password: 'mine-123' } },
      { token: runner },
    );
    expect(res.body.inputs.password).toBe('********');
    expect(res.body.sources.password).toBe('override');
    expect(res.text).not.toContain('mine-123');
  });

  it('reveal needs the reveal capability', async () => {
    const denied = await t.api(
      'POST',
      '/v1/connections/library/resolve',
      { reveal: true },
      { token: runner },
    );
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe('forbidden');
    const shown = await t.api(
      'POST',
      '/v1/connections/library/resolve',
      { reveal: true },
      { token: revealer },
    );
    expect(shown.status).toBe(200);
    expect(shown.body.inputs.password).toBe('s3cret-pw');
  });

  it('a runner may not move a connection that holds secrets; an editor may; non-target overrides are fine', async () => {
    const moved = await t.api(
      'POST',
      '/v1/connections/library/resolve',
      { inputs: { repository_url: 'https://evil.test/x.git' } },
      { token: runner },
    );
    expect(moved.status).toBe(403);
    expect(moved.body.error.code).toBe('override_forbidden');
    expect(moved.body.error.details.fields).toEqual(['repository_url']);
    const asEditor = await t.api(
      'POST',
      '/v1/connections/library/resolve',
      { inputs: { repository_url: 'https://other.test/x.git' } },
      { token: editor },
    );
    expect(asEditor.status).toBe(200);
    expect(asEditor.body.sources.repository_url).toBe('override');
    const noSecrets = await t.api(
      'POST',
      '/v1/connections/public/resolve',
      { inputs: { repository_url: 'https://elsewhere.test/x.git' } },
      { token: runner },
    );
    expect(noSecrets.status).toBe(200);
  });

  it('validates after the merge: an override can supply a required input; bad ones are named', async () => {
    await t.api('POST', '/v1/connections', {
      tag: 'half',
      type: 'postgres',
      value: { host: 'db.test', user: 'u' },
    });
    const missing = await t.api('POST', '/v1/connections/half/resolve', {}, { token: runner });
    expect(missing.status).toBe(422);
    expect(missing.body.error.code).toBe('missing_input');
    expect(missing.body.error.details.fields).toEqual(['database']);
    expect(missing.body.error.message).toContain("'database'");
    const supplied = await t.api(
      'POST',
      '/v1/connections/half/resolve',
      { inputs: { database: 'app' } },
      { token: runner },
    );
    expect(supplied.status).toBe(200);
    expect(supplied.body.inputs.port).toBe(5432);
    const invalid = await t.api(
      'POST',
      '/v1/connections/half/resolve',
      { inputs: { database: 'app', port: 'eighty' } },
      { token: runner },
    );
    expect(invalid.status).toBe(422);
    expect(invalid.body.error.code).toBe('invalid_input');
    expect(invalid.body.error.details.issues[0].path).toBe('port');
  });

  it('a placeholder without an attached Vault secret is vault_key_missing', async () => {
    await t.api('POST', '/v1/connections', {
      tag: 'ph',
      type: 'generic',
      value: { user: 'vault.secret(user)' },
    });
    const res = await t.api('POST', '/v1/connections/ph/resolve', {}, { token: runner });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('vault_key_missing');
  });

  it('unknown body properties and unknown connections are refused clearly', async () => {
    const bad = await t.api('POST', '/v1/connections/library/resolve', { overrides: {} }, { token: runner });
    expect(bad.status).toBe(400);
    // inputs sent beside "inputs" instead of inside it: the message shows where they go
    for (const path of ['resolve', 'connect']) {
      const beside = await t.api('POST', `/v1/connections/library/${path}`, { ref: 'v2' }, { token: runner });
      expect(beside.status).toBe(400);
      expect(beside.body.error.code).toBe('invalid_request');
      expect(beside.body.error.details.issues).toEqual([{ path: 'ref', message: 'is not a known property' }]);
      expect(beside.body.error.message).toContain(
        'per-call inputs go inside "inputs", as in {"inputs":{"ref":…}}',
      );
    }
    // a body that takes no inputs gets no such hint
    const create = await t.api('POST', '/v1/connections', {
      tag: 'hint1',
      type: 'git',
      value: { repository_url: 'https://git.test/hint.git' },
      colour: 'red',
    });
    expect(create.status).toBe(400);
    expect(create.body.error.message).toContain('colour is not a known property');
    expect(create.body.error.message).not.toContain('per-call inputs');
    const none = await t.api('POST', '/v1/connections/nothing/resolve', {}, { token: runner });
    expect(none.status).toBe(404);
    expect(none.body.error.code).toBe('connection_not_found');
  });

  it('records a resolve audit event saying whether it revealed, without the secret', async () => {
    const audit = await t.api('GET', '/v1/audit?action=connection.resolve&limit=100');
    const revealed = audit.body.items.filter((e: { details: { revealed: boolean } }) => e.details.revealed);
    expect(revealed.length).toBeGreaterThanOrEqual(1);
    expect(audit.body.items.some((e: { details: { revealed: boolean } }) => !e.details.revealed)).toBe(true);
    expect(audit.text).not.toContain('s3cret-pw');
  });
});
