package dev.patchbay.sdk.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.patchbay.sdk.Json;
import dev.patchbay.sdk.PatchbayClient;
import dev.patchbay.sdk.errors.PatchbayException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The shared scenario suite (sdks/scenarios/*.json), one dynamic test per file, each step run through
 * the SDK's public methods against the real server the harness started (PATCHBAY_URL …). Without
 * PATCHBAY_URL it is skipped with a message, and fails when CI is set.
 */
class ScenarioRunnerTest {
  private static final ObjectMapper JSON = Json.newMapper();

  @TestFactory
  Stream<DynamicTest> scenarios() throws IOException {
    String url = System.getenv("PATCHBAY_URL");
    if (url == null || url.isBlank()) return Stream.of(DynamicTest.dynamicTest("scenarios (no server)", ScenarioRunnerTest::skip));
    Path dir = Path.of(envOr("PATCHBAY_SCENARIOS_DIR", "../scenarios"));
    List<Path> files;
    try (Stream<Path> list = Files.list(dir)) {
      files = list.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
    }
    assertFalse(files.isEmpty(), "no scenario files in " + dir.toAbsolutePath());
    PatchbayClient admin = client(url, System.getenv("PATCHBAY_TOKEN"));
    PatchbayClient runner = client(url, System.getenv("PATCHBAY_RUNNER_TOKEN"));
    JsonNode vars = JSON.readTree(envOr("PATCHBAY_SCENARIO_VARS", "{}"));
    return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(),
        () -> run(file.getFileName().toString(), JSON.readTree(file.toFile()), admin, runner, vars)));
  }

  private static void skip() {
    String message = "SKIPPED the shared SDK scenarios: PATCHBAY_URL is not set. Run them with "
        + "`npx vitest run packages/server/test/sdks/java.test.ts`, which starts a server and sets it.";
    System.err.println("\n!!! " + message + "\n");
    if (System.getenv("CI") != null && !System.getenv("CI").isBlank()) fail(message + " (CI is set, so this fails)");
    Assumptions.abort(message);
  }

  private static void run(String file, JsonNode scenario, PatchbayClient admin, PatchbayClient runner, JsonNode vars) {
    System.out.println("scenario: " + scenario.path("name").asText());
    Map<String, JsonNode> saved = new HashMap<>();
    int n = 0;
    for (JsonNode step : scenario.path("steps")) {
      n++;
      String op = step.path("op").asText();
      assertTrue(ScenarioOps.knows(op), "step " + n + ": op '" + op + "' has no mapping in the Java runner");
      PatchbayClient client = "runner".equals(step.path("as").asText("admin")) ? runner : admin;
      JsonNode args = substitute(step.has("args") ? step.get("args") : JsonNodeFactory.instance.objectNode(), vars, saved);
      String where = file + " step " + n + " " + op + (step.has("as") ? " as " + step.get("as").asText() : "");
      JsonNode actual;
      try {
        actual = toJson(ScenarioOps.call(op, client, args));
      } catch (PatchbayException e) {
        expectError(step, e, where);
        continue;
      }
      if (step.has("expect_error")) fail(where + ": expected " + step.get("expect_error") + ", got " + actual);
      if (step.has("expect")) {
        List<String> problems = Expectations.mismatches(substitute(step.get("expect"), vars, saved), actual);
        assertEquals(List.of(), problems, where + " answered " + abbreviate(actual));
      }
      step.path("save").fields().forEachRemaining(e -> saved.put(e.getKey(), Expectations.at(actual, e.getValue().asText())));
      System.out.println("  " + where.substring(file.length() + 1) + " → ok" + listNote(actual));
    }
  }

  private static void expectError(JsonNode step, PatchbayException e, String where) {
    JsonNode wanted = step.get("expect_error");
    if (wanted == null) fail(where + ": unexpected " + e, e);
    assertEquals(wanted.path("status").asInt(), e.status(), where + ": " + e);
    assertEquals(wanted.path("code").asText(), e.code(), where + ": " + e);
    assertNotEquals(PatchbayException.class, e.getClass(), where + ": the error must be a typed subclass");
    assertTrue(e.requestId() != null && !e.requestId().isBlank(), where + ": no request id in " + e);
    System.out.println("  " + where.substring(where.indexOf("step ")) + " → " + e.getClass().getSimpleName() + " " + e.status() + " " + e.code()
        + " (request " + e.requestId() + ")");
  }

  private static JsonNode substitute(JsonNode node, JsonNode vars, Map<String, JsonNode> saved) {
    return Expectations.substitute(node, name -> {
      if (name.equals("token:runner")) return JsonNodeFactory.instance.textNode(System.getenv("PATCHBAY_RUNNER_TOKEN"));
      if (name.startsWith("saved.")) {
        JsonNode value = saved.get(name.substring(6));
        if (value == null) throw new IllegalArgumentException("nothing saved as " + name);
        return value;
      }
      if (!vars.has(name)) throw new IllegalArgumentException("PATCHBAY_SCENARIO_VARS has no " + name);
      return vars.get(name);
    });
  }

  private static JsonNode toJson(Object result) {
    return result == null ? NullNode.getInstance() : JSON.valueToTree(result);
  }

  private static String listNote(JsonNode actual) {
    if (!actual.has("pages")) return "";
    return " (" + actual.path("items").size() + " items over " + actual.path("pages").asInt() + " pages)";
  }

  private static String abbreviate(JsonNode node) {
    String text = node.toString();
    return text.length() > 600 ? text.substring(0, 600) + "…" : text;
  }

  private static PatchbayClient client(String url, String token) {
    return PatchbayClient.builder().baseUrl(url).token(token).timeout(Duration.ofSeconds(60)).build();
  }

  private static String envOr(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
