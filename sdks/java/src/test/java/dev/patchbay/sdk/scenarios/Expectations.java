package dev.patchbay.sdk.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The scenario language of sdks/scenarios/README: {@code ${…}} substitution and the partial deep match
 * with {@code $exists}, {@code $regex}, {@code $len}, {@code $len_gte}, {@code $ne}, {@code $contains}.
 * An absent field and a JSON null are the same to every matcher (the SDK leaves null fields out).
 */
final class Expectations {
  private static final Pattern VAR = Pattern.compile("\\$\\{([^}]+)}");

  private Expectations() {}

  /** Replaces every {@code ${name}} in the strings of {@code node}; a string that is one variable keeps its JSON type. */
  static JsonNode substitute(JsonNode node, Function<String, JsonNode> lookup) {
    if (node.isTextual()) {
      String text = node.asText();
      Matcher whole = VAR.matcher(text);
      if (whole.matches()) return lookup.apply(whole.group(1));
      Matcher m = VAR.matcher(text);
      StringBuilder out = new StringBuilder();
      while (m.find()) m.appendReplacement(out, Matcher.quoteReplacement(lookup.apply(m.group(1)).asText()));
      m.appendTail(out);
      return JsonNodeFactory.instance.textNode(out.toString());
    }
    if (node.isArray()) {
      var array = JsonNodeFactory.instance.arrayNode();
      node.forEach(item -> array.add(substitute(item, lookup)));
      return array;
    }
    if (node.isObject()) {
      ObjectNode object = JsonNodeFactory.instance.objectNode();
      node.fields().forEachRemaining(e -> object.set(e.getKey(), substitute(e.getValue(), lookup)));
      return object;
    }
    return node;
  }

  /** Every way {@code actual} differs from {@code expected}, each naming its path; empty when it matches. */
  static List<String> mismatches(JsonNode expected, JsonNode actual) {
    List<String> out = new ArrayList<>();
    match(expected, actual == null ? MissingNode.getInstance() : actual, "$", out);
    return out;
  }

  static boolean matches(JsonNode expected, JsonNode actual) {
    return mismatches(expected, actual).isEmpty();
  }

  /** The value at a dot path ({@code setup.external_id}, {@code items.0.id}). */
  static JsonNode at(JsonNode root, String dotPath) {
    JsonNode node = root;
    for (String part : dotPath.split("\\.")) node = node.isArray() ? node.path(Integer.parseInt(part)) : node.path(part);
    return node;
  }

  private static void match(JsonNode expected, JsonNode actual, String path, List<String> out) {
    if (isMatcher(expected)) {
      expected.fields().forEachRemaining(e -> matcher(e.getKey(), e.getValue(), actual, path, out));
    } else if (expected.isObject()) {
      if (!actual.isObject()) {
        out.add(path + ": expected an object, got " + show(actual));
        return;
      }
      expected.fields().forEachRemaining(e -> match(e.getValue(), actual.path(e.getKey()), path + "." + e.getKey(), out));
    } else if (expected.isArray()) {
      if (!actual.isArray() || actual.size() != expected.size()) {
        out.add(path + ": expected " + expected.size() + " elements, got " + show(actual));
        return;
      }
      for (int i = 0; i < expected.size(); i++) match(expected.get(i), actual.get(i), path + "[" + i + "]", out);
    } else if (!sameScalar(expected, actual)) {
      out.add(path + ": expected " + expected + ", got " + show(actual));
    }
  }

  private static void matcher(String name, JsonNode arg, JsonNode actual, String path, List<String> out) {
    boolean present = !isNull(actual);
    boolean ok = switch (name) {
      case "$exists" -> present == arg.asBoolean();
      case "$regex" -> actual.isTextual() && Pattern.compile(arg.asText()).matcher(actual.asText()).find();
      case "$len" -> size(actual) == arg.asInt();
      case "$len_gte" -> size(actual) >= arg.asInt();
      case "$ne" -> !matches(arg, actual);
      case "$contains" -> actual.isArray() && contains(actual, arg);
      default -> throw new IllegalArgumentException(path + ": unknown matcher " + name);
    };
    if (!ok) out.add(path + ": expected " + Map.of(name, arg) + ", got " + show(actual));
  }

  private static boolean contains(JsonNode array, JsonNode wanted) {
    for (JsonNode item : array) if (matches(wanted, item)) return true;
    return false;
  }

  private static boolean isMatcher(JsonNode node) {
    if (!node.isObject() || node.isEmpty()) return false;
    for (var it = node.fieldNames(); it.hasNext(); ) if (!it.next().startsWith("$")) return false;
    return true;
  }

  private static boolean sameScalar(JsonNode expected, JsonNode actual) {
    if (isNull(expected)) return isNull(actual);
    if (expected.isNumber() && actual.isNumber()) return expected.decimalValue().compareTo(actual.decimalValue()) == 0;
    return expected.equals(actual);
  }

  private static boolean isNull(JsonNode node) {
    return node == null || node.isMissingNode() || node.isNull();
  }

  private static int size(JsonNode node) {
    if (node.isTextual()) return node.asText().length();
    return node.isContainerNode() ? node.size() : -1;
  }

  private static String show(JsonNode node) {
    if (isNull(node)) return "nothing";
    String text = node.toString();
    return text.length() > 300 ? text.substring(0, 300) + "…" : text;
  }
}
