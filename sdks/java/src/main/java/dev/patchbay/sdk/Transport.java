package dev.patchbay.sdk;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.patchbay.sdk.errors.NetworkException;
import dev.patchbay.sdk.errors.PatchbayException;
import dev.patchbay.sdk.errors.PatchbayTimeoutException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * The one transport of the client: JSON in and out, the bearer token, timeouts, retries of
 * idempotent calls on 429/502 (see {@link RetryPolicy}) and every failure as a
 * {@link PatchbayException}. Log lines name method, path, status and request id — never headers.
 */
final class Transport {
  private static final System.Logger LOG = System.getLogger("dev.patchbay.sdk");

  private final String baseUrl;
  private final Secret token;
  private final HttpClient http;
  private final Duration timeout;
  private final RetryPolicy retry;
  private final ObjectMapper mapper;
  private final String userAgent;

  Transport(String baseUrl, Secret token, HttpClient http, Duration timeout, RetryPolicy retry, String userAgent) {
    this.baseUrl = baseUrl;
    this.token = token;
    this.http = http;
    this.timeout = timeout;
    this.retry = retry;
    this.userAgent = userAgent;
    this.mapper = Json.newMapper();
  }

  String baseUrl() {
    return baseUrl;
  }

  ObjectMapper mapper() {
    return mapper;
  }

  <T> T send(Call call, Class<T> type) {
    return send(call, mapper.constructType(type));
  }

  /** Sends the call (again, for idempotent ones, after 429/502) and reads the answer as {@code type}. */
  <T> T send(Call call, JavaType type) {
    HttpRequest request = build(call);
    for (int attempt = 0; ; attempt++) {
      HttpResponse<String> response = exchange(call, request);
      int status = response.statusCode();
      LOG.log(Level.DEBUG, () -> call.method() + " " + call.path() + " -> " + status + requestIdNote(response));
      if (status < 400) return read(call, response, type);
      if (call.idempotent() && retry.retries(status, attempt)) {
        Duration wait = retry.delay(attempt, response.headers().firstValue("retry-after").orElse(null));
        LOG.log(Level.INFO, () -> "retrying " + call.method() + " " + call.path() + " after HTTP " + status
            + " in " + wait.toMillis() + " ms");
        pause(wait);
        continue;
      }
      throw ErrorReader.read(response, token);
    }
  }

  private HttpRequest build(Call call) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + call.pathAndQuery()))
        .timeout(call.timeout() != null ? call.timeout() : timeout)
        .header("Accept", "application/json")
        .header("User-Agent", userAgent);
    if (token != null) builder.header("Authorization", "Bearer " + token.reveal());
    if (call.ifMatch() != null) builder.header("If-Match", "\"" + call.ifMatch() + "\"");
    if (call.body() == null) return builder.method(call.method(), HttpRequest.BodyPublishers.noBody()).build();
    try {
      byte[] json = mapper.writeValueAsBytes(call.body());
      return builder.header("Content-Type", "application/json")
          .method(call.method(), HttpRequest.BodyPublishers.ofByteArray(json))
          .build();
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the request body as JSON", e);
    }
  }

  private HttpResponse<String> exchange(Call call, HttpRequest request) {
    String where = call.method() + " " + baseUrl + call.path();
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (HttpTimeoutException e) {
      throw new PatchbayTimeoutException(where + " got no answer within " + request.timeout().orElse(timeout)
          + "; raise the timeout with PatchbayClient.builder().timeout(...) or check the server", e);
    } catch (IOException e) {
      throw new NetworkException("network_error", "could not reach Patchbay at " + where + " (" + e
          + "); check that the server is running and that the base URL points at it", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NetworkException("interrupted", where + " was interrupted", e);
    }
  }

  private <T> T read(Call call, HttpResponse<String> response, JavaType type) {
    String body = response.body();
    if (type.getRawClass() == Void.class || body == null || body.isBlank()) return null;
    try {
      return mapper.readValue(body, type);
    } catch (IOException e) {
      // no cause: the parser's message quotes the body, which may hold revealed secrets
      throw new PatchbayException(response.statusCode(), "invalid_response", call.method() + " " + call.path()
          + " answered with JSON this SDK cannot read as " + type.getRawClass().getSimpleName()
          + "; is the SDK older than the server?", null, null, null);
    }
  }

  private void pause(Duration wait) {
    try {
      retry.sleeper().sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NetworkException("interrupted", "interrupted while waiting to retry", e);
    }
  }

  private static String requestIdNote(HttpResponse<String> response) {
    return response.headers().firstValue("x-request-id").map(id -> " (request " + id + ")").orElse("");
  }
}
