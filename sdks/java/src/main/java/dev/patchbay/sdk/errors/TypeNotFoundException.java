package dev.patchbay.sdk.errors;

import java.util.Map;

/** {@code type_not_found}: no connection type with this id. */
public class TypeNotFoundException extends NotFoundException {
  private static final long serialVersionUID = 1L;

  public TypeNotFoundException(int status, String code, String message, String requestId, Map<String, Object> details) {
    super(status, code, message, requestId, details);
  }
}
