package dev.patchbay.sdk.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A named connection. {@code value} holds its non-secret inputs; secrets never leave the server here,
 * only their names in {@code secretFields}. {@code setup} is the cloud set-up payload (aws: external
 * id and trust policy).
 */
public record Connection(
    String tag,
    String type,
    ConnectionKind kind,
    String displayName,
    String description,
    List<String> scopes,
    Map<String, Object> value,
    List<String> secretFields,
    VaultRef vault,
    ConnectionStatus status,
    String statusMessage,
    Long version,
    String accountIdentifier,
    Map<String, Object> setup,
    Instant createdAt,
    Instant updatedAt,
    Instant lastValidatedAt,
    List<Check> lastChecks) {}
