package dev.patchbay.sdk.model;

import java.time.Instant;
import java.util.Map;

/** The record of one connect call; {@code status} FAILED still arrives as a result, not an exception. */
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
    Long durationMs) {}
