package dev.patchbay.sdk.model;

/** The workspace's Vault integration as the server shows it (secret parts only as *_set flags). */
public record VaultConfig(
    String address,
    String namespace,
    String mount,
    Integer kvVersion,
    String caCert,
    Integer cacheTtlSeconds,
    Integer timeoutMs,
    VaultAuthInfo auth,
    Long version,
    String updatedAt) {}
