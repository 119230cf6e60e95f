package dev.patchbay.sdk.errors;

import java.util.Map;

/** {@code vault_error}: Vault was unreachable, sealed, refused or answered badly ({@code details.reason}). */
public class VaultErrorException extends UpstreamException {
  private static final long serialVersionUID = 1L;

  public VaultErrorException(int status, String code, String message, String requestId, Map<String, Object> details) {
    super(status, code, message, requestId, details);
  }
}
