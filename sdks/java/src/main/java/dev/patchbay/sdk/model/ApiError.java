package dev.patchbay.sdk.model;

import java.util.Map;

/** The error body of SPEC 2.1: {@code {"error": {code, message, details?}, "request_id"}}. */
public record ApiError(Body error, String requestId) {
  /** The inner error object. */
  public record Body(String code, String message, Map<String, Object> details) {}
}
