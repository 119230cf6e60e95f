package dev.patchbay.sdk.errors;

import java.util.Map;

/** {@code missing_input}: required inputs are missing; {@code details.fields} names them. */
public class MissingInputException extends UnprocessableException {
  private static final long serialVersionUID = 1L;

  public MissingInputException(int status, String code, String message, String requestId, Map<String, Object> details) {
    super(status, code, message, requestId, details);
  }
}
