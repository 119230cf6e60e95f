package dev.patchbay.sdk;

import static dev.patchbay.sdk.Call.segment;

import com.fasterxml.jackson.databind.JavaType;
import dev.patchbay.sdk.model.CreateToken;
import dev.patchbay.sdk.model.Token;
import java.util.List;

/** {@code client.tokensService()}: API tokens of the caller's workspace (admin). */
public final class TokensService {
  private final Transport transport;
  private final JavaType itemsType;

  TokensService(Transport transport) {
    this.transport = transport;
    this.itemsType = Items.type(transport, Token.class);
  }

  /** Creates a token; its secret ({@link Token#token()}) is in this answer only. */
  public Token create(CreateToken input) {
    return transport.send(Call.of("POST", "/v1/tokens").body(input), Token.class);
  }

  /** The workspace's tokens, without secrets. */
  public List<Token> list() {
    Items<Token> items = transport.send(Call.of("GET", "/v1/tokens"), itemsType);
    return Items.of(items);
  }

  /** Revokes and deletes a token. */
  public void delete(String id) {
    transport.send(Call.of("DELETE", "/v1/tokens/" + segment(id)), Void.class);
  }
}
