import {
  type FastifyBaseLogger,
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerOptions,
  LogController,
} from 'fastify';
import type { Metrics } from './metrics.js';

type ChildLoggerFactory = NonNullable<FastifyServerOptions['childLoggerFactory']>;
type Bindings = Parameters<ChildLoggerFactory>[1];
type Options = Parameters<ChildLoggerFactory>[2];
type Leveled = FastifyBaseLogger & { isLevelEnabled?(level: string): boolean };
type Line = (...args: unknown[]) => void;

/**
 * A request's logger whose pino child is made on the first line actually written. A class, so a
 * request costs one small object and no closures.
 */
class LazyChildLogger {
  #child: FastifyBaseLogger | undefined;
  readonly #parent: FastifyBaseLogger;
  readonly #bindings: Bindings;
  readonly #options: Options;

  constructor(parent: FastifyBaseLogger, bindings: Bindings, options: Options) {
    this.#parent = parent;
    this.#bindings = bindings;
    this.#options = options;
  }

  #made(): FastifyBaseLogger {
    this.#child ??= this.#parent.child(this.#bindings, this.#options);
    return this.#child;
  }

  #write(level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace', args: unknown[]): void {
    if (!this.#child && !this.isLevelEnabled(level)) return;
    (this.#made()[level] as unknown as Line)(...args);
  }

  get level(): string {
    return (this.#child ?? this.#parent).level;
  }
  set level(level: string) {
    this.#made().level = level;
  }
  isLevelEnabled(level: string): boolean {
    return ((this.#child ?? this.#parent) as Leveled).isLevelEnabled?.(level) ?? true;
  }
  child(bindings: Bindings, options?: Options): FastifyBaseLogger {
    return this.#made().child(bindings, options);
  }
  silent(): void {}
  fatal(...args: unknown[]): void {
    this.#write('fatal', args);
  }
  error(...args: unknown[]): void {
    this.#write('error', args);
  }
  warn(...args: unknown[]): void {
    this.#write('warn', args);
  }
  info(...args: unknown[]): void {
    this.#write('info', args);
  }
  debug(...args: unknown[]): void {
    this.#write('debug', args);
  }
  trace(...args: unknown[]): void {
    this.#write('trace', args);
  }
}

/**
 * Fastify gives every request a child logger, and pino's `child()` serialises and redacts the
 * bindings at once — work every call paid (about 2 % of a resolve) although at the configured level
 * most requests log nothing. This child is made on the first line that is actually written.
 */
export const lazyChildLogger: ChildLoggerFactory = (logger, bindings, options) =>
  new LazyChildLogger(logger, bindings, options) as unknown as FastifyBaseLogger;

/**
 * Fastify's own per-request lines stay off; every finished request instead counts in the metrics and
 * writes one `request` line (info) with its route, status and time. Fastify calls `requestCompleted`
 * for every request once its answer is sent — where an `onResponse` hook would cost each request a
 * hook run more (Server.md, `logController`).
 */
export class RequestLogController extends LogController {
  readonly #metrics: Pick<Metrics, 'observe'>;

  constructor(metrics: Pick<Metrics, 'observe'>) {
    super({ disableRequestLogging: true });
    this.#metrics = metrics;
  }

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    const route = request.routeOptions.url ?? 'unmatched';
    const status = reply.statusCode;
    this.#metrics.observe(request.method, route, status, reply.elapsedTime / 1000);
    const line = { method: request.method, route, status, ms: Math.round(reply.elapsedTime) };
    if (error) request.log.error({ ...line, err: error }, 'request errored');
    else request.log.info(line, 'request');
  }
}
