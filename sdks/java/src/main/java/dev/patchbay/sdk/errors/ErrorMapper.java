package dev.patchbay.sdk.errors;

import java.util.Map;

/**
 * Picks the exception class of an API error: by SPEC 2.1 code first, then by HTTP status, so a code
 * added to the server later still lands in the right status family.
 */
public final class ErrorMapper {
  @FunctionalInterface
  private interface Factory {
    PatchbayException make(int status, String code, String message, String requestId, Map<String, Object> details);
  }

  /** One entry per SPEC 2.1 code (the server's ERROR_STATUS table). */
  private static final Map<String, Factory> BY_CODE = Map.ofEntries(
      Map.entry("invalid_request", InvalidRequestException::new),
      Map.entry("unauthenticated", UnauthenticatedException::new),
      Map.entry("forbidden", ForbiddenException::new),
      Map.entry("override_forbidden", OverrideForbiddenException::new),
      Map.entry("connection_not_found", ConnectionNotFoundException::new),
      Map.entry("type_not_found", TypeNotFoundException::new),
      Map.entry("component_not_found", ComponentNotFoundException::new),
      Map.entry("execution_not_found", ExecutionNotFoundException::new),
      Map.entry("vault_secret_not_found", VaultSecretNotFoundException::new),
      Map.entry("not_found", NotFoundException::new),
      Map.entry("method_not_allowed", MethodNotAllowedException::new),
      Map.entry("connection_exists", ConnectionExistsException::new),
      Map.entry("connection_in_use", ConnectionInUseException::new),
      Map.entry("connection_revoked", ConnectionRevokedException::new),
      Map.entry("connection_not_active", ConnectionNotActiveException::new),
      Map.entry("vault_not_configured", VaultNotConfiguredException::new),
      Map.entry("version_mismatch", VersionMismatchException::new),
      Map.entry("invalid_input", InvalidInputException::new),
      Map.entry("missing_input", MissingInputException::new),
      Map.entry("immutable_field", ImmutableFieldException::new),
      Map.entry("invalid_scope", InvalidScopeException::new),
      Map.entry("scope_not_granted", ScopeNotGrantedException::new),
      Map.entry("vault_key_missing", VaultKeyMissingException::new),
      Map.entry("rate_limited", RateLimitedException::new),
      Map.entry("vault_error", VaultErrorException::new),
      Map.entry("internal_error", InternalErrorException::new));

  private static final Map<Integer, Factory> BY_STATUS = Map.of(
      400, BadRequestException::new,
      401, UnauthenticatedException::new,
      403, ForbiddenException::new,
      404, NotFoundException::new,
      405, MethodNotAllowedException::new,
      409, ConflictException::new,
      412, PreconditionFailedException::new,
      422, UnprocessableException::new,
      429, RateLimitedException::new,
      502, UpstreamException::new);

  private ErrorMapper() {}

  /** The typed exception for an error answer; {@code code} may be null when the body had none. */
  public static PatchbayException fromResponse(
      int status, String code, String message, String requestId, Map<String, Object> details) {
    String effectiveCode = code == null ? "http_" + status : code;
    Factory factory = code == null ? null : BY_CODE.get(code);
    if (factory == null) factory = BY_STATUS.get(status);
    if (factory == null) factory = status >= 500 ? ServerException::new : PatchbayException::new;
    return factory.make(status, effectiveCode, message, requestId, details);
  }

  /** Whether {@code code} has its own exception class (used by tests against the server's table). */
  public static boolean knowsCode(String code) {
    return BY_CODE.containsKey(code);
  }
}
