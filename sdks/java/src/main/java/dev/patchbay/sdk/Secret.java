package dev.patchbay.sdk;

/** Holds the API token so that no string of the client (toString, logs, errors) can show it. */
final class Secret {
  private final String value;

  Secret(String value) {
    this.value = value;
  }

  String reveal() {
    return value;
  }

  /** {@code text} with every occurrence of the secret replaced, for messages built from server output. */
  String scrub(String text) {
    if (text == null || value.isEmpty()) return text;
    return text.replace(value, "***");
  }

  @Override
  public String toString() {
    return "***";
  }
}
