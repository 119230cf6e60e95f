package dev.patchbay.sdk;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Walks a JSON Schema next to a Java type and names every property the type cannot hold. */
final class SchemaCoverage {
  private static final ObjectMapper MAPPER = Json.newMapper();

  private SchemaCoverage() {}

  static void missing(JsonNode spec, JsonNode schema, Type type, String where, List<String> gaps) {
    missing(spec, schema, MAPPER.getTypeFactory().constructType(type), where, gaps);
  }

  static void missing(JsonNode spec, JsonNode schema, JavaType type, String where, List<String> gaps) {
    JsonNode s = resolve(spec, schema);
    for (String union : List.of("anyOf", "oneOf", "allOf")) {
      for (JsonNode branch : s.path(union)) missing(spec, branch, type, where, gaps);
    }
    if (s.has("items") && "array".equals(s.path("type").asText())) {
      if (!type.isCollectionLikeType()) {
        gaps.add(where + ": is an array in openapi.json but " + type + " in the SDK");
        return;
      }
      missing(spec, s.get("items"), type.getContentType(), where + "[]", gaps);
    }
    JsonNode properties = s.path("properties");
    if (properties.isEmpty()) return;
    if (type.isMapLikeType() || type.getRawClass() == Object.class) {
      gaps.add(where + ": has properties " + properties.properties().stream().map(Map.Entry::getKey).toList()
          + " but the SDK keeps it untyped (" + type + ")");
      return;
    }
    Map<String, JavaType> fields = MAPPER.getSerializationConfig().introspect(type).findProperties().stream()
        .collect(Collectors.toMap(BeanPropertyDefinition::getName, BeanPropertyDefinition::getPrimaryType));
    properties.fields().forEachRemaining(p -> {
      JavaType field = fields.get(p.getKey());
      if (field == null) {
        gaps.add(where + "." + p.getKey() + ": no field in " + type.getRawClass().getSimpleName());
      } else {
        missing(spec, p.getValue(), field, where + "." + p.getKey(), gaps);
      }
    });
  }

  private static JsonNode resolve(JsonNode spec, JsonNode schema) {
    JsonNode s = schema;
    while (s.has("$ref")) {
      String[] path = s.get("$ref").asText().substring(2).split("/");
      JsonNode target = spec;
      for (String part : path) target = target.path(part);
      s = target;
    }
    return s;
  }
}
