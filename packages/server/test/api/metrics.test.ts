import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../support/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(async () => t.close());

/** The value of each sample line `name{labels} value` whose name and labels match. */
function samples(text: string, name: string, labels: Record<string, string>): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    const match = /^([a-z_]+)\{([^}]*)\} (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const got = Object.fromEntries([...match[2]!.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([k, v]) => got[k] === v)) out.set(match[2]!, Number(match[3]));
  }
  return out;
}

const scrape = async () => (await t.api('GET', '/metrics', undefined, { token: null })).text;

describe('request metrics', () => {
  it('count requests by method, route and status, and time them in cumulative buckets', async () => {
    for (let i = 0; i < 5; i++) expect((await t.api('GET', '/v1/connections')).status).toBe(200);
    for (let i = 0; i < 3; i++) {
      expect((await t.api('GET', '/v1/connections', undefined, { token: 'pb_wrong' })).status).toBe(401);
    }
    const first = await scrape();
    const route = { method: 'GET', route: '/v1/connections' };
    const total = (text: string, status: string) =>
      [...samples(text, 'patchbay_http_requests_total', { ...route, status }).values()][0];
    expect(total(first, '200')).toBe(5);
    expect(total(first, '401')).toBe(3);

    const buckets = [...samples(first, 'patchbay_http_request_duration_seconds_bucket', route).entries()];
    expect(buckets.length).toBe(13);
    const values = buckets.map(([, v]) => v);
    // cumulative, ending at +Inf with every request of the route
    for (let i = 1; i < values.length; i++) expect(values[i]).toBeGreaterThanOrEqual(values[i - 1]!);
    expect(buckets.at(-1)![0]).toContain('le="+Inf"');
    expect(values.at(-1)).toBe(8);
    expect([...samples(first, 'patchbay_http_request_duration_seconds_count', route).values()]).toEqual([8]);
    const [sum] = samples(first, 'patchbay_http_request_duration_seconds_sum', route).values();
    expect(sum).toBeGreaterThan(0);
    expect(sum).toBeLessThan(8 * 10);

    // a second read adds only what happened since, never the same requests twice
    expect((await t.api('GET', '/v1/connections')).status).toBe(200);
    const second = await scrape();
    expect(total(second, '200')).toBe(6);
    expect(total(second, '401')).toBe(3);
    expect([...samples(second, 'patchbay_http_request_duration_seconds_count', route).values()]).toEqual([9]);
    expect(second).toContain('# TYPE patchbay_http_request_duration_seconds histogram');
    expect(second).toContain('# TYPE patchbay_http_requests_total counter');
  });
});

describe('request duration histogram', () => {
  it('puts each duration in the first bucket it does not exceed, a bound itself included', async () => {
    const { createMetrics } = await import('../../src/http/metrics.js');
    const metrics = createMetrics();
    for (const seconds of [0.0005, 0.003, 0.003, 0.01, 0.7, 20]) metrics.observe('POST', '/x', 200, seconds);
    const text = await metrics.render();
    const route = { method: 'POST', route: '/x' };
    const buckets = Object.fromEntries(
      [...samples(text, 'patchbay_http_request_duration_seconds_bucket', route).entries()].map(
        ([labels, v]) => [/le="([^"]+)"/.exec(labels)![1], v],
      ),
    );
    expect(buckets).toEqual({
      '0.001': 1,
      '0.0025': 1,
      '0.005': 3,
      '0.01': 4,
      '0.025': 4,
      '0.05': 4,
      '0.1': 4,
      '0.25': 4,
      '0.5': 4,
      '1': 5,
      '2.5': 5,
      '10': 5,
      '+Inf': 6,
    });
    const [sum] = samples(text, 'patchbay_http_request_duration_seconds_sum', route).values();
    expect(sum).toBeCloseTo(20.7165, 6);
  });
});
