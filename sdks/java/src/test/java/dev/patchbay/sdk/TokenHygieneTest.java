package dev.patchbay.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.patchbay.sdk.StubServer.Response;
import dev.patchbay.sdk.errors.PatchbayException;
import dev.patchbay.sdk.model.CreateConnection;
import dev.patchbay.sdk.model.Token;
import dev.patchbay.sdk.model.VaultAuth;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class TokenHygieneTest {
  private static final String CANARY = "pb_canary_7f3a9c1e5d";

  @Test
  void theTokenIsSentButNeverShownInStringsErrorsOrLogs() throws IOException {
    List<String> lines = new CopyOnWriteArrayList<>();
    Logger logger = Logger.getLogger("dev.patchbay.sdk");
    Handler capture = new Handler() {
      @Override
      public void publish(LogRecord record) {
        lines.add(record.getMessage());
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    Level previous = logger.getLevel();
    logger.setLevel(Level.ALL);
    logger.addHandler(capture);
    try (StubServer stub = new StubServer()) {
      // a hostile or buggy server that echoes the Authorization header into its error message
      stub.respondWith(r -> Response.error(r.method().equals("GET") ? 429 : 401, "unauthenticated",
          "token " + r.header("Authorization") + " is unknown"));
      PatchbayClient.Builder builder = PatchbayClient.builder().baseUrl(stub.url()).token(CANARY)
          .sleeper(d -> {}).timeout(Duration.ofSeconds(5));
      PatchbayClient client = builder.build();
      PatchbayException get = assertThrows(PatchbayException.class, () -> client.connectionsService().get("library"));
      PatchbayException post = assertThrows(PatchbayException.class, () -> client.connectionsService().validate("library"));

      assertEquals("Bearer " + CANARY, stub.requests().get(0).header("Authorization"), "positive control: it is sent");
      assertTrue(lines.size() >= 3, "the client logged its requests and retries: " + lines);
      for (String text : List.of(client.toString(), builder.toString(), String.join("\n", lines),
          describe(get), describe(post))) {
        assertFalse(text.contains(CANARY), "token leaked in: " + text);
        assertFalse(text.contains(CANARY.substring(3)), "token part leaked in: " + text);
      }
    } finally {
      logger.removeHandler(capture);
      logger.setLevel(previous);
    }
  }

  @Test
  void modelsWithSecretsHideThemInToString() {
    Token token = new Token("tok_1", "ci", null, false, null, null, null, CANARY);
    assertFalse(token.toString().contains(CANARY), token.toString());
    VaultAuth auth = VaultAuth.appRole("role-1", CANARY);
    assertFalse(auth.toString().contains(CANARY), auth.toString());
    CreateConnection create = CreateConnection.of("api", "http").withSecrets(Map.of("bearer_token", CANARY));
    assertFalse(create.toString().contains(CANARY), create.toString());
    assertTrue(create.toString().contains("bearer_token"), "names stay visible: " + create);
  }

  @Test
  void aMalformedTokenIsRefusedWithoutQuotingIt() {
    for (String bad : List.of(CANARY + "\n", " " + CANARY, CANARY + "\r\nX-Evil: 1", CANARY + "é")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PatchbayClient.builder().token(bad));
      assertFalse(describe(e).contains(CANARY.substring(3)), "token leaked in: " + e);
    }
  }

  private static String describe(Throwable e) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (PrintWriter writer = new PrintWriter(out)) {
      e.printStackTrace(writer);
    }
    return e + "\n" + e.getMessage() + "\n" + out;
  }
}
