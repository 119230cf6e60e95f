import { randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import cookie, { fastifyCookie } from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { AuthService } from '../domain/auth-service.js';
import { AppError } from '../domain/errors.js';
import type { Principal } from '../domain/model.js';
import type { App } from './app.js';
import { actorOf, type SessionReader } from './auth.js';
import { Role } from './wire.js';

/** The session answer: who the token is, never the token. */
const whoAmI = (principal: Principal) => ({
  workspace: principal.workspaceName,
  token_id: principal.tokenId,
  token_name: principal.tokenName,
  role: principal.role,
  reveal: principal.reveal,
});

export const SESSION_COOKIE = 'pb_session';

const SESSION_SECONDS = 12 * 3600;

/** A session lasts 12 hours, and never longer than its token (SPEC 7). */
export function sessionSeconds(expiresAt: string | null | undefined, now = Date.now()): number {
  if (!expiresAt) return SESSION_SECONDS;
  return Math.max(0, Math.min(SESSION_SECONDS, Math.floor((Date.parse(expiresAt) - now) / 1000)));
}
export const CSRF_COOKIE = 'pb_csrf';
export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const sameText = (a: string, b: string) =>
  a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * The workbench's session: the token lives in an HttpOnly, SameSite=Strict cookie the page cannot
 * read; a changing request must also echo the CSRF cookie in a header (double submit). The Cookie
 * header is parsed here, only for a request that carries no bearer token, rather than by a hook on
 * every request.
 */
export const cookieSessions: SessionReader = {
  tokenFromSession(request: FastifyRequest) {
    const header = request.headers.cookie;
    if (!header) return undefined;
    const cookies = fastifyCookie.parse(header);
    const token = cookies[SESSION_COOKIE];
    if (!token) return undefined;
    if (!SAFE_METHODS.has(request.method)) {
      const expected = cookies[CSRF_COOKIE];
      const given = request.headers[CSRF_HEADER];
      if (!expected || typeof given !== 'string' || !sameText(expected, given)) {
        throw new AppError(
          'forbidden',
          `the workbench request lacks its CSRF token; reload the page and sign in again`,
        );
      }
    }
    return token;
  },
};

const defaultWebDir = () => {
  const here = dirname(fileURLToPath(import.meta.url));
  return join(here, '..', '..', '..', 'web', 'dist');
};

const WhoAmI = Type.Object(
  {
    workspace: Type.String(),
    token_id: Type.String(),
    token_name: Type.String(),
    role: Role,
    reveal: Type.Boolean(),
  },
  { $id: 'Session' },
);

/** Sign-in/out for the workbench, and its static files with a single-page fallback. */
export async function registerWorkbench(
  app: App,
  options: { webDir: string | undefined; auth: AuthService; secureCookies: boolean },
) {
  app.addSchema(WhoAmI);
  const cookieOptions = { path: '/', sameSite: 'strict' as const, secure: options.secureCookies };

  app.get(
    '/v1/session',
    {
      config: { role: 'viewer' },
      schema: { tags: ['session'], summary: 'Who is calling', response: { 200: Type.Ref(WhoAmI) } },
    },
    async (request) => {
      return whoAmI(actorOf(request).principal);
    },
  );

  // the cookie plugin's reply hook only where cookies are set: sign-in and sign-out
  await app.register(async (child) => {
    const scope = child as App;
    await scope.register(cookie, { hook: false });
    scope.post(
      '/v1/session',
      {
        schema: {
          tags: ['session'],
          summary: 'Workbench sign-in: exchange a token for an HttpOnly session cookie',
          security: [],
          body: Type.Object(
            { token: Type.String({ minLength: 1, maxLength: 512 }) },
            { additionalProperties: false },
          ),
          response: { 200: Type.Ref(WhoAmI) },
        },
      },
      async (request, reply) => {
        const principal = await options.auth.authenticate(request.body.token);
        if (!principal)
          throw new AppError(
            'unauthenticated',
            'that token is unknown, revoked or expired; check it and try again',
          );
        const csrf = randomBytes(24).toString('base64url');
        const maxAge = sessionSeconds(principal.expiresAt);
        reply
          .setCookie(SESSION_COOKIE, request.body.token, { ...cookieOptions, httpOnly: true, maxAge })
          .setCookie(CSRF_COOKIE, csrf, { ...cookieOptions, httpOnly: false, maxAge });
        return whoAmI(principal);
      },
    );

    scope.delete(
      '/v1/session',
      {
        schema: {
          tags: ['session'],
          summary: 'Workbench sign-out',
          security: [],
          response: { 204: Type.Null() },
        },
      },
      async (_request, reply) => {
        reply.clearCookie(SESSION_COOKIE, cookieOptions).clearCookie(CSRF_COOKIE, cookieOptions);
        return reply.code(204).send(null);
      },
    );
  });

  const root = options.webDir ?? defaultWebDir();
  if (!existsSync(join(root, 'index.html'))) {
    app.log.warn({ root }, 'workbench not built: run npm run build to serve it at /');
    return;
  }
  await app.register(fastifyStatic, { root, prefix: '/', wildcard: false, index: ['index.html'] });
  // Client-side routes (/connections/library …) get the page; unknown API paths stay 404 JSON.
  app.get('/*', { schema: { hide: true } }, async (request, reply) => {
    // the API's own answer: 405 for a known path, 404 JSON for an unknown one
    if (request.url.startsWith('/v1/')) return reply.callNotFound();
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
}
