package dev.patchbay.sdk.model;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonValue;

/** How a connect call ended. */
public enum ExecutionStatus {
  SUCCEEDED("succeeded"),
  FAILED("failed"),
  /** a status this SDK version does not know yet */
  @JsonEnumDefaultValue UNKNOWN("unknown");

  private final String wire;

  ExecutionStatus(String wire) {
    this.wire = wire;
  }

  @JsonValue
  public String wire() {
    return wire;
  }
}
