package dev.patchbay.sdk.model;

/** The check of the audit hash chain: {@code ok}, how many events, and where it broke if not. */
public record AuditVerification(Boolean ok, Long count, Long seq, String reason) {}
