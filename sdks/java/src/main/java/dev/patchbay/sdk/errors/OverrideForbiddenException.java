package dev.patchbay.sdk.errors;

import java.util.Map;

/** {@code override_forbidden}: a token below editor tried to override an input that moves the connection. */
public class OverrideForbiddenException extends ForbiddenException {
  private static final long serialVersionUID = 1L;

  public OverrideForbiddenException(int status, String code, String message, String requestId, Map<String, Object> details) {
    super(status, code, message, requestId, details);
  }
}
