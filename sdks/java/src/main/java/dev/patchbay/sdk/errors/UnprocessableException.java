package dev.patchbay.sdk.errors;

import java.util.Map;

/** 422: the inputs were understood but cannot be used. */
public class UnprocessableException extends PatchbayException {
  private static final long serialVersionUID = 1L;

  public UnprocessableException(int status, String code, String message, String requestId, Map<String, Object> details) {
    super(status, code, message, requestId, details);
  }
}
