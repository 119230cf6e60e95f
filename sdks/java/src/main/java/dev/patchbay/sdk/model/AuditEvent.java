package dev.patchbay.sdk.model;

import java.time.Instant;
import java.util.Map;

/** One entry of the hash-chained audit log. */
public record AuditEvent(
    String id,
    Long seq,
    Instant at,
    String actor,
    String action,
    String tag,
    String outcome,
    String requestId,
    Map<String, Object> details,
    String prevHash,
    String hash) {}
