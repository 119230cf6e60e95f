package dev.patchbay.sdk.model;

import java.time.Instant;

/**
 * An API token. {@code token} (the secret) is only set in the answer of create; {@link #toString()}
 * never shows it.
 */
public record Token(
    String id,
    String name,
    Role role,
    Boolean reveal,
    Instant createdAt,
    Instant expiresAt,
    Instant revokedAt,
    String token) {
  @Override
  public String toString() {
    return "Token[id=" + id + ", name=" + name + ", role=" + role + ", reveal=" + reveal
        + ", createdAt=" + createdAt + ", expiresAt=" + expiresAt + ", revokedAt=" + revokedAt
        + ", token=" + (token == null ? "null" : "***") + "]";
  }
}
