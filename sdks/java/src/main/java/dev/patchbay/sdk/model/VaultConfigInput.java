package dev.patchbay.sdk.model;

/**
 * The Vault integration to configure. The secret parts of {@code auth} are write-only: a null token
 * or secret id keeps the stored one.
 */
public record VaultConfigInput(
    String address,
    VaultAuth auth,
    String namespace,
    String mount,
    Integer kvVersion,
    String caCert,
    Integer cacheTtlSeconds,
    Integer timeoutMs) {

  public static VaultConfigInput of(String address, VaultAuth auth) {
    return new VaultConfigInput(address, auth, null, null, null, null, null, null);
  }

  public VaultConfigInput withMount(String mount) {
    return new VaultConfigInput(address, auth, namespace, mount, kvVersion, caCert, cacheTtlSeconds, timeoutMs);
  }

  public VaultConfigInput withNamespace(String namespace) {
    return new VaultConfigInput(address, auth, namespace, mount, kvVersion, caCert, cacheTtlSeconds, timeoutMs);
  }

  public VaultConfigInput withKvVersion(Integer kvVersion) {
    return new VaultConfigInput(address, auth, namespace, mount, kvVersion, caCert, cacheTtlSeconds, timeoutMs);
  }

  public VaultConfigInput withTimeoutMs(Integer timeoutMs) {
    return new VaultConfigInput(address, auth, namespace, mount, kvVersion, caCert, cacheTtlSeconds, timeoutMs);
  }
}
