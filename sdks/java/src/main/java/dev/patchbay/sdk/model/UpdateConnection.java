package dev.patchbay.sdk.model;

import java.util.List;
import java.util.Map;

/**
 * What {@code connectionsService().update} sends: metadata to replace and {@code value} as a JSON
 * merge patch (RFC 7396: a key mapped to null removes it). Null fields are left out.
 */
public record UpdateConnection(
    String displayName, String description, List<String> scopes, Map<String, Object> value) {

  /** An empty patch to build on. */
  public static UpdateConnection patch() {
    return new UpdateConnection(null, null, null, null);
  }

  public UpdateConnection withDisplayName(String displayName) {
    return new UpdateConnection(displayName, description, scopes, value);
  }

  public UpdateConnection withDescription(String description) {
    return new UpdateConnection(displayName, description, scopes, value);
  }

  public UpdateConnection withScopes(List<String> scopes) {
    return new UpdateConnection(displayName, description, scopes, value);
  }

  public UpdateConnection withValue(Map<String, Object> value) {
    return new UpdateConnection(displayName, description, scopes, value);
  }
}
