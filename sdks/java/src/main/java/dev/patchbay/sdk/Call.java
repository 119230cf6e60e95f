package dev.patchbay.sdk;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** One request of a service: method, path, query, JSON body, If-Match version and a timeout override. */
record Call(String method, String path, Map<String, Object> query, Object body, Long ifMatch, Duration timeout) {

  static Call of(String method, String path) {
    return new Call(method, path, Map.of(), null, null, null);
  }

  Call body(Object body) {
    return new Call(method, path, query, body, ifMatch, timeout);
  }

  /** Adds a query parameter; null values are left out. */
  Call query(String name, Object value) {
    if (value == null) return this;
    Map<String, Object> next = new LinkedHashMap<>(query);
    next.put(name, value);
    return new Call(method, path, next, body, ifMatch, timeout);
  }

  Call ifMatch(Long version) {
    return new Call(method, path, query, body, version, timeout);
  }

  Call timeout(Duration timeout) {
    return new Call(method, path, query, body, ifMatch, timeout);
  }

  /** Only these may be sent twice without changing the outcome (RFC 9110 9.2.2). */
  boolean idempotent() {
    return switch (method) {
      case "GET", "HEAD", "PUT", "DELETE", "OPTIONS" -> true;
      default -> false;
    };
  }

  String pathAndQuery() {
    if (query.isEmpty()) return path;
    return path + "?" + query.entrySet().stream()
        .map(e -> encode(e.getKey()) + "=" + encode(wire(e.getValue())))
        .collect(Collectors.joining("&"));
  }

  /** One path segment, so a tag or id can never add a segment or a query. */
  static String segment(String value) {
    if (value == null || value.isEmpty()) throw new IllegalArgumentException("a path segment must not be empty");
    return encode(value);
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String wire(Object value) {
    if (value instanceof Enum<?> e) return e.name().toLowerCase(java.util.Locale.ROOT);
    return String.valueOf(value);
  }
}
