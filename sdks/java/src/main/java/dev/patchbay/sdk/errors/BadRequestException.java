package dev.patchbay.sdk.errors;

import java.util.Map;

/** 400: the request was malformed or broke the schema (`details.issues`). */
public class BadRequestException extends PatchbayException {
  private static final long serialVersionUID = 1L;

  public BadRequestException(int status, String code, String message, String requestId, Map<String, Object> details) {
    super(status, code, message, requestId, details);
  }
}
