package dev.patchbay.sdk.errors;

import java.util.Map;

/** {@code component_not_found}: no component with this name. */
public class ComponentNotFoundException extends NotFoundException {
  private static final long serialVersionUID = 1L;

  public ComponentNotFoundException(int status, String code, String message, String requestId, Map<String, Object> details) {
    super(status, code, message, requestId, details);
  }
}
