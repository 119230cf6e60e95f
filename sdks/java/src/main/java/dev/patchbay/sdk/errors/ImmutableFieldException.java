package dev.patchbay.sdk.errors;

import java.util.Map;

/** {@code immutable_field}: the call tried to change a field that is fixed after create. */
public class ImmutableFieldException extends UnprocessableException {
  private static final long serialVersionUID = 1L;

  public ImmutableFieldException(int status, String code, String message, String requestId, Map<String, Object> details) {
    super(status, code, message, requestId, details);
  }
}
