package dev.patchbay.sdk.model;

/** One step of a validation (e.g. {@code sts:AssumeRole}). */
public record Check(String name, Boolean ok, String detail, Double durationMs) {}
