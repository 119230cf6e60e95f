package dev.patchbay.sdk.errors;

import java.util.Map;

/** {@code connection_exists}: a connection with this tag exists already. */
public class ConnectionExistsException extends ConflictException {
  private static final long serialVersionUID = 1L;

  public ConnectionExistsException(int status, String code, String message, String requestId, Map<String, Object> details) {
    super(status, code, message, requestId, details);
  }
}
