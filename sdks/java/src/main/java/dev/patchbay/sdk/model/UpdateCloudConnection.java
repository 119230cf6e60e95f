package dev.patchbay.sdk.model;

import java.util.List;

/** Metadata a cloud connection's update may change; tag and provider are fixed, the status is kept. */
public record UpdateCloudConnection(String displayName, String description, List<String> scopes) {

  public static UpdateCloudConnection patch() {
    return new UpdateCloudConnection(null, null, null);
  }

  public UpdateCloudConnection withDisplayName(String displayName) {
    return new UpdateCloudConnection(displayName, description, scopes);
  }

  public UpdateCloudConnection withDescription(String description) {
    return new UpdateCloudConnection(displayName, description, scopes);
  }

  public UpdateCloudConnection withScopes(List<String> scopes) {
    return new UpdateCloudConnection(displayName, description, scopes);
  }
}
