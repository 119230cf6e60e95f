package dev.patchbay.sdk.errors;

import java.util.Map;

/** 404: the named thing does not exist in this workspace ({@code not_found} and the specific codes). */
public class NotFoundException extends PatchbayException {
  private static final long serialVersionUID = 1L;

  public NotFoundException(int status, String code, String message, String requestId, Map<String, Object> details) {
    super(status, code, message, requestId, details);
  }
}
