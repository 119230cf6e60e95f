package dev.patchbay.sdk.errors;

/** No answer arrived: the server could not be reached or the connection broke (status 0, code {@code network_error}). */
public class NetworkException extends PatchbayException {
  private static final long serialVersionUID = 1L;

  public NetworkException(String code, String message, Throwable cause) {
    super(0, code, message, null, null, cause);
  }
}
