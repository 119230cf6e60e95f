package dev.patchbay.sdk.model;

import java.time.Instant;
import java.util.Map;

/** A consumer linked to a cloud connection (a bucket, a database …). */
public record Component(
    String name, String kind, String cloud, String resource, Map<String, Object> config, Instant createdAt) {}
