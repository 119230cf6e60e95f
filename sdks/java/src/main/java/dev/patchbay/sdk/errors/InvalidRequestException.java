package dev.patchbay.sdk.errors;

import java.util.Map;

/** {@code invalid_request}: malformed JSON, a schema violation or an unknown property; {@code details.issues} lists them. */
public class InvalidRequestException extends BadRequestException {
  private static final long serialVersionUID = 1L;

  public InvalidRequestException(int status, String code, String message, String requestId, Map<String, Object> details) {
    super(status, code, message, requestId, details);
  }
}
