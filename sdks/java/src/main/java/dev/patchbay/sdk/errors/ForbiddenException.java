package dev.patchbay.sdk.errors;

import java.util.Map;

/** 403 {@code forbidden}: the token's role does not allow the call. */
public class ForbiddenException extends PatchbayException {
  private static final long serialVersionUID = 1L;

  public ForbiddenException(int status, String code, String message, String requestId, Map<String, Object> details) {
    super(status, code, message, requestId, details);
  }
}
