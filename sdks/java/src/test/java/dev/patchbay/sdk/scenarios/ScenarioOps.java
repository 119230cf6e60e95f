package dev.patchbay.sdk.scenarios;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.patchbay.sdk.Json;
import dev.patchbay.sdk.Pager;
import dev.patchbay.sdk.PatchbayClient;
import dev.patchbay.sdk.model.ConnectionQuery;
import dev.patchbay.sdk.model.CreateCloudConnection;
import dev.patchbay.sdk.model.CreateConnection;
import dev.patchbay.sdk.model.CreateToken;
import dev.patchbay.sdk.model.LinkComponent;
import dev.patchbay.sdk.model.Page;
import dev.patchbay.sdk.model.UpdateCloudConnection;
import dev.patchbay.sdk.model.UpdateConnection;
import dev.patchbay.sdk.model.VaultConfigInput;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Each scenario op of sdks/scenarios/README mapped to the SDK's public method, with its JSON args
 * converted to that method's parameters and models. Unknown arguments fail the step, so a scenario
 * cannot silently test less in Java than it says.
 */
final class ScenarioOps {
  /** Strict: an argument the model does not have is an error of the scenario or of the SDK. */
  private static final ObjectMapper ARGS = Json.newMapper().copy()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
      .configure(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_USING_DEFAULT_VALUE, false);

  private static final Map<String, BiFunction<PatchbayClient, JsonNode, Object>> OPS = new HashMap<>();

  static {
    registerConnections();
    registerCloud();
    registerTheRest();
  }

  private static void registerConnections() {
    OPS.put("types.list", (c, a) -> items(c.typesService().list()));
    OPS.put("types.get", (c, a) -> c.typesService().get(text(a, "type")));

    OPS.put("connections.create", (c, a) -> c.connectionsService().create(as(a, CreateConnection.class)));
    OPS.put("connections.get", (c, a) -> c.connectionsService().get(text(a, "tag")));
    OPS.put("connections.list", (c, a) -> gather(c.connectionsService().list(as(a, ConnectionQuery.class))));
    OPS.put("connections.update", (c, a) -> c.connectionsService().update(text(a, "tag"),
        as(a.path("patch"), UpdateConnection.class), a.hasNonNull("if_match") ? a.get("if_match").asLong() : null));
    OPS.put("connections.credentials", (c, a) -> c.connectionsService().credentials(text(a, "tag"), map(a, "input")));
    OPS.put("connections.validate", (c, a) -> c.connectionsService().validate(text(a, "tag")));
    OPS.put("connections.resolve", (c, a) -> c.connectionsService().resolve(text(a, "tag"), map(a, "inputs"),
        a.hasNonNull("reveal") ? a.get("reveal").asBoolean() : null));
    OPS.put("connections.connect", (c, a) -> c.connectionsService().connect(text(a, "tag"), map(a, "inputs"),
        a.hasNonNull("timeout_ms") ? Duration.ofMillis(a.get("timeout_ms").asLong()) : null));
    OPS.put("connections.revoke", (c, a) -> c.connectionsService().revoke(text(a, "tag")));
    OPS.put("connections.restore", (c, a) -> c.connectionsService().restore(text(a, "tag")));
    OPS.put("connections.delete", (c, a) -> {
      c.connectionsService().delete(text(a, "tag"), a.path("force").asBoolean(false));
      return Map.of();
    });
    OPS.put("connections.attach_vault", (c, a) -> c.connectionsService().attachVault(
        text(a, "tag"), text(a, "path"), a.hasNonNull("version") ? a.get("version").asInt() : null));
    OPS.put("connections.detach_vault", (c, a) -> c.connectionsService().detachVault(text(a, "tag")));
  }

  private static void registerCloud() {

    OPS.put("cloud.connections.create", (c, a) -> c.cloudService().createConnection(as(a, CreateCloudConnection.class)));
    OPS.put("cloud.connections.complete", (c, a) -> c.cloudService().completeConnection(text(a, "tag"), map(a, "input")));
    OPS.put("cloud.connections.validate", (c, a) -> c.cloudService().validateConnection(text(a, "tag")));
    OPS.put("cloud.connections.fetch", (c, a) -> c.cloudService().fetchConnection(text(a, "tag")));
    OPS.put("cloud.connections.list", (c, a) -> gather(c.cloudService().listConnections(
        a.hasNonNull("provider") ? a.get("provider").asText() : null, a.hasNonNull("limit") ? a.get("limit").asInt() : null)));
    OPS.put("cloud.connections.update", (c, a) ->
        c.cloudService().updateConnection(text(a, "tag"), as(a.path("patch"), UpdateCloudConnection.class)));
    OPS.put("cloud.connections.delete", (c, a) -> {
      c.cloudService().deleteConnection(text(a, "tag"), a.path("force").asBoolean(false));
      return Map.of();
    });
  }

  private static void registerTheRest() {

    OPS.put("executions.list", (c, a) -> gather(c.executionsService().list(
        a.hasNonNull("tag") ? a.get("tag").asText() : null, a.hasNonNull("limit") ? a.get("limit").asInt() : null)));
    OPS.put("executions.get", (c, a) -> c.executionsService().get(text(a, "id")));

    OPS.put("components.link", (c, a) -> c.componentsService().link(as(a, LinkComponent.class)));
    OPS.put("components.list", (c, a) -> gather(c.componentsService().list()));
    OPS.put("components.get", (c, a) -> c.componentsService().get(text(a, "name")));
    OPS.put("components.unlink", (c, a) -> {
      c.componentsService().unlink(text(a, "name"));
      return Map.of();
    });

    OPS.put("vault.get", (c, a) -> c.vaultService().get().orElse(null));
    OPS.put("vault.configure", (c, a) -> c.vaultService().configure(as(a.path("config"), VaultConfigInput.class)));
    OPS.put("vault.check", (c, a) -> c.vaultService().check());

    OPS.put("tokens.create", (c, a) -> c.tokensService().create(as(a, CreateToken.class)));
    OPS.put("tokens.list", (c, a) -> items(c.tokensService().list()));
    OPS.put("tokens.delete", (c, a) -> {
      c.tokensService().delete(text(a, "id"));
      return Map.of();
    });
  }

  private ScenarioOps() {}

  static boolean knows(String op) {
    return OPS.containsKey(op);
  }

  static Object call(String op, PatchbayClient client, JsonNode args) {
    BiFunction<PatchbayClient, JsonNode, Object> fn = OPS.get(op);
    if (fn == null) throw new IllegalArgumentException("op '" + op + "' has no mapping in the Java scenario runner");
    return fn.apply(client, args);
  }

  /** Every item through the SDK's item iterator, and the page count through its page iterator. */
  private static <T> Map<String, Object> gather(Pager<T> pager) {
    List<T> all = new ArrayList<>();
    for (T item : pager) all.add(item);
    int pages = 0;
    for (Page<T> ignored : pager.pages()) pages++;
    return Map.of("items", all, "pages", pages);
  }

  private static Map<String, Object> items(List<?> items) {
    return Map.of("items", items);
  }

  private static String text(JsonNode args, String name) {
    JsonNode value = args.get(name);
    if (value == null || value.isNull()) throw new IllegalArgumentException("the step needs args." + name);
    return value.asText();
  }

  private static Map<String, Object> map(JsonNode args, String name) {
    JsonNode value = args.get(name);
    return value == null || value.isNull() ? null : ARGS.convertValue(value, new TypeReference<Map<String, Object>>() {});
  }

  private static <T> T as(JsonNode args, Class<T> type) {
    try {
      return ARGS.treeToValue(args.isMissingNode() ? ARGS.createObjectNode() : args, type);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("args do not fit " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
    }
  }
}
