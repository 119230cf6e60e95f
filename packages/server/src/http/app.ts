import { randomBytes } from 'node:crypto';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { AuditLog } from '../domain/audit-log.js';
import type { AuthService } from '../domain/auth-service.js';
import { auditDraft } from '../domain/connection-service.js';
import { AppError, isAppError } from '../domain/errors.js';
import { FORBIDDEN_KEY_NAMES, isForbiddenKey } from '../domain/merge.js';
import type { Store } from '../domain/ports.js';
import { registerAllowedMethods } from './allowed-methods.js';
import { createAnonymousDenials } from './anonymous-denials.js';
import { registerAuth, type SessionReader } from './auth.js';
import { registerErrorHandler } from './error-handler.js';
import type { Metrics } from './metrics.js';
import { lazyChildLogger, RequestLogController } from './request-logger.js';
import { ErrorResponse } from './wire.js';

const ERROR_DOC = {
  ...Type.Ref(ErrorResponse),
  description:
    'An error: `error.code` says what went wrong, `error.message` what to do. 400 invalid_request; 401 unauthenticated; 403 forbidden, override_forbidden; 404 …_not_found; 405 method_not_allowed (with Allow); 409 connection_exists, connection_in_use, connection_revoked, connection_not_active, vault_not_configured; 412 version_mismatch; 422 invalid_input, missing_input, immutable_field, invalid_scope, scope_not_granted, vault_key_missing; 429 rate_limited; 502 vault_error; 500 internal_error',
};

const addFormats = addFormatsModule.default;

import { API_VERSION } from '../version.js';

export { API_VERSION };

export interface AppOptions {
  logger: FastifyServerOptions['loggerInstance'];
  store: Pick<Store, 'ping'>;
  auth: AuthService;
  auditLog: AuditLog;
  metrics: Metrics;
  rateLimitPerMinute: number;
  /** per source address, for requests without a valid token (0 = unlimited) */
  anonymousRateLimitPerMinute?: number;
  defaultWorkspaceId?: () => Promise<string | undefined>;
  sessions?: SessionReader;
  /** registers the resource routes; called inside the authenticated scope */
  routes: (app: App) => Promise<void> | void;
}

export type App = FastifyInstance<
  import('node:http').Server,
  import('node:http').IncomingMessage,
  import('node:http').ServerResponse,
  import('fastify').FastifyBaseLogger,
  TypeBoxTypeProvider
>;

/**
 * Validators for every scope (a custom compiler set with setValidatorCompiler is lost in scopes that
 * add schemas, so it is given to the schema controller instead). Bodies: no coercion and no silent
 * removal of unknown properties (they are 400 invalid_request). Query strings and params arrive as
 * text: coerced.
 */
function buildValidator(externalSchemas: unknown) {
  const make = (coerceTypes: false | 'array') => {
    const ajv = new Ajv({
      allErrors: true,
      coerceTypes,
      removeAdditional: false,
      useDefaults: true,
      strict: false,
    });
    addFormats(ajv);
    for (const schema of Object.values((externalSchemas ?? {}) as Record<string, object>))
      ajv.addSchema(schema);
    return ajv;
  };
  const body = make(false);
  const query = make('array');
  return ({ schema, httpPart }: { schema: object; httpPart?: string }) =>
    (httpPart === 'body' ? body : query).compile(schema);
}

/**
 * JSON.parse reviver (called for every key at every depth): `__proto__`, `constructor` and `prototype`
 * are refused anywhere in a body (SPEC 2), so no later merge or lookup can be steered through them.
 */
function refuseForbiddenKeys(key: string, value: unknown): unknown {
  if (isForbiddenKey(key)) {
    throw new AppError(
      'invalid_request',
      `the request body has a property named '${key}', which is never accepted; remove it`,
      { issues: [{ path: key, message: 'is a forbidden property name' }] },
    );
  }
  return value;
}

/**
 * False only when no key of `text` can be a forbidden name: none is spelt out and there is no escape
 * (`"\u005f_proto__"`) that could spell one. Then the reviver, a call per key, is not needed.
 */
const mayNameForbiddenKey = (text: string): boolean =>
  text.includes('\\') || FORBIDDEN_KEY_NAMES.some((name) => text.includes(name));

/** Request ids: a random per-process prefix and a counter — unique, cheap, unguessable enough for logs. */
function requestIds() {
  const prefix = randomBytes(6).toString('base64url');
  let counter = 0;
  return () => `req_${prefix}${(counter++).toString(36)}`;
}

/**
 * Builds the Fastify app: request ids, auth, SPEC 2.1 errors, Cache-Control, metrics, OpenAPI.
 *
 * @example
 * const app = await buildApp({ logger, store, auth, auditLog, metrics, rateLimitPerMinute: 0, routes });
 * await app.listen({ port: 7300 });
 */
export async function buildApp(options: AppOptions): Promise<App> {
  const app = Fastify({
    loggerInstance: options.logger,
    logController: new RequestLogController(options.metrics),
    childLoggerFactory: lazyChildLogger,
    genReqId: requestIds(),
    requestIdHeader: false,
    bodyLimit: 1024 * 1024,
    return503OnClosing: true,
    forceCloseConnections: false,
    // Errors raised before routing (a malformed URL, a bad Content-Type header) get the SPEC body too.
    frameworkErrors: (error, request, rawReply) => {
      (rawReply as unknown as import('fastify').FastifyReply)
        .code(400)
        .header('x-request-id', request.id)
        .header('cache-control', 'no-store')
        .send({
          error: {
            code: 'invalid_request',
            message: `the request is malformed (${error.message}); check the URL and headers`,
          },
          request_id: request.id,
        });
    },
    schemaController: {
      compilersFactory: { buildValidator: buildValidator as never },
    },
  }).withTypeProvider<TypeBoxTypeProvider>() as unknown as App;

  // An empty JSON body (POST …/revoke with Content-Type: application/json) means "no body".
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, raw, done) => {
    const text = String(raw);
    if (text.trim() === '') return done(null, undefined);
    let parsed: unknown;
    try {
      parsed = mayNameForbiddenKey(text) ? JSON.parse(text, refuseForbiddenKeys) : JSON.parse(text);
    } catch (cause) {
      if (isAppError(cause)) return done(cause, undefined);
      const error = Object.assign(new Error('invalid JSON'), {
        statusCode: 400,
        code: 'FST_ERR_CTP_INVALID_JSON_BODY',
      });
      return done(error, undefined);
    }
    done(null, parsed);
  });

  app.addSchema(ErrorResponse);
  const anonymous = createAnonymousDenials({
    record: (draft) => options.auditLog.record(draft),
    perMinute: options.anonymousRateLimitPerMinute ?? 0,
  });
  app.addHook('onClose', async () => anonymous.close());
  registerErrorHandler(app, {
    allowedMethods: registerAllowedMethods(app),
    async onDenied(request, error) {
      const workspaceId = request.principal?.workspaceId ?? (await options.defaultWorkspaceId?.());
      if (!workspaceId) return;
      const route = request.routeOptions.url ?? request.url.split('?')[0] ?? '';
      if (!request.principal) {
        // one event per source and minute, with a count (SPEC 7)
        const source = request.ip;
        await anonymous.note({ workspaceId, source, route, code: error.code, requestId: request.id });
        return;
      }
      const actor = { principal: request.principal, requestId: request.id };
      await options.auditLog.record({
        ...auditDraft(actor, 'request.denied', null),
        outcome: 'denied',
        details: { method: request.method, route, code: error.code },
      });
    },
  });

  // Every answer names its request, and no API answer is cached. Set by each route's handler (errors
  // get them from sendError): an onRequest hook would cost every request a hook run.
  app.addHook('onRoute', (route) => {
    const handler = route.handler;
    const api = route.url.startsWith('/v1/');
    route.handler = function (this: unknown, request, reply) {
      reply.header('x-request-id', request.id);
      if (api) reply.header('cache-control', 'no-store');
      return handler.call(this as never, request, reply);
    };
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Patchbay API',
        version: API_VERSION,
        description:
          'Named connections with encrypted secrets, validated and handed to code with per-call overrides.',
      },
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'pb_… API token' } },
      },
      security: [{ bearer: [] }],
    },
    refResolver: { buildLocalReference: (json, _base, _fragment, i) => String(json.$id ?? `def-${i}`) },
    // Any operation can fail with the SPEC 2.1 body; documented once, as each operation's default response.
    transform: ({ schema, url }) => ({
      url,
      schema:
        schema && !schema.hide
          ? { ...schema, response: { ...(schema.response as object), default: ERROR_DOC } }
          : schema,
    }),
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });

  registerAuth(app, {
    auth: options.auth,
    rateLimitPerMinute: options.rateLimitPerMinute,
    sessions: options.sessions,
    allowAnonymous: (request) => anonymous.allow(request.ip),
  });

  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
    try {
      await options.store.ping();
      return { status: 'ready' };
    } catch {
      return reply.code(503).send({ status: 'unavailable', reason: 'the store is not reachable' });
    }
  });
  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) =>
    reply.type(options.metrics.contentType).send(await options.metrics.render()),
  );
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(async (scope) => options.routes(scope as App));
  return app;
}
