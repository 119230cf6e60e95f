package dev.patchbay.sdk.model;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonValue;

/** SPEC 1.1: pending → unverified → active / error; revoked when switched off. */
public enum ConnectionStatus {
  PENDING("pending"),
  UNVERIFIED("unverified"),
  ACTIVE("active"),
  ERROR("error"),
  REVOKED("revoked"),
  /** a status this SDK version does not know yet */
  @JsonEnumDefaultValue UNKNOWN("unknown");

  private final String wire;

  ConnectionStatus(String wire) {
    this.wire = wire;
  }

  @JsonValue
  public String wire() {
    return wire;
  }
}
