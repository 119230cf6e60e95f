package dev.patchbay.sdk.model;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonValue;

/** The role of an API token, lowest first. */
public enum Role {
  VIEWER("viewer"),
  RUNNER("runner"),
  EDITOR("editor"),
  ADMIN("admin"),
  /** a role this SDK version does not know yet */
  @JsonEnumDefaultValue UNKNOWN("unknown");

  private final String wire;

  Role(String wire) {
    this.wire = wire;
  }

  @JsonValue
  public String wire() {
    return wire;
  }
}
