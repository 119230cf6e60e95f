package dev.patchbay.sdk;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.patchbay.sdk.errors.ErrorMapper;
import dev.patchbay.sdk.errors.PatchbayException;
import dev.patchbay.sdk.model.ApiError;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.Map;

/** Turns an error answer into the typed exception of its SPEC 2.1 code; any body shape gives a useful one. */
final class ErrorReader {
  private static final ObjectMapper MAPPER = Json.newMapper();

  private ErrorReader() {}

  static PatchbayException read(HttpResponse<String> response, Secret token) {
    int status = response.statusCode();
    ApiError body = parse(response.body());
    ApiError.Body error = body == null ? null : body.error();
    String requestId = body != null && body.requestId() != null
        ? body.requestId()
        : response.headers().firstValue("x-request-id").orElse(null);
    String message = error != null && error.message() != null ? error.message() : fallbackMessage(status, response.body());
    Map<String, Object> details = error == null ? null : error.details();
    String scrubbed = token == null ? message : token.scrub(message);
    return ErrorMapper.fromResponse(status, error == null ? null : error.code(), scrubbed, requestId, details);
  }

  private static ApiError parse(String body) {
    if (body == null || body.isBlank()) return null;
    try {
      return MAPPER.readValue(body, ApiError.class);
    } catch (IOException notJson) {
      return null;
    }
  }

  private static String fallbackMessage(int status, String body) {
    String snippet = body == null ? "" : body.strip();
    if (snippet.length() > 200) snippet = snippet.substring(0, 200);
    return "the server answered HTTP " + status + (snippet.isEmpty() ? "" : ": " + snippet);
  }
}
