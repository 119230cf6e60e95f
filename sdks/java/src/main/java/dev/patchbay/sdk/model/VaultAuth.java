package dev.patchbay.sdk.model;

/** Vault credentials to send: {@link #token(String)} or {@link #appRole(String, String)}. */
public record VaultAuth(String method, String token, String roleId, String secretId) {

  public static VaultAuth token(String token) {
    return new VaultAuth("token", token, null, null);
  }

  public static VaultAuth appRole(String roleId, String secretId) {
    return new VaultAuth("approle", null, roleId, secretId);
  }

  /** The credentials never show in a string. */
  @Override
  public String toString() {
    return "VaultAuth[method=" + method + ", roleId=" + roleId + ", token=" + (token == null ? "null" : "***")
        + ", secretId=" + (secretId == null ? "null" : "***") + "]";
  }
}
