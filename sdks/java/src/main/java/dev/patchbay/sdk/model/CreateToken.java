package dev.patchbay.sdk.model;

/** A new API token of the caller's workspace; {@code expiresInSeconds} at least 60. */
public record CreateToken(String name, Role role, Boolean reveal, Long expiresInSeconds) {

  public static CreateToken of(String name, Role role) {
    return new CreateToken(name, role, null, null);
  }

  public CreateToken withReveal(Boolean reveal) {
    return new CreateToken(name, role, reveal, expiresInSeconds);
  }

  public CreateToken withExpiresInSeconds(Long expiresInSeconds) {
    return new CreateToken(name, role, reveal, expiresInSeconds);
  }
}
