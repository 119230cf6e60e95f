package dev.patchbay.sdk.model;

/** What a check of the Vault integration found. */
public record VaultCheck(
    Boolean reachable,
    Boolean initialized,
    Boolean sealed,
    Boolean authenticated,
    String version,
    String message,
    String reason) {}
