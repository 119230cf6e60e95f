package dev.patchbay.sdk.errors;

import java.util.Map;

/** {@code internal_error}: the server failed unexpectedly; report the request id. */
public class InternalErrorException extends ServerException {
  private static final long serialVersionUID = 1L;

  public InternalErrorException(int status, String code, String message, String requestId, Map<String, Object> details) {
    super(status, code, message, requestId, details);
  }
}
