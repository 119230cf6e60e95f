import type { FastifyInstance, FastifyRequest, preHandlerHookHandler } from 'fastify';
import type { AuthService } from '../domain/auth-service.js';
import type { Actor } from '../domain/connection-service.js';
import { AppError } from '../domain/errors.js';
import { type Principal, type Role, roleAtLeast } from '../domain/model.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    /** the least role a route needs; routes without it are public */
    role?: Role;
  }
}

export interface SessionReader {
  /** the bearer secret carried by a workbench session cookie, after its CSRF check */
  tokenFromSession(request: FastifyRequest): string | undefined;
}

/** The caller of an authenticated route, for services. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.principal) throw new AppError('unauthenticated', 'send Authorization: Bearer <token>');
  return { principal: request.principal, requestId: request.id };
}

function bearer(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

/** A token bucket per token: `perMinute` requests, refilled continuously. */
function createRateLimiter(perMinute: number) {
  const buckets = new Map<string, { tokens: number; at: number }>();
  return (key: string): boolean => {
    if (perMinute <= 0) return true;
    const now = Date.now();
    const bucket = buckets.get(key) ?? { tokens: perMinute, at: now };
    bucket.tokens = Math.min(perMinute, bucket.tokens + ((now - bucket.at) / 60_000) * perMinute);
    bucket.at = now;
    if (buckets.size > 100_000) buckets.clear();
    buckets.set(key, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  };
}

/**
 * Authenticates every route that declares `config.role` and checks the role. Bearer tokens, or the
 * workbench's session cookie.
 */
export function registerAuth(
  app: FastifyInstance,
  deps: {
    auth: AuthService;
    rateLimitPerMinute: number;
    sessions?: SessionReader;
    /** false once the caller's source has sent too many requests without a valid token */
    allowAnonymous?: (request: FastifyRequest) => boolean;
  },
) {
  /** The refusal of a request without a valid token once its source has sent too many. */
  const anonymousRefusal = (request: FastifyRequest): AppError | undefined =>
    deps.allowAnonymous && !deps.allowAnonymous(request)
      ? new AppError(
          'rate_limited',
          'too many requests without a valid token from this address; wait a minute and send a valid token',
        )
      : undefined;
  const allow = createRateLimiter(deps.rateLimitPerMinute);
  app.decorateRequest('principal', null);
  /** What refuses the call, or undefined when it goes on. */
  const refusal = (
    principal: Principal | null,
    needed: Role,
    request: FastifyRequest,
  ): AppError | undefined => {
    if (!principal) {
      return (
        anonymousRefusal(request) ??
        new AppError(
          'unauthenticated',
          'the token is unknown, revoked or expired; ask an admin for a new one (POST /v1/tokens)',
        )
      );
    }
    request.principal = principal;
    if (!allow(principal.tokenId)) {
      return new AppError(
        'rate_limited',
        'too many requests for this token; slow down and retry in a few seconds',
      );
    }
    if (!roleAtLeast(principal.role, needed)) {
      return new AppError(
        'forbidden',
        `this needs the ${needed} role; your token '${principal.tokenName}' is ${principal.role}. Ask an admin for a token with that role`,
        { required_role: needed, role: principal.role },
      );
    }
    return undefined;
  };
  /** The check of one route, built once for it: a token looked up in the last second is judged without a promise or a microtask turn. */
  const authenticateAs =
    (needed: Role): preHandlerHookHandler =>
    (request, _reply, done) => {
      let found: ReturnType<AuthService['authenticate']>;
      try {
        const secret = bearer(request) ?? deps.sessions?.tokenFromSession(request);
        if (!secret) {
          return done(
            anonymousRefusal(request) ??
              new AppError(
                'unauthenticated',
                'this endpoint needs a token: send Authorization: Bearer <token>',
              ),
          );
        }
        found = deps.auth.authenticate(secret);
      } catch (error) {
        return done(error as Error);
      }
      if (found instanceof Promise) {
        found.then(
          (principal) => done(refusal(principal, needed, request)),
          (error: Error) => done(error),
        );
      } else done(refusal(found, needed, request));
    };
  // Each route that declares a role gets its check as its first preHandler: the role is known when
  // the route is, so no request looks it up (Fastify builds `request.routeOptions` afresh per read).
  // Must be registered before the routes, which every caller of buildApp's `routes` is.
  app.addHook('onRoute', (route) => {
    const needed = route.config?.role;
    if (!needed) return;
    route.preHandler = [authenticateAs(needed), ...[route.preHandler ?? []].flat()];
  });
}
