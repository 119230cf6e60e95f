package dev.patchbay.sdk.errors;

import java.util.Map;

/** 409: the call conflicts with the current state of a connection. */
public class ConflictException extends PatchbayException {
  private static final long serialVersionUID = 1L;

  public ConflictException(int status, String code, String message, String requestId, Map<String, Object> details) {
    super(status, code, message, requestId, details);
  }
}
