package dev.patchbay.sdk.errors;

import java.util.Map;

/** {@code vault_secret_not_found}: the attached Vault path holds no secret. */
public class VaultSecretNotFoundException extends NotFoundException {
  private static final long serialVersionUID = 1L;

  public VaultSecretNotFoundException(int status, String code, String message, String requestId, Map<String, Object> details) {
    super(status, code, message, requestId, details);
  }
}
