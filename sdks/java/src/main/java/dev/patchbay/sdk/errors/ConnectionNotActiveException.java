package dev.patchbay.sdk.errors;

import java.util.Map;

/** {@code connection_not_active}: the connection must be validated (active) first. */
public class ConnectionNotActiveException extends ConflictException {
  private static final long serialVersionUID = 1L;

  public ConnectionNotActiveException(int status, String code, String message, String requestId, Map<String, Object> details) {
    super(status, code, message, requestId, details);
  }
}
