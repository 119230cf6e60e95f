package dev.patchbay.sdk.errors;

import java.util.Map;

/** 5xx: the server failed; its log has the cause under {@link #requestId()}. */
public class ServerException extends PatchbayException {
  private static final long serialVersionUID = 1L;

  public ServerException(int status, String code, String message, String requestId, Map<String, Object> details) {
    super(status, code, message, requestId, details);
  }
}
