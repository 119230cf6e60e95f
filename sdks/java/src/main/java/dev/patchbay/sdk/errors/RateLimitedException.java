package dev.patchbay.sdk.errors;

import java.util.Map;

/** 429 {@code rate_limited}: too many requests for this token; wait and retry. */
public class RateLimitedException extends PatchbayException {
  private static final long serialVersionUID = 1L;

  public RateLimitedException(int status, String code, String message, String requestId, Map<String, Object> details) {
    super(status, code, message, requestId, details);
  }
}
