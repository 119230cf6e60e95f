package dev.patchbay.sdk.errors;

import java.util.Map;

/** {@code connection_not_found}: no connection with this tag in the token's workspace. */
public class ConnectionNotFoundException extends NotFoundException {
  private static final long serialVersionUID = 1L;

  public ConnectionNotFoundException(int status, String code, String message, String requestId, Map<String, Object> details) {
    super(status, code, message, requestId, details);
  }
}
