package dev.patchbay.sdk;

import com.fasterxml.jackson.databind.JavaType;
import java.util.List;

/** The {@code {items}} envelope of the lists that are not paged (types, tokens, workspaces). */
record Items<T>(List<T> items) {
  static JavaType type(Transport transport, Class<?> item) {
    return transport.mapper().getTypeFactory().constructParametricType(Items.class, item);
  }

  static <T> List<T> of(Items<T> envelope) {
    return envelope == null || envelope.items() == null ? List.of() : List.copyOf(envelope.items());
  }
}
