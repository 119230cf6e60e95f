package dev.patchbay.sdk.model;

import java.time.Instant;

/** A tenant. */
public record Workspace(String name, Instant createdAt) {}
