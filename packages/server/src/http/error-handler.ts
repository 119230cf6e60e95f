import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type ErrorCode, type Issue, isAppError } from '../domain/errors.js';
import { type AllowedMethods, methodNotAllowed } from './allowed-methods.js';

const sendError = (reply: FastifyReply, request: FastifyRequest, error: AppError) =>
  reply
    .code(error.status)
    .header('x-request-id', request.id)
    .header('cache-control', 'no-store')
    .send({
      error: {
        code: error.code,
        message: error.message,
        ...(error.details ? { details: error.details } : {}),
      },
      request_id: request.id,
    });

function validationIssues(error: FastifyError): Issue[] {
  return (error.validation ?? []).map((v) => {
    const path = (v.instancePath || '').replace(/^\//, '').replaceAll('/', '.');
    if (v.keyword === 'additionalProperties') {
      const extra = String((v.params as { additionalProperty?: string }).additionalProperty);
      return { path: path ? `${path}.${extra}` : extra, message: 'is not a known property' };
    }
    return { path: path || '(body)', message: v.message ?? 'is invalid' };
  });
}

/** Whether the route's body takes per-call `inputs` (resolve, connect, …). */
const bodyTakesInputs = (request: FastifyRequest): boolean => {
  const body = request.routeOptions.schema?.body as { properties?: Record<string, unknown> } | undefined;
  return body?.properties?.inputs !== undefined;
};

/**
 * The likeliest mistake behind unknown top-level properties of a body that takes `inputs`: the
 * inputs sent beside it (`{"ref":"v2"}` for `{"inputs":{"ref":"v2"}}`).
 */
function inputsHint(error: FastifyError, takesInputs: boolean): string {
  if (!takesInputs || (error.validationContext ?? 'body') !== 'body') return '';
  const unknown = (error.validation ?? []).flatMap((v) =>
    v.keyword === 'additionalProperties' && !v.instancePath
      ? [String((v.params as { additionalProperty?: string }).additionalProperty)]
      : [],
  );
  if (unknown.length === 0) return '';
  const example = unknown.map((name) => `${JSON.stringify(name)}:…`).join(',');
  return `; per-call inputs go inside "inputs", as in {"inputs":{${example}}}`;
}

/** Maps Fastify's own request errors (bad JSON, wrong content type, schema) to `invalid_request`. */
function fromFastify(error: FastifyError, takesInputs = false): AppError | undefined {
  if (error.validation) {
    const issues = validationIssues(error);
    const where = error.validationContext ?? 'body';
    return new AppError(
      'invalid_request',
      `the request ${where} is invalid: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}${inputsHint(error, takesInputs)}; see /docs for the schema`,
      { issues },
    );
  }
  const messages: Record<string, string> = {
    FST_ERR_CTP_INVALID_JSON_BODY: 'the request body is not valid JSON; send a JSON object',
    FST_ERR_CTP_EMPTY_JSON_BODY: 'the request body is empty; send a JSON object',
    FST_ERR_CTP_BODY_TOO_LARGE: 'the request body is too large (limit 1 MiB)',
    FST_ERR_CTP_INVALID_MEDIA_TYPE: 'send the body as JSON with Content-Type: application/json',
    FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'the Content-Length header does not match the body',
  };
  const message = error.code ? messages[error.code] : undefined;
  if (message) return new AppError('invalid_request', message, { issues: [{ path: '(body)', message }] });
  if (error instanceof SyntaxError)
    return new AppError('invalid_request', 'the request body is not valid JSON');
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    return new AppError(
      'invalid_request',
      `the request is invalid (${error.code ?? error.statusCode}); see /docs`,
    );
  }
  return undefined;
}

export interface ErrorHandlerHooks {
  /** called for 401 and 403 answers, so denied requests reach the audit log */
  onDenied?(request: FastifyRequest, error: AppError): Promise<void>;
  /** for a request that matched no route: the methods its path has, when it is a known one (405) */
  allowedMethods?: AllowedMethods;
}

/** The one place where errors become SPEC 2.1 bodies. Anything unexpected is a logged 500. */
export function registerErrorHandler(app: FastifyInstance, hooks: ErrorHandlerHooks = {}) {
  /** A request that matched no route but whose path is known: the 405 with its Allow header. */
  const refuseMethod = (request: FastifyRequest, reply: FastifyReply) => {
    const allow = hooks.allowedMethods?.(request);
    return allow === undefined
      ? undefined
      : sendError(reply.header('allow', allow), request, methodNotAllowed(request, allow));
  };
  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    // an unmatched request can fail in body parsing first (QUERY without a Content-Type)
    if (request.is404) {
      const refused = refuseMethod(request, reply);
      if (refused) return refused;
    }
    const known = isAppError(error) ? error : fromFastify(error, bodyTakesInputs(request));
    if (known) {
      if (known.status === 401 || known.status === 403)
        await hooks.onDenied?.(request, known).catch(() => {});
      return sendError(reply, request, known);
    }
    request.log.error({ err: error, request_id: request.id }, 'unhandled error');
    return sendError(
      reply,
      request,
      new AppError(
        'internal_error',
        `something went wrong on the server; the log has the cause under request ${request.id}`,
      ),
    );
  });

  app.setNotFoundHandler((request, reply) => {
    const refused = refuseMethod(request, reply);
    if (refused) return refused;
    return sendError(
      reply,
      request,
      new AppError(
        'not_found',
        `no route ${request.method} ${request.url.split('?')[0]}; see /docs for the API`,
      ),
    );
  });
}

export const httpError = (code: ErrorCode, message: string, details?: Record<string, unknown>) =>
  new AppError(code, message, details);
