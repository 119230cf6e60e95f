package dev.patchbay.sdk.model;

/** The Vault secret attached to a connection. */
public record VaultRef(String path) {}
