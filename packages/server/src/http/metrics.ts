import { Counter, collectDefaultMetrics, type Metric, Registry } from 'prom-client';

const DURATION_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10];

interface Tally {
  method: string;
  route: string;
  status: string;
  /** requests not yet added to the counter */
  pending: number;
  count: number;
  sum: number;
  /** per bucket of DURATION_BUCKETS, not cumulative; the last one is +Inf */
  buckets: number[];
}

/**
 * `patchbay_http_requests_total` and `patchbay_http_request_duration_seconds`, tallied per method,
 * route and status in plain numbers and handed to prom-client only when /metrics is read. Through
 * prom-client's own counter and histogram each request cost ~0.8 µs (both hash their label object on
 * every call); here it is one Map look-up and a few additions. The histogram is a metric object of
 * the registry's own shape (`get()`), as prom-client has no way to add many observations at once.
 */
function requestTallies(registry: Registry) {
  const tallies = new Map<string, Tally>();
  new Counter({
    name: 'patchbay_http_requests_total',
    help: 'HTTP requests by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
    collect() {
      for (const t of tallies.values()) {
        if (t.pending === 0) continue;
        this.inc({ method: t.method, route: t.route, status: t.status }, t.pending);
        t.pending = 0;
      }
    },
  });
  const name = 'patchbay_http_request_duration_seconds';
  const help = 'HTTP request duration by route';
  const durations = {
    name,
    help,
    type: 'histogram',
    aggregator: 'sum',
    labelNames: ['method', 'route'],
    get() {
      const byRoute = new Map<
        string,
        { method: string; route: string; count: number; sum: number; buckets: number[] }
      >();
      for (const t of tallies.values()) {
        const key = `${t.method} ${t.route}`;
        let r = byRoute.get(key);
        if (!r) {
          r = { method: t.method, route: t.route, count: 0, sum: 0, buckets: DURATION_BUCKETS.map(() => 0) };
          byRoute.set(key, r);
        }
        r.count += t.count;
        r.sum += t.sum;
        for (let i = 0; i < DURATION_BUCKETS.length; i++) r.buckets[i]! += t.buckets[i]!;
      }
      const values = [...byRoute.values()].flatMap(({ method, route, count, sum, buckets }) => {
        let below = 0;
        return [
          ...DURATION_BUCKETS.map((le, i) => {
            below += buckets[i]!;
            return { labels: { method, route, le }, value: below, metricName: `${name}_bucket` };
          }),
          { labels: { method, route, le: '+Inf' }, value: count, metricName: `${name}_bucket` },
          { labels: { method, route }, value: sum, metricName: `${name}_sum` },
          { labels: { method, route }, value: count, metricName: `${name}_count` },
        ];
      });
      return { name, help, type: 'histogram', aggregator: 'sum', values };
    },
    reset: () => tallies.clear(),
  };
  registry.registerMetric(durations as unknown as Metric);
  return {
    observe(method: string, route: string, status: number, seconds: number): void {
      const key = `${method} ${route} ${status}`;
      let t = tallies.get(key);
      if (!t) {
        t = {
          method,
          route,
          status: String(status),
          pending: 0,
          count: 0,
          sum: 0,
          buckets: [...DURATION_BUCKETS, 0].map(() => 0),
        };
        tallies.set(key, t);
      }
      t.pending++;
      t.count++;
      t.sum += seconds;
      let i = 0;
      while (i < DURATION_BUCKETS.length && seconds > DURATION_BUCKETS[i]!) i++;
      t.buckets[i]!++;
    },
  };
}

/** Prometheus metrics of one server process. */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'patchbay_' });
  const http = requestTallies(registry);
  const executions = new Counter({
    name: 'patchbay_executions_total',
    help: 'connect calls by type and status',
    labelNames: ['type', 'status'] as const,
    registers: [registry],
  });
  // a bounded set: the registered types times the two statuses
  const executionsByKey = new Map<string, { inc(): void }>();
  const masked = new Counter({
    name: 'patchbay_output_secret_masks_total',
    help: 'secret occurrences masked in task outputs, by type (a rise can mean guesses echoed through a task)',
    labelNames: ['type'] as const,
    registers: [registry],
  });
  return {
    contentType: registry.contentType,
    /** One answered request: a Map look-up and a few additions; prom-client gets the sums when scraped. */
    observe: http.observe,
    execution(type: string, status: string, maskedInOutput = 0) {
      const key = `${type} ${status}`;
      let count = executionsByKey.get(key);
      if (!count) {
        count = executions.labels(type, status);
        executionsByKey.set(key, count);
      }
      count.inc();
      if (maskedInOutput > 0) masked.inc({ type }, maskedInOutput);
    },
    render: () => registry.metrics(),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
