package dev.patchbay.sdk.errors;

import java.util.Map;

/** {@code invalid_scope}: a scope the connection type does not offer. */
public class InvalidScopeException extends UnprocessableException {
  private static final long serialVersionUID = 1L;

  public InvalidScopeException(int status, String code, String message, String requestId, Map<String, Object> details) {
    super(status, code, message, requestId, details);
  }
}
