package dev.patchbay.sdk.model;

import java.util.List;

/** The outcome of validate: {@code valid} and the connection's new status, with each check. */
public record Validation(
    Boolean valid, String status, String message, String accountIdentifier, List<Check> checks) {}
