package dev.patchbay.sdk.errors;

import java.util.Map;

/** {@code version_mismatch}: the connection changed since the version given as {@code ifMatch}; fetch it and retry. */
public class VersionMismatchException extends PreconditionFailedException {
  private static final long serialVersionUID = 1L;

  public VersionMismatchException(int status, String code, String message, String requestId, Map<String, Object> details) {
    super(status, code, message, requestId, details);
  }
}
