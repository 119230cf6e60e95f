import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../domain/errors.js';

interface KnownPath {
  pattern: RegExp;
  methods: Set<string>;
}

const toPattern = (url: string) =>
  new RegExp(`^${url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:[A-Za-z0-9_]+/g, '[^/]+')}/?$`);

/** The methods a path has, as an `Allow` header's value; undefined when it is no known API path. */
export type AllowedMethods = (request: FastifyRequest) => string | undefined;

/**
 * A known API path asked with a method it does not have answers `405 method_not_allowed` with an
 * `Allow` header (RFC 9110 15.5.6), not a 404 that would say the path does not exist. Only `/v1/`
 * routes are tracked; HEAD, which Fastify adds to every GET, is served but not advertised.
 *
 * Such a request matches no route, so only the not-found handler asks this: a request that found its
 * route pays nothing for it. Must be registered before the routes, since it learns them from `onRoute`.
 */
export function registerAllowedMethods(app: FastifyInstance): AllowedMethods {
  const known = new Map<string, KnownPath>();
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/v1/')) return;
    const entry = known.get(route.url) ?? { pattern: toPattern(route.url), methods: new Set<string>() };
    for (const method of [route.method].flat()) if (method !== 'HEAD') entry.methods.add(method);
    known.set(route.url, entry);
  });
  return (request) => {
    if (!request.url.startsWith('/v1/')) return undefined;
    const path = request.url.split('?')[0]!;
    const allowed = new Set<string>();
    for (const entry of known.values()) {
      if (entry.pattern.test(path)) for (const m of entry.methods) allowed.add(m);
    }
    return allowed.size === 0 ? undefined : [...allowed].sort().join(', ');
  };
}

/** The 405 of a request to a known path with a method it does not have. */
export const methodNotAllowed = (request: FastifyRequest, allow: string): AppError =>
  new AppError(
    'method_not_allowed',
    `${request.method} is not supported on ${request.url.split('?')[0]}; use one of ${allow} (see /docs)`,
  );
