package dev.patchbay.sdk.errors;

/** The server did not answer within the client's timeout (status 0, code {@code timeout}). */
public class PatchbayTimeoutException extends NetworkException {
  private static final long serialVersionUID = 1L;

  public PatchbayTimeoutException(String message, Throwable cause) {
    super("timeout", message, cause);
  }
}
