package dev.patchbay.sdk.model;

/** Why a task failed. */
public record ExecutionError(String code, String message) {}
