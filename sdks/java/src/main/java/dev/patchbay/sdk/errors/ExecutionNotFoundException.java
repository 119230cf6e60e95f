package dev.patchbay.sdk.errors;

import java.util.Map;

/** {@code execution_not_found}: no execution with this id. */
public class ExecutionNotFoundException extends NotFoundException {
  private static final long serialVersionUID = 1L;

  public ExecutionNotFoundException(int status, String code, String message, String requestId, Map<String, Object> details) {
    super(status, code, message, requestId, details);
  }
}
