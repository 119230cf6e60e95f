package dev.patchbay.sdk.errors;

import java.util.Map;

/** {@code vault_key_missing}: the Vault secret lacks a key the connection needs. */
public class VaultKeyMissingException extends UnprocessableException {
  private static final long serialVersionUID = 1L;

  public VaultKeyMissingException(int status, String code, String message, String requestId, Map<String, Object> details) {
    super(status, code, message, requestId, details);
  }
}
