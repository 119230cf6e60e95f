package dev.patchbay.sdk.errors;

import java.util.Map;

/**
 * 405 {@code method_not_allowed}: the path exists but not with this method; the answer's
 * {@code Allow} header lists the methods it has. Also the family of any later 405 code.
 */
public class MethodNotAllowedException extends PatchbayException {
  private static final long serialVersionUID = 1L;

  public MethodNotAllowedException(int status, String code, String message, String requestId, Map<String, Object> details) {
    super(status, code, message, requestId, details);
  }
}
