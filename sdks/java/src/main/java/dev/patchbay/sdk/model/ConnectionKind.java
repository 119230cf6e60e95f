package dev.patchbay.sdk.model;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonValue;

/** Whether a connection is a task connection (resolve/connect) or a cloud account. */
public enum ConnectionKind {
  TASK("task"),
  CLOUD("cloud"),
  /** a kind this SDK version does not know yet */
  @JsonEnumDefaultValue UNKNOWN("unknown");

  private final String wire;

  ConnectionKind(String wire) {
    this.wire = wire;
  }

  @JsonValue
  public String wire() {
    return wire;
  }
}
