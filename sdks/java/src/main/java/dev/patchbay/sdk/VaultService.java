package dev.patchbay.sdk;

import dev.patchbay.sdk.model.VaultCheck;
import dev.patchbay.sdk.model.VaultConfig;
import dev.patchbay.sdk.model.VaultConfigInput;
import java.util.Optional;

/** {@code client.vaultService()}: the workspace's Vault integration (admin); secret parts are write-only. */
public final class VaultService {
  private final Transport transport;

  VaultService(Transport transport) {
    this.transport = transport;
  }

  /** The configuration, empty before one is set. */
  public Optional<VaultConfig> get() {
    return Optional.ofNullable(transport.send(Call.of("GET", "/v1/vault"), VaultConfig.class));
  }

  /** Sets the configuration. */
  public VaultConfig configure(VaultConfigInput config) {
    return transport.send(Call.of("PUT", "/v1/vault").body(config), VaultConfig.class);
  }

  /** Signs in to Vault and reports what it found. */
  public VaultCheck check() {
    return transport.send(Call.of("POST", "/v1/vault/check"), VaultCheck.class);
  }
}
