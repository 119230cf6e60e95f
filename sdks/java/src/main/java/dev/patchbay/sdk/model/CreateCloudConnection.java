package dev.patchbay.sdk.model;

import java.util.List;

/**
 * What {@code cloudService().createConnection} takes: the provider (the id of one of the server's cloud
 * types, e.g. {@code aws}; {@code typesService().list()} says which types are of kind CLOUD) and a name,
 * which becomes the tag (lower-cased, other characters as {@code _}) and the display name.
 */
public record CreateCloudConnection(
    String provider, String name, List<String> scopes, String displayName, String description) {

  public static CreateCloudConnection of(String provider, String name) {
    return new CreateCloudConnection(provider, name, null, null, null);
  }

  public CreateCloudConnection withScopes(List<String> scopes) {
    return new CreateCloudConnection(provider, name, scopes, displayName, description);
  }

  public CreateCloudConnection withDisplayName(String displayName) {
    return new CreateCloudConnection(provider, name, scopes, displayName, description);
  }

  public CreateCloudConnection withDescription(String description) {
    return new CreateCloudConnection(provider, name, scopes, displayName, description);
  }
}
