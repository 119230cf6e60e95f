package dev.patchbay.sdk.model;

/**
 * A new API token of the caller's workspace; {@code expiresInSeconds} at least 60. {@code role} is
 * the wire name ({@code viewer}, {@code runner}, {@code editor}, {@code admin}); the server rejects
 * others with 400 invalid_request.
 */
public record CreateToken(String name, String role, Boolean reveal, Long expiresInSeconds) {

  public static CreateToken of(String name, Role role) {
    return new CreateToken(name, role.wire(), null, null);
  }

  public CreateToken withReveal(Boolean reveal) {
    return new CreateToken(name, role, reveal, expiresInSeconds);
  }

  public CreateToken withExpiresInSeconds(Long expiresInSeconds) {
    return new CreateToken(name, role, reveal, expiresInSeconds);
  }
}
