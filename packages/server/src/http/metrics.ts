import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/** Prometheus metrics of one server process. */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'patchbay_' });
  const requests = new Counter({
    name: 'patchbay_http_requests_total',
    help: 'HTTP requests by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'patchbay_http_request_duration_seconds',
    help: 'HTTP request duration by route',
    labelNames: ['method', 'route'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
    registers: [registry],
  });
  const executions = new Counter({
    name: 'patchbay_executions_total',
    help: 'connect calls by type and status',
    labelNames: ['type', 'status'] as const,
    registers: [registry],
  });
  // a bounded set: the registered types times the two statuses
  const executionsByKey = new Map<string, { inc(): void }>();
  const seriesByKey = new Map<string, { count: { inc(): void }; time: { observe(value: number): void } }>();
  const masked = new Counter({
    name: 'patchbay_output_secret_masks_total',
    help: 'secret occurrences masked in task outputs, by type (a rise can mean guesses echoed through a task)',
    labelNames: ['type'] as const,
    registers: [registry],
  });
  return {
    contentType: registry.contentType,
    observe(method: string, route: string, status: number, seconds: number) {
      // the labelled children once per label set: prom-client hashes the label object on every call
      const key = `${method} ${route} ${status}`;
      let series = seriesByKey.get(key);
      if (!series) {
        series = {
          count: requests.labels(method, route, String(status)),
          time: duration.labels(method, route),
        };
        if (seriesByKey.size > 10_000) seriesByKey.clear();
        seriesByKey.set(key, series);
      }
      series.count.inc();
      series.time.observe(seconds);
    },
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
