import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../support/app.js';

let t: TestApp;
let runner: string;
beforeAll(async () => {
  t = await makeTestApp();
  runner = await t.token('runner');
  await t.api('POST', '/v1/connections', {
    tag: 'library',
    type: 'git',
    value: { repository_url: 'https://g.test/r' },
  });
  await t.api('POST', '/v1/connections', { tag: 'gen', type: 'generic', secrets: { k: 'v' } });
});
afterAll(async () => t.close());

const ROUTES: [string, string][] = [
  ['GET', '/v1/types'],
  ['GET', '/v1/types/{x}'],
  ['POST', '/v1/connections'],
  ['GET', '/v1/connections'],
  ['GET', '/v1/connections/{x}'],
  ['PATCH', '/v1/connections/{x}'],
  ['PUT', '/v1/connections/{x}/credentials'],
  ['POST', '/v1/connections/{x}/validate'],
  ['PUT', '/v1/connections/{x}/vault'],
  ['DELETE', '/v1/connections/{x}/vault'],
  ['POST', '/v1/connections/{x}/resolve'],
  ['POST', '/v1/connections/{x}/connect'],
  ['POST', '/v1/connections/{x}/revoke'],
  ['POST', '/v1/connections/{x}/restore'],
  ['DELETE', '/v1/connections/{x}'],
  ['GET', '/v1/executions'],
  ['GET', '/v1/executions/{x}'],
  ['POST', '/v1/components'],
  ['GET', '/v1/components'],
  ['GET', '/v1/components/{x}'],
  ['DELETE', '/v1/components/{x}'],
  ['GET', '/v1/vault'],
  ['PUT', '/v1/vault'],
  ['POST', '/v1/vault/check'],
  ['POST', '/v1/tokens'],
  ['GET', '/v1/tokens'],
  ['DELETE', '/v1/tokens/{x}'],
  ['POST', '/v1/workspaces'],
  ['GET', '/v1/workspaces'],
  ['GET', '/v1/audit'],
  ['GET', '/v1/session'],
  ['POST', '/v1/session'],
];

const segment = fc.oneof(
  fc.constantFrom('library', 'gen', 'nope', 'a', '%00', '..', 'x'.repeat(300), '%E2%82', 'tok_1', 'exe_1'),
  fc.string({ maxLength: 40 }).map(encodeURIComponent),
);
const typeNames = fc.constantFrom('git', 'http', 'postgres', 'aws', 'generic', 'gcp', 'ftp', '');
const body = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.record(
    {
      tag: fc.oneof(segment, fc.string({ maxLength: 10 })),
      type: typeNames,
      value: fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 2 })),
      secrets: fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 1 })),
      scopes: fc.array(fc.string({ maxLength: 8 }), { maxLength: 6 }),
      inputs: fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 2 })),
      reveal: fc.jsonValue({ maxDepth: 0 }),
      timeout_ms: fc.oneof(fc.integer(), fc.double()),
      path: fc.string({ maxLength: 30 }),
      address: fc.string({ maxLength: 30 }),
      auth: fc.jsonValue({ maxDepth: 2 }),
      name: fc.string({ maxLength: 20 }),
      role: fc.constantFrom('viewer', 'runner', 'editor', 'admin', 'root'),
    },
    { requiredKeys: [] },
  ),
);
const rawText = fc.oneof(
  fc.constant(''),
  fc.string({ maxLength: 60 }),
  fc.constant('{"a":'),
  fc.constant('[1,2'),
  fc.constant('null'),
);
const query = fc.dictionary(
  fc.constantFrom('limit', 'cursor', 'type', 'kind', 'status', 'q', 'force', 'tag', 'action', 'zzz'),
  fc.string({ maxLength: 20 }),
  { maxKeys: 3 },
);

describe('fuzzing every route', () => {
  it('thousands of malformed and random requests: never a 5xx, always the SPEC error body', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ROUTES),
        segment,
        fc.oneof(
          body.map((b) => ({ json: b })),
          rawText.map((s) => ({ raw: s })),
        ),
        query,
        fc.constantFrom(
          'application/json',
          'text/plain',
          'application/json; charset=utf-8',
          'application/x-www-form-urlencoded',
        ),
        fc.constantFrom('admin', 'runner', 'none'),
        async ([method, template], seg, payload, q, contentType, who) => {
          const qs = new URLSearchParams(q).toString();
          const url = template.replace('{x}', seg) + (qs ? `?${qs}` : '');
          const token = who === 'admin' ? t.adminToken : who === 'runner' ? runner : null;
          const hasBody = method !== 'GET' && method !== 'DELETE';
          const res = await t.api(
            method,
            url,
            hasBody ? ('json' in payload ? JSON.stringify(payload.json) : payload.raw) : undefined,
            { token, headers: hasBody ? { 'content-type': contentType } : {} },
          );
          expect(res.status, `${method} ${url} → ${res.text}`).toBeLessThan(500);
          if (res.status >= 400) {
            expect(res.body?.error?.code, `${method} ${url} → ${res.text}`).toMatch(/^[a-z_]+$/);
            expect(typeof res.body.error.message).toBe('string');
            expect(res.body.request_id).toMatch(/^req_/);
          }
        },
      ),
      { numRuns: 3000 },
    );
    expect((await t.api('GET', '/healthz', undefined, { token: null })).status).toBe(200);
    expect((await t.api('GET', '/v1/audit/verify')).body.ok).toBe(true);
  }, 180_000);
});
