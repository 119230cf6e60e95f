package dev.patchbay.sdk.errors;

import java.util.Map;

/** {@code connection_revoked}: the connection is revoked; restore it first. */
public class ConnectionRevokedException extends ConflictException {
  private static final long serialVersionUID = 1L;

  public ConnectionRevokedException(int status, String code, String message, String requestId, Map<String, Object> details) {
    super(status, code, message, requestId, details);
  }
}
