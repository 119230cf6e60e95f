package dev.patchbay.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.patchbay.sdk.StubServer.Response;
import dev.patchbay.sdk.errors.ConflictException;
import dev.patchbay.sdk.errors.ConnectionNotFoundException;
import dev.patchbay.sdk.errors.ErrorMapper;
import dev.patchbay.sdk.errors.MissingInputException;
import dev.patchbay.sdk.errors.NetworkException;
import dev.patchbay.sdk.errors.NotFoundException;
import dev.patchbay.sdk.errors.PatchbayException;
import dev.patchbay.sdk.errors.PatchbayTimeoutException;
import dev.patchbay.sdk.errors.ServerException;
import dev.patchbay.sdk.errors.UnprocessableException;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ErrorsTest {
  /** The server's table of SPEC 2.1 codes, so a code added there fails here until the SDK maps it. */
  private static final Path SERVER_CODES = Path.of("../../packages/server/src/domain/errors.ts");

  @Test
  void notFoundCarriesStatusCodeMessageRequestIdAndDetails() throws IOException {
    try (StubServer stub = new StubServer()) {
      stub.respond(Response.json(404, "{\"error\":{\"code\":\"connection_not_found\",\"message\":\"connection 'nope' does not exist\","
          + "\"details\":{\"tag\":\"nope\"}},\"request_id\":\"req-abc\"}"));
      PatchbayClient client = PatchbayClient.builder().baseUrl(stub.url()).token("pb_test").build();
      ConnectionNotFoundException e = assertThrows(ConnectionNotFoundException.class,
          () -> client.connectionsService().get("nope"));
      System.out.println("error case: " + e);
      assertInstanceOf(NotFoundException.class, e);
      assertEquals(404, e.status());
      assertEquals("connection_not_found", e.code());
      assertEquals("connection 'nope' does not exist", e.getMessage());
      assertEquals("req-abc", e.requestId());
      assertEquals(Map.of("tag", "nope"), e.details());
    }
  }

  @Test
  void missingInputKeepsTheFieldsOfItsDetails() throws IOException {
    try (StubServer stub = new StubServer()) {
      stub.respond(Response.json(422, "{\"error\":{\"code\":\"missing_input\",\"message\":\"set repository_url\","
          + "\"details\":{\"fields\":[\"repository_url\"]}},\"request_id\":\"r2\"}"));
      PatchbayClient client = PatchbayClient.builder().baseUrl(stub.url()).build();
      MissingInputException e = assertThrows(MissingInputException.class,
          () -> client.connectionsService().resolve("library"));
      assertInstanceOf(UnprocessableException.class, e);
      assertEquals(List.of("repository_url"), e.details().get("fields"));
    }
  }

  @Test
  void everyCodeOfTheServersTableHasItsOwnExceptionInItsStatusFamily() throws IOException {
    Map<String, Integer> codes = serverCodes();
    assertTrue(codes.size() >= 25, "read " + codes.size() + " codes from " + SERVER_CODES.toAbsolutePath());
    Map<Integer, Class<?>> families = Map.ofEntries(Map.entry(400, dev.patchbay.sdk.errors.BadRequestException.class),
        Map.entry(401, dev.patchbay.sdk.errors.UnauthenticatedException.class),
        Map.entry(403, dev.patchbay.sdk.errors.ForbiddenException.class), Map.entry(404, NotFoundException.class),
        Map.entry(405, dev.patchbay.sdk.errors.MethodNotAllowedException.class), Map.entry(409, ConflictException.class),
        Map.entry(412, dev.patchbay.sdk.errors.PreconditionFailedException.class),
        Map.entry(422, UnprocessableException.class), Map.entry(429, dev.patchbay.sdk.errors.RateLimitedException.class),
        Map.entry(502, dev.patchbay.sdk.errors.UpstreamException.class), Map.entry(500, ServerException.class));
    codes.forEach((code, status) -> {
      assertTrue(ErrorMapper.knowsCode(code), "the SDK maps no exception to " + code);
      PatchbayException e = ErrorMapper.fromResponse(status, code, "m", "r", null);
      assertEquals(camel(code) + "Exception", e.getClass().getSimpleName(), code);
      assertInstanceOf(families.get(status), e, code + " belongs to the " + status + " family");
      assertEquals(status, e.status());
      assertEquals(code, e.code());
    });
  }

  @Test
  void anUnknownCodeFallsBackToItsStatusFamily() {
    PatchbayException e = ErrorMapper.fromResponse(409, "brand_new_conflict", "m", "r", null);
    assertEquals(ConflictException.class, e.getClass());
    assertEquals("brand_new_conflict", e.code());
  }

  @Test
  void aBodyThatIsNotJsonStillGivesATypedError() throws IOException {
    try (StubServer stub = new StubServer()) {
      stub.respond(new Response(503, "upstream sleeping", Map.of("x-request-id", "req-h")));
      PatchbayClient client = PatchbayClient.builder().baseUrl(stub.url()).build();
      ServerException e = assertThrows(ServerException.class, () -> client.typesService().list());
      assertEquals("http_503", e.code());
      assertEquals("req-h", e.requestId());
      assertTrue(e.getMessage().contains("upstream sleeping"), e.getMessage());
    }
  }

  @Test
  void anUnreachableServerIsANetworkException() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    PatchbayClient client = PatchbayClient.builder().baseUrl("http://127.0.0.1:" + port).build();
    NetworkException e = assertThrows(NetworkException.class, () -> client.typesService().list());
    assertEquals(0, e.status());
    assertEquals("network_error", e.code());
    assertTrue(e.getMessage().contains("127.0.0.1:" + port), e.getMessage());
  }

  @Test
  void aSlowAnswerIsATimeout() throws IOException {
    try (StubServer stub = new StubServer()) {
      stub.respondWith(request -> {
        sleepQuietly(Duration.ofMillis(1500));
        return Response.json(200, "{}");
      });
      PatchbayClient client = PatchbayClient.builder().baseUrl(stub.url()).timeout(Duration.ofMillis(200)).build();
      PatchbayTimeoutException e = assertThrows(PatchbayTimeoutException.class, () -> client.typesService().get("git"));
      assertEquals("timeout", e.code());
      assertFalse(e.getMessage().isBlank());
    }
  }

  static Map<String, Integer> serverCodes() throws IOException {
    String source = Files.readString(SERVER_CODES);
    String table = source.substring(source.indexOf("ERROR_STATUS"), source.indexOf("} as const"));
    Map<String, Integer> codes = new LinkedHashMap<>();
    Matcher m = Pattern.compile("(\\w+): (\\d{3})").matcher(table);
    while (m.find()) codes.put(m.group(1), Integer.parseInt(m.group(2)));
    return codes;
  }

  private static String camel(String code) {
    StringBuilder out = new StringBuilder();
    for (String part : code.split("_")) out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
    return out.toString();
  }

  static void sleepQuietly(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
