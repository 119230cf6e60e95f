package dev.patchbay.sdk.errors;

import java.util.Map;

/** {@code vault_not_configured}: the workspace has no Vault integration; configure it first. */
public class VaultNotConfiguredException extends ConflictException {
  private static final long serialVersionUID = 1L;

  public VaultNotConfiguredException(int status, String code, String message, String requestId, Map<String, Object> details) {
    super(status, code, message, requestId, details);
  }
}
