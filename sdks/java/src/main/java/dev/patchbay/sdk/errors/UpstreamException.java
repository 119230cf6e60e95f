package dev.patchbay.sdk.errors;

import java.util.Map;

/** 502: a system behind Patchbay (Vault) failed (`details.reason`). */
public class UpstreamException extends PatchbayException {
  private static final long serialVersionUID = 1L;

  public UpstreamException(int status, String code, String message, String requestId, Map<String, Object> details) {
    super(status, code, message, requestId, details);
  }
}
