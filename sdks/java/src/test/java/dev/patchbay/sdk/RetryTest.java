package dev.patchbay.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.patchbay.sdk.StubServer.Response;
import dev.patchbay.sdk.errors.InternalErrorException;
import dev.patchbay.sdk.errors.RateLimitedException;
import dev.patchbay.sdk.errors.VaultErrorException;
import dev.patchbay.sdk.model.CreateConnection;
import dev.patchbay.sdk.model.UpdateConnection;
import java.io.IOException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RetryTest {
  private static final String CONNECTION = "{\"tag\":\"library\",\"type\":\"git\",\"version\":3}";
  private static final Response RATE_LIMITED = Response.error(429, "rate_limited", "slow down");
  private static final Response VAULT_DOWN = Response.error(502, "vault_error", "vault unreachable");

  private final List<Duration> waits = new CopyOnWriteArrayList<>();
  private StubServer stub;
  private PatchbayClient client;

  @BeforeEach
  void start() throws IOException {
    stub = new StubServer();
    client = PatchbayClient.builder().baseUrl(stub.url()).token("pb_t").maxRetries(2)
        .retryBaseDelay(Duration.ofMillis(100)).maxRetryDelay(Duration.ofSeconds(20)).sleeper(waits::add).build();
  }

  @org.junit.jupiter.api.AfterEach
  void stop() {
    stub.close();
  }

  @Test
  void aGetWaitsWhatRetryAfterSaysThenSucceeds() {
    stub.respond(RATE_LIMITED.withHeader("Retry-After", "3"), Response.json(200, CONNECTION));
    assertEquals("library", client.connectionsService().get("library").tag());
    assertEquals(2, stub.requests().size());
    assertEquals(List.of(Duration.ofSeconds(3)), waits);
  }

  @Test
  void retryAfterAsAnHttpDateIsHonouredAndCapped() {
    String inAnHour = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusHours(1));
    stub.respond(RATE_LIMITED.withHeader("Retry-After", inAnHour), Response.json(200, CONNECTION));
    client.connectionsService().get("library");
    assertEquals(List.of(Duration.ofSeconds(20)), waits, "an hour is capped at maxRetryDelay");
  }

  @Test
  void aPutRetries502WithGrowingBackoff() {
    stub.respond(VAULT_DOWN, VAULT_DOWN, Response.json(200, CONNECTION));
    client.connectionsService().attachVault("library", "secret/data/library");
    assertEquals(3, stub.requests().size());
    assertEquals(List.of("PUT", "PUT", "PUT"), stub.requests().stream().map(StubServer.Request::method).toList());
    assertEquals(2, waits.size());
    assertTrue(waits.get(0).toMillis() >= 100 && waits.get(0).toMillis() <= 150, "first backoff " + waits.get(0));
    assertTrue(waits.get(1).toMillis() >= 200 && waits.get(1).toMillis() <= 300, "second backoff " + waits.get(1));
  }

  @Test
  void aDeleteGivesUpAfterMaxRetries() {
    stub.respond(RATE_LIMITED);
    RateLimitedException e = assertThrows(RateLimitedException.class, () -> client.tokensService().delete("tok_1"));
    assertEquals("req-429", e.requestId());
    assertEquals(3, stub.requests().size(), "one call and two retries");
  }

  @Test
  void aPostIsNeverRetried() {
    stub.respond(RATE_LIMITED.withHeader("Retry-After", "0"), Response.json(201, CONNECTION));
    assertThrows(RateLimitedException.class, () -> client.connectionsService().create(CreateConnection.of("library", "git")));
    stub.respond(VAULT_DOWN, Response.json(200, "{}"));
    assertThrows(VaultErrorException.class, () -> client.connectionsService().connect("library"));
    assertEquals(2, stub.requests().size());
    assertEquals(List.of(), waits);
  }

  @Test
  void aPatchIsNeverRetried() {
    stub.respond(VAULT_DOWN, Response.json(200, CONNECTION));
    assertThrows(VaultErrorException.class,
        () -> client.connectionsService().update("library", UpdateConnection.patch().withDescription("d")));
    assertEquals(1, stub.requests().size());
  }

  @Test
  void otherStatusesAreNotRetried() {
    stub.respond(Response.error(500, "internal_error", "boom"), Response.json(200, CONNECTION));
    assertThrows(InternalErrorException.class, () -> client.connectionsService().get("library"));
    assertEquals(1, stub.requests().size());
  }

  @Test
  void zeroMaxRetriesTurnsRetriesOff() {
    PatchbayClient noRetry = PatchbayClient.builder().baseUrl(stub.url()).maxRetries(0).sleeper(waits::add).build();
    stub.respond(RATE_LIMITED, Response.json(200, CONNECTION));
    assertThrows(RateLimitedException.class, () -> noRetry.connectionsService().credentials("library", Map.of()));
    assertEquals(1, stub.requests().size());
  }
}
