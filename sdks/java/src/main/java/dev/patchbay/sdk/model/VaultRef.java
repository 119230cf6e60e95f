package dev.patchbay.sdk.model;

/** The Vault secret attached to a connection; {@code version} is the pinned KV v2 version, null for the latest. */
public record VaultRef(String path, Integer version) {}
