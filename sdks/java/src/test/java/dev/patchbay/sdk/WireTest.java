package dev.patchbay.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.patchbay.sdk.StubServer.Response;
import dev.patchbay.sdk.model.Connection;
import dev.patchbay.sdk.model.ConnectionStatus;
import dev.patchbay.sdk.model.Execution;
import dev.patchbay.sdk.model.ExecutionStatus;
import dev.patchbay.sdk.model.UpdateConnection;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WireTest {
  private final ObjectMapper json = Json.newMapper();

  @Test
  void updateSendsAMergePatchWithNullsAndIfMatch() throws IOException {
    try (StubServer stub = new StubServer()) {
      stub.respond(Response.json(200, "{\"tag\":\"library\",\"status\":\"active\",\"version\":4,\"created_at\":\"2026-01-02T03:04:05.000Z\"}"));
      PatchbayClient client = PatchbayClient.builder().baseUrl(stub.url()).build();
      Map<String, Object> value = new HashMap<>();
      value.put("ref", null);
      value.put("depth", 1);
      Connection updated = client.connectionsService().update("library", UpdateConnection.patch().withValue(value), 3L);
      StubServer.Request sent = stub.requests().get(0);
      assertEquals("PATCH", sent.method());
      assertEquals("\"3\"", sent.header("If-Match"));
      JsonNode body = json.readTree(sent.body());
      assertTrue(body.get("value").has("ref") && body.get("value").get("ref").isNull(), sent.body());
      assertTrue(!body.has("display_name") && !body.has("scopes"), "unset fields are left out: " + sent.body());
      assertEquals(ConnectionStatus.ACTIVE, updated.status());
      assertEquals(4L, updated.version());
      assertEquals("2026-01-02T03:04:05Z", updated.createdAt().toString());
    }
  }

  @Test
  void pathSegmentsAreEncodedAndDeleteSendsForce() throws IOException {
    try (StubServer stub = new StubServer()) {
      stub.respond(new Response(204, null, Map.of()));
      PatchbayClient client = PatchbayClient.builder().baseUrl(stub.url() + "/").build();
      client.connectionsService().delete("a/b c", true);
      assertEquals("/v1/connections/a%2Fb%20c", stub.requests().get(0).path());
      assertEquals("force=true", stub.requests().get(0).query());
      client.connectionsService().delete("plain");
      assertNull(stub.requests().get(1).query());
    }
  }

  @Test
  void connectSendsOverridesAndTheTaskTimeout() throws IOException {
    try (StubServer stub = new StubServer()) {
      stub.respond(Response.json(200, "{\"id\":\"ex_1\",\"status\":\"failed\",\"output_value\":{\"sha\":\"abc\"},"
          + "\"error\":{\"code\":\"task_failed\",\"message\":\"no such ref\"},\"future_field\":1,\"duration_ms\":12}"));
      PatchbayClient client = PatchbayClient.builder().baseUrl(stub.url()).build();
      Execution run = client.connectionsService().connect("library", Map.of("ref", "v2"), Duration.ofSeconds(5));
      JsonNode body = json.readTree(stub.requests().get(0).body());
      assertEquals("v2", body.get("inputs").get("ref").asText());
      assertEquals(5000, body.get("timeout_ms").asInt());
      assertEquals(ExecutionStatus.FAILED, run.status());
      assertEquals(Map.of("sha", "abc"), run.outputValue());
      assertEquals("task_failed", run.error().code());
    }
  }

  @Test
  void attachVaultSendsVersionOnlyWhenPinned() throws IOException {
    try (StubServer stub = new StubServer()) {
      stub.respond(
          Response.json(200, "{\"tag\":\"oracle\",\"vault\":{\"path\":\"secret/data/oracle\",\"version\":3}}"),
          Response.json(200, "{\"tag\":\"oracle\",\"vault\":{\"path\":\"secret/data/oracle\"}}"));
      PatchbayClient client = PatchbayClient.builder().baseUrl(stub.url()).build();
      Connection pinned = client.connectionsService().attachVault("oracle", "secret/data/oracle", 3);
      Connection latest = client.connectionsService().attachVault("oracle", "secret/data/oracle");
      StubServer.Request first = stub.requests().get(0);
      assertEquals("PUT", first.method());
      assertEquals("/v1/connections/oracle/vault", first.path());
      assertEquals(json.readTree("{\"path\":\"secret/data/oracle\",\"version\":3}"), json.readTree(first.body()));
      assertEquals(json.readTree("{\"path\":\"secret/data/oracle\"}"), json.readTree(stub.requests().get(1).body()));
      assertEquals(3, pinned.vault().version());
      assertNull(latest.vault().version());
    }
  }

  @Test
  void vaultGetIsEmptyBeforeConfiguration() throws IOException {
    try (StubServer stub = new StubServer()) {
      stub.respond(Response.json(200, "null"));
      PatchbayClient client = PatchbayClient.builder().baseUrl(stub.url()).build();
      assertTrue(client.vaultService().get().isEmpty());
    }
  }
}
