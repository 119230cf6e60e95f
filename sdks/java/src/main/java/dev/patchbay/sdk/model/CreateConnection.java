package dev.patchbay.sdk.model;

import java.util.List;
import java.util.Map;

/**
 * What {@code connectionsService().create} takes: tag and type, optional metadata, non-secret
 * {@code value} and write-only {@code secrets}.
 *
 * <pre>{@code
 * CreateConnection.of("library", "git").withValue(Map.of("repository_url", url))
 * }</pre>
 */
public record CreateConnection(
    String tag,
    String type,
    String displayName,
    String description,
    List<String> scopes,
    Map<String, Object> value,
    Map<String, Object> secrets) {

  /** The required parts only. */
  public static CreateConnection of(String tag, String type) {
    return new CreateConnection(tag, type, null, null, null, null, null);
  }

  public CreateConnection withDisplayName(String displayName) {
    return new CreateConnection(tag, type, displayName, description, scopes, value, secrets);
  }

  public CreateConnection withDescription(String description) {
    return new CreateConnection(tag, type, displayName, description, scopes, value, secrets);
  }

  public CreateConnection withScopes(List<String> scopes) {
    return new CreateConnection(tag, type, displayName, description, scopes, value, secrets);
  }

  public CreateConnection withValue(Map<String, Object> value) {
    return new CreateConnection(tag, type, displayName, description, scopes, value, secrets);
  }

  public CreateConnection withSecrets(Map<String, Object> secrets) {
    return new CreateConnection(tag, type, displayName, description, scopes, value, secrets);
  }

  /** Secrets are write-only: their values never show in a string. */
  @Override
  public String toString() {
    return "CreateConnection[tag=" + tag + ", type=" + type + ", displayName=" + displayName
        + ", scopes=" + scopes + ", value=" + value
        + ", secrets=" + (secrets == null ? "null" : secrets.keySet() + " (values hidden)") + "]";
  }
}
