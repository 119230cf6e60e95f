package dev.patchbay.sdk.errors;

import java.util.Map;

/** {@code invalid_input}: merged inputs break the type's schema; {@code details.issues} lists them. */
public class InvalidInputException extends UnprocessableException {
  private static final long serialVersionUID = 1L;

  public InvalidInputException(int status, String code, String message, String requestId, Map<String, Object> details) {
    super(status, code, message, requestId, details);
  }
}
