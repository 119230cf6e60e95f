/**
 * Errors of the Patchbay API (SPEC 2.1), one class per HTTP status so callers can `instanceof` them;
 * `code` is the snake_case error code (`connection_not_found`, `missing_input` …).
 */

/** Fields shared by every error the SDK throws. */
export interface PatchbayErrorInit {
  status: number;
  code: string;
  details?: Record<string, unknown>;
  requestId?: string;
  cause?: unknown;
}

/**
 * Any failure of a Patchbay call: an API error (`status` ≥ 400) or, with `status` 0 and code
 * `network_error`, a server that could not be reached.
 *
 * @example
 * try {
 *   await client.connections.get('library');
 * } catch (error) {
 *   if (error instanceof PatchbayError) console.error(error.code, error.message, error.requestId);
 * }
 */
export class PatchbayError extends Error {
  override name = 'PatchbayError';
  /** HTTP status; 0 when no answer arrived */
  readonly status: number;
  /** SPEC 2.1 error code, e.g. `connection_not_found` */
  readonly code: string;
  /** e.g. `{ fields: [...] }` for `missing_input`, `{ issues: [...] }` for `invalid_request` */
  readonly details: Record<string, unknown> | undefined;
  /** the server's request id, to find the cause in its log */
  readonly requestId: string | undefined;

  constructor(message: string, init: PatchbayErrorInit) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.status = init.status;
    this.code = init.code;
    this.details = init.details;
    this.requestId = init.requestId;
  }

  /**
   * The error for an API answer: picks the class by `status` and reads `{error: {code, message,
   * details}, request_id}`; a body of another shape still gives a useful error.
   *
   * @example
   * const error = PatchbayError.from({ error: { code: 'connection_not_found', message: 'no such connection' }, request_id: 'r1' }, 404);
   * error instanceof NotFoundError; // true
   */
  static from(body: unknown, status: number): PatchbayError {
    const envelope = isRecord(body) && isRecord(body.error) ? body.error : undefined;
    const code = typeof envelope?.code === 'string' ? envelope.code : `http_${status}`;
    const message =
      typeof envelope?.message === 'string'
        ? envelope.message
        : `the server answered HTTP ${status}${typeof body === 'string' && body ? `: ${body.slice(0, 200)}` : ''}`;
    const init: PatchbayErrorInit = {
      status,
      code,
      details: isRecord(envelope?.details) ? envelope.details : undefined,
      requestId: isRecord(body) && typeof body.request_id === 'string' ? body.request_id : undefined,
    };
    const ErrorClass = errorClassFor(status);
    return new ErrorClass(message, init);
  }
}

/**
 * 400 `invalid_request`: malformed JSON, schema violation or unknown property (`details.issues`).
 *
 * @example
 * if (error instanceof BadRequestError) console.error(error.details?.issues);
 */
export class BadRequestError extends PatchbayError {
  override name = 'BadRequestError';
}

/**
 * 401 `unauthenticated`: no token, or an unknown, revoked or expired one.
 *
 * @example
 * if (error instanceof UnauthenticatedError) console.error('set PATCHBAY_TOKEN');
 */
export class UnauthenticatedError extends PatchbayError {
  override name = 'UnauthenticatedError';
}

/**
 * 403 `forbidden` or `override_forbidden`: the token's role does not allow the call.
 *
 * @example
 * if (error instanceof ForbiddenError && error.code === 'override_forbidden') console.error('ask an editor');
 */
export class ForbiddenError extends PatchbayError {
  override name = 'ForbiddenError';
}

/**
 * 404 `connection_not_found`, `type_not_found`, `component_not_found`, `execution_not_found`,
 * `vault_secret_not_found`, `not_found`.
 *
 * @example
 * const existing = await client.connections.get('library').catch((e) => (e instanceof NotFoundError ? null : Promise.reject(e)));
 */
export class NotFoundError extends PatchbayError {
  override name = 'NotFoundError';
}

/**
 * 405 `method_not_allowed`: the path exists but not with this method; the answer's `Allow` header
 * lists the methods it has.
 *
 * @example
 * if (error instanceof MethodNotAllowedError) console.error('this SDK and the server disagree on a route; update one');
 */
export class MethodNotAllowedError extends PatchbayError {
  override name = 'MethodNotAllowedError';
}

/**
 * 409 `connection_exists`, `connection_in_use`, `connection_revoked`, `connection_not_active`,
 * `vault_not_configured`.
 *
 * @example
 * if (error instanceof ConflictError && error.code === 'connection_in_use') await client.connections.delete(tag, { force: true });
 */
export class ConflictError extends PatchbayError {
  override name = 'ConflictError';
}

/**
 * 412 `version_mismatch`: the connection changed since the version given in `ifMatch`.
 *
 * @example
 * if (error instanceof PreconditionFailedError) console.error('someone else changed it; fetch and retry');
 */
export class PreconditionFailedError extends PatchbayError {
  override name = 'PreconditionFailedError';
}

/**
 * 422 `invalid_input`, `missing_input` (`details.fields`), `immutable_field`, `invalid_scope`,
 * `scope_not_granted`, `vault_key_missing`.
 *
 * @example
 * if (error instanceof UnprocessableError && error.code === 'missing_input') console.error(error.details?.fields);
 */
export class UnprocessableError extends PatchbayError {
  override name = 'UnprocessableError';
}

/**
 * 429 `rate_limited`: too many requests for this token; wait and retry.
 *
 * @example
 * if (error instanceof RateLimitedError) await new Promise((r) => setTimeout(r, 1000));
 */
export class RateLimitedError extends PatchbayError {
  override name = 'RateLimitedError';
}

/**
 * 502 `vault_error`: Vault was unreachable, sealed, refused the credentials or answered badly
 * (`details.reason`).
 *
 * @example
 * if (error instanceof UpstreamError) console.error('Vault:', error.details?.reason);
 */
export class UpstreamError extends PatchbayError {
  override name = 'UpstreamError';
}

/**
 * Other 5xx (`internal_error`): the server's log has the cause under `requestId`.
 *
 * @example
 * if (error instanceof ServerError) console.error(`report request ${error.requestId}`);
 */
export class ServerError extends PatchbayError {
  override name = 'ServerError';
}

const BY_STATUS: Record<number, typeof PatchbayError> = {
  400: BadRequestError,
  401: UnauthenticatedError,
  403: ForbiddenError,
  404: NotFoundError,
  405: MethodNotAllowedError,
  409: ConflictError,
  412: PreconditionFailedError,
  422: UnprocessableError,
  429: RateLimitedError,
  502: UpstreamError,
};

function errorClassFor(status: number): typeof PatchbayError {
  return BY_STATUS[status] ?? (status >= 500 ? ServerError : PatchbayError);
}

/**
 * The error for a request that got no answer: names the URL and what to check.
 *
 * @example
 * throw networkError('http://127.0.0.1:7300/v1/connections', new TypeError('fetch failed'));
 */
export function networkError(url: string, cause: unknown): PatchbayError {
  const reason = describeCause(cause);
  return new PatchbayError(
    `could not reach Patchbay at ${url}${reason ? ` (${reason})` : ''}; check that the server is running ` +
      'and that the base URL (PATCHBAY_URL or --url) points at it',
    { status: 0, code: 'network_error', cause },
  );
}

function describeCause(cause: unknown): string {
  if (!(cause instanceof Error)) return String(cause ?? '');
  const inner = (cause as { cause?: unknown }).cause;
  const detail = inner instanceof Error ? ((inner as { code?: string }).code ?? inner.message) : undefined;
  return detail ? `${cause.message}: ${detail}` : cause.message;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
