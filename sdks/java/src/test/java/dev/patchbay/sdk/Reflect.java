package dev.patchbay.sdk;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.type.TypeFactory;
import dev.patchbay.sdk.model.Page;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reflection helpers of the coverage test: sample arguments for any public SDK method, and its wire type. */
final class Reflect {
  private static final TypeFactory TYPES = Json.newMapper().getTypeFactory();

  private Reflect() {}

  static Object[] sampleArguments(Method method) {
    Parameter[] parameters = method.getParameters();
    Object[] args = new Object[parameters.length];
    for (int i = 0; i < parameters.length; i++) args[i] = sample(parameters[i].getType());
    return args;
  }

  private static Object sample(Class<?> type) {
    if (type == String.class) return "sample1";
    if (type == int.class || type == Integer.class) return 1;
    if (type == long.class || type == Long.class) return 1L;
    if (type == boolean.class || type == Boolean.class) return Boolean.TRUE;
    if (type == Map.class) return Map.of();
    if (type == List.class) return List.of();
    if (type == Duration.class) return Duration.ofSeconds(1);
    if (type.isEnum()) return type.getEnumConstants()[0];
    if (type.isRecord()) return sampleRecord(type);
    throw new IllegalArgumentException("no sample for " + type + "; teach Reflect.sample about it");
  }

  private static Object sampleRecord(Class<?> type) {
    RecordComponent[] components = type.getRecordComponents();
    Class<?>[] types = new Class<?>[components.length];
    Object[] values = new Object[components.length];
    for (int i = 0; i < components.length; i++) {
      types[i] = components[i].getType();
      values[i] = sample(types[i]);
    }
    try {
      return type.getDeclaredConstructor(types).newInstance(values);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Lazily loading results do their request when consumed. */
  static void consume(Object result) {
    if (result instanceof Iterable<?> iterable) iterable.iterator().hasNext();
  }

  /** The JSON shape a method reads: a Pager reads pages, a List the {@code {items}} envelope. */
  static JavaType wireType(Method method) {
    JavaType type = TYPES.constructType(method.getGenericReturnType());
    Class<?> raw = type.getRawClass();
    if (raw == Pager.class) return TYPES.constructParametricType(Page.class, type.containedType(0));
    if (raw == List.class) return TYPES.constructParametricType(Items.class, type.containedType(0));
    if (raw == Optional.class) return type.containedType(0);
    return type;
  }
}
