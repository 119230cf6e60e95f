import type { FastifyInstance } from 'fastify';
import { AppError } from '../domain/errors.js';

interface KnownPath {
  pattern: RegExp;
  methods: Set<string>;
}

const toPattern = (url: string) =>
  new RegExp(`^${url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:[A-Za-z0-9_]+/g, '[^/]+')}/?$`);

/**
 * A known API path asked with a method it does not have answers `405 method_not_allowed` with an
 * `Allow` header (RFC 9110 15.5.6), not a 404 that would say the path does not exist. Only `/v1/`
 * routes are tracked; HEAD, which Fastify adds to every GET, is served but not advertised.
 *
 * Must be registered before the routes, since it learns them from `onRoute`.
 */
export function registerAllowedMethods(app: FastifyInstance) {
  const known = new Map<string, KnownPath>();
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/v1/')) return;
    const entry = known.get(route.url) ?? { pattern: toPattern(route.url), methods: new Set<string>() };
    for (const method of [route.method].flat()) if (method !== 'HEAD') entry.methods.add(method);
    known.set(route.url, entry);
  });
  // a callback-style hook (a throw is the hook's error): an async one costs every request a promise
  app.addHook('onRequest', (request, reply, done) => {
    // unmatched, or caught by the workbench's catch-all GET (which answers 404 for /v1/ paths)
    if (!request.url.startsWith('/v1/') || request.routeOptions.url?.startsWith('/v1/')) return done();
    const path = request.url.split('?')[0]!;
    const allowed = new Set<string>();
    for (const entry of known.values()) {
      if (entry.pattern.test(path)) for (const m of entry.methods) allowed.add(m);
    }
    if (allowed.size === 0) return done();
    const list = [...allowed].sort().join(', ');
    reply.header('allow', list);
    throw new AppError(
      'method_not_allowed',
      `${request.method} is not supported on ${path}; use one of ${list} (see /docs)`,
    );
  });
}
