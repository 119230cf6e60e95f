package dev.patchbay.sdk.model;

/** Filters of the connection list; {@code limit} is the page size (1–500), not a total. */
public record ConnectionQuery(
    String type, ConnectionKind kind, ConnectionStatus status, String q, Integer limit) {

  /** No filter. */
  public static ConnectionQuery all() {
    return new ConnectionQuery(null, null, null, null, null);
  }

  public ConnectionQuery withType(String type) {
    return new ConnectionQuery(type, kind, status, q, limit);
  }

  public ConnectionQuery withKind(ConnectionKind kind) {
    return new ConnectionQuery(type, kind, status, q, limit);
  }

  public ConnectionQuery withStatus(ConnectionStatus status) {
    return new ConnectionQuery(type, kind, status, q, limit);
  }

  public ConnectionQuery withQ(String q) {
    return new ConnectionQuery(type, kind, status, q, limit);
  }

  public ConnectionQuery withLimit(Integer limit) {
    return new ConnectionQuery(type, kind, status, q, limit);
  }
}
