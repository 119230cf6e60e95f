package dev.patchbay.sdk;

import static dev.patchbay.sdk.Call.segment;

import com.fasterxml.jackson.databind.JavaType;
import dev.patchbay.sdk.model.ConnectionType;
import java.util.List;

/** {@code client.typesService()}: the registered connection types and their input schemas. */
public final class TypesService {
  private final Transport transport;
  private final JavaType itemsType;

  TypesService(Transport transport) {
    this.transport = transport;
    this.itemsType = Items.type(transport, ConnectionType.class);
  }

  /** Every type. */
  public List<ConnectionType> list() {
    Items<ConnectionType> items = transport.send(Call.of("GET", "/v1/types"), itemsType);
    return Items.of(items);
  }

  /** One type ({@link dev.patchbay.sdk.errors.TypeNotFoundException} if unknown). */
  public ConnectionType get(String type) {
    return transport.send(Call.of("GET", "/v1/types/" + segment(type)), ConnectionType.class);
  }
}
