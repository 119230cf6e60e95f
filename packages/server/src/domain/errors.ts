/**
 * The error model of SPEC 2.1: every failure is an {@link AppError} with one of these codes.
 * The table maps each code to its HTTP status once; the HTTP layer only reads it.
 */
export const ERROR_STATUS = {
  invalid_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  override_forbidden: 403,
  connection_not_found: 404,
  type_not_found: 404,
  component_not_found: 404,
  execution_not_found: 404,
  vault_secret_not_found: 404,
  not_found: 404,
  method_not_allowed: 405,
  connection_exists: 409,
  connection_in_use: 409,
  connection_revoked: 409,
  connection_not_active: 409,
  vault_not_configured: 409,
  version_mismatch: 412,
  invalid_input: 422,
  missing_input: 422,
  immutable_field: 422,
  invalid_scope: 422,
  scope_not_granted: 422,
  vault_key_missing: 422,
  rate_limited: 429,
  vault_error: 502,
  internal_error: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** A problem found in a request body or in merged inputs. */
export interface Issue {
  path: string;
  message: string;
}

/**
 * The one error class services throw. `message` must say what to do next and never contain a
 * secret value.
 *
 * @example
 * throw new AppError('connection_not_found', `connection 'library' does not exist; list them with GET /v1/connections`);
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    details?: Record<string, unknown>,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export const isAppError = (error: unknown): error is AppError => error instanceof AppError;

export function connectionNotFound(tag: string): AppError {
  return new AppError(
    'connection_not_found',
    `connection '${tag}' does not exist in this workspace; list connections with GET /v1/connections`,
  );
}
