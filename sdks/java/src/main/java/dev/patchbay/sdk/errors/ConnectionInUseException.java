package dev.patchbay.sdk.errors;

import java.util.Map;

/** {@code connection_in_use}: components are linked; unlink them or delete with {@code force}. */
public class ConnectionInUseException extends ConflictException {
  private static final long serialVersionUID = 1L;

  public ConnectionInUseException(int status, String code, String message, String requestId, Map<String, Object> details) {
    super(status, code, message, requestId, details);
  }
}
