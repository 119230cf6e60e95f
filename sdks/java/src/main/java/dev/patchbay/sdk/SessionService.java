package dev.patchbay.sdk;

import dev.patchbay.sdk.model.Session;
import java.util.Map;

/** {@code client.sessionService()}: who is calling, and the workbench's cookie sign-in/out. */
public final class SessionService {
  private final Transport transport;

  SessionService(Transport transport) {
    this.transport = transport;
  }

  /** The calling token's workspace, name and role. */
  public Session whoami() {
    return transport.send(Call.of("GET", "/v1/session"), Session.class);
  }

  /** Exchanges a token for the workbench's session cookie (browsers; rarely useful from Java). */
  public Session signIn(String token) {
    return transport.send(Call.of("POST", "/v1/session").body(Map.of("token", token)), Session.class);
  }

  /** Ends the cookie session. */
  public void signOut() {
    transport.send(Call.of("DELETE", "/v1/session"), Void.class);
  }
}
