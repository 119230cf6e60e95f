package dev.patchbay.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fails when the repository's openapi.json has an operation (method + path) that no public SDK method
 * sends, or a response field (of components.schemas and of the inline answers) no SDK type reads.
 * Operations are found by calling every public service method against a recording stub server, so
 * what counts is the request the method really sends.
 */
class OpenApiCoverageTest {
  private static final Path OPENAPI = Path.of("../../openapi.json");
  private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");

  private static JsonNode spec;
  /** "METHOD /path/{param}" → the SDK methods that send it */
  private static Map<String, List<Method>> covered;

  @BeforeAll
  static void callEveryServiceMethod() throws Exception {
    spec = new ObjectMapper().readTree(OPENAPI.toFile());
    covered = new TreeMap<>();
    List<String> templates = operations();
    try (StubServer stub = new StubServer()) {
      PatchbayClient client = PatchbayClient.builder().baseUrl(stub.url()).maxRetries(0).build();
      for (Method accessor : PatchbayClient.class.getMethods()) {
        if (!accessor.getName().endsWith("Service") || accessor.getParameterCount() != 0) continue;
        Object service = accessor.invoke(client);
        for (Method method : service.getClass().getDeclaredMethods()) {
          if (!Modifier.isPublic(method.getModifiers()) || Modifier.isStatic(method.getModifiers())) continue;
          int before = stub.requests().size();
          Reflect.consume(method.invoke(service, Reflect.sampleArguments(method)));
          for (StubServer.Request r : stub.requests().subList(before, stub.requests().size())) {
            String op = match(templates, r.method(), r.path());
            covered.computeIfAbsent(op, k -> new ArrayList<>()).add(method);
          }
        }
      }
    }
  }

  @Test
  void everyOperationHasAnSdkMethod() {
    Set<String> missing = new TreeSet<>(operations());
    missing.removeAll(covered.keySet());
    assertEquals(Set.of(), missing, "operations of openapi.json that no SDK method sends");
    Set<String> unknown = new TreeSet<>(covered.keySet());
    unknown.removeIf(op -> !op.startsWith("UNKNOWN"));
    assertEquals(Set.of(), unknown, "SDK requests that match no operation of openapi.json");
    System.out.println("openapi coverage: " + covered.size() + " operations, each sent by an SDK method");
  }

  @Test
  void everyResponseFieldOfEveryOperationIsReadByTheSdkType() {
    List<String> gaps = new ArrayList<>();
    covered.forEach((op, methods) -> {
      if (op.startsWith("UNKNOWN")) return;
      JsonNode response = successResponse(op);
      if (response == null) return;
      for (Method m : methods) {
        SchemaCoverage.missing(spec, response, Reflect.wireType(m), op + " → " + m.getName(), gaps);
      }
    });
    assertEquals(List.of(), gaps.stream().distinct().toList(), "response fields the SDK does not read");
  }

  @Test
  void everyComponentSchemaHasAModelWithEveryProperty() {
    List<String> gaps = new ArrayList<>();
    Map<String, String> javaNames = Map.of("Error", "ApiError");
    spec.path("components").path("schemas").fields().forEachRemaining(e -> {
      String name = javaNames.getOrDefault(e.getKey(), e.getKey());
      try {
        Class<?> model = Class.forName("dev.patchbay.sdk.model." + name);
        SchemaCoverage.missing(spec, e.getValue(), model, e.getKey(), gaps);
      } catch (ClassNotFoundException notThere) {
        gaps.add(e.getKey() + ": no model class dev.patchbay.sdk.model." + name);
      }
    });
    assertTrue(spec.path("components").path("schemas").size() >= 10, "read the schemas of " + OPENAPI.toAbsolutePath());
    assertEquals(List.of(), gaps, "components.schemas properties without an SDK field");
  }

  private static List<String> operations() {
    List<String> ops = new ArrayList<>();
    spec.path("paths").fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(method -> {
      if (METHODS.contains(method)) ops.add(method.toUpperCase() + " " + path.getKey());
    }));
    return ops;
  }

  private static String match(List<String> templates, String method, String path) {
    for (String op : templates) {
      String[] parts = op.split(" ", 2);
      String regex = Pattern.quote(parts[1]).replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q");
      if (parts[0].equals(method) && path.matches(regex)) return op;
    }
    return "UNKNOWN " + method + " " + path;
  }

  private static JsonNode successResponse(String op) {
    String[] parts = op.split(" ", 2);
    JsonNode responses = spec.path("paths").path(parts[1]).path(parts[0].toLowerCase()).path("responses");
    for (String status : List.of("200", "201")) {
      JsonNode schema = responses.path(status).path("content").path("application/json").path("schema");
      if (!schema.isMissingNode()) return schema;
    }
    return null;
  }
}
