package dev.patchbay.sdk.errors;

import java.util.Map;

/**
 * Any failure of a Patchbay call (unchecked). API errors carry the HTTP status, the SPEC 2.1 code
 * ({@code connection_not_found}, {@code missing_input} …), the server's message, its request id and
 * the error's details; a subclass per status and per code lets callers catch exactly what they handle:
 *
 * <pre>{@code
 * try {
 *   client.connectionsService().get("library");
 * } catch (ConnectionNotFoundException e) {
 *   System.err.println(e.getMessage() + " (request " + e.requestId() + ")");
 * }
 * }</pre>
 */
public class PatchbayException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;
  private final String requestId;
  private final transient Map<String, Object> details;

  public PatchbayException(int status, String code, String message, String requestId, Map<String, Object> details) {
    this(status, code, message, requestId, details, null);
  }

  public PatchbayException(
      int status, String code, String message, String requestId, Map<String, Object> details, Throwable cause) {
    super(message, cause);
    this.status = status;
    this.code = code;
    this.requestId = requestId;
    this.details = details == null ? Map.of() : details;
  }

  /** HTTP status; 0 when no answer arrived. */
  public int status() {
    return status;
  }

  /** SPEC 2.1 error code, e.g. {@code connection_not_found}. */
  public String code() {
    return code;
  }

  /** The server's request id (find the cause in its log); null when no answer arrived. */
  public String requestId() {
    return requestId;
  }

  /** e.g. {@code {fields: [...]}} for missing_input, {@code {issues: [...]}} for invalid_request. */
  public Map<String, Object> details() {
    return details;
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + status + " " + code + "]: " + getMessage()
        + (requestId == null ? "" : " (request " + requestId + ")");
  }
}
