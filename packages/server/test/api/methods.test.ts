/** A known path asked with a method it does not have: 405 with Allow, not a 404 (RFC 9110 15.5.6). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../support/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(async () => t.close());

describe('unsupported methods', () => {
  it.each([
    ['GET', '/v1/tokens/tok_123', 'DELETE'],
    ['GET', '/v1/vault/check', 'POST'],
    ['PUT', '/v1/connections', 'GET, POST'],
    ['TRACE', '/v1/connections/library', 'DELETE, GET, PATCH'],
    ['QUERY', '/v1/connections/library/revoke', 'POST'],
    ['POST', '/v1/connections/library/', 'DELETE, GET, PATCH'],
  ])('%s %s is 405 with Allow: %s', async (method, url, allow) => {
    const res = await t.api(method, url);
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe(allow);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body.error.code).toBe('method_not_allowed');
    expect(res.body.error.message).toContain(allow);
    expect(res.body.request_id).toMatch(/^req_/);
  });

  it('an unknown path stays 404 not_found, for every method', async () => {
    for (const method of ['GET', 'POST', 'DELETE']) {
      const res = await t.api(method, '/v1/nothing-here');
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('not_found');
    }
  });
});
