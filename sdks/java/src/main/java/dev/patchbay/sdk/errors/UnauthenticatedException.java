package dev.patchbay.sdk.errors;

import java.util.Map;

/** 401 {@code unauthenticated}: no token, or an unknown, revoked or expired one. */
public class UnauthenticatedException extends PatchbayException {
  private static final long serialVersionUID = 1L;

  public UnauthenticatedException(int status, String code, String message, String requestId, Map<String, Object> details) {
    super(status, code, message, requestId, details);
  }
}
