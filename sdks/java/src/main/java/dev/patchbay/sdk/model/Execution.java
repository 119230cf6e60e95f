package dev.patchbay.sdk.model;

import java.time.Instant;
import java.util.Map;

/**
 * The record of one connect call; {@code status} FAILED still arrives as a result, not an exception.
 * {@code connectionVersion} is the connection's version the call ran with (null on records made before
 * the server kept it).
 */
public record Execution(
    String id,
    String tag,
    String type,
    ExecutionStatus status,
    Map<String, Object> inputs,
    Object outputValue,
    ExecutionError error,
    Instant startedAt,
    Instant endedAt,
    Long durationMs,
    Long connectionVersion) {}
