package dev.patchbay.sdk.errors;

import java.util.Map;

/** 412: a precondition ({@code If-Match}) did not hold. */
public class PreconditionFailedException extends PatchbayException {
  private static final long serialVersionUID = 1L;

  public PreconditionFailedException(int status, String code, String message, String requestId, Map<String, Object> details) {
    super(status, code, message, requestId, details);
  }
}
