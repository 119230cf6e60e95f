package dev.patchbay.sdk.errors;

import java.util.Map;

/** {@code scope_not_granted}: the cloud connection was not granted the scope a component needs. */
public class ScopeNotGrantedException extends UnprocessableException {
  private static final long serialVersionUID = 1L;

  public ScopeNotGrantedException(int status, String code, String message, String requestId, Map<String, Object> details) {
    super(status, code, message, requestId, details);
  }
}
