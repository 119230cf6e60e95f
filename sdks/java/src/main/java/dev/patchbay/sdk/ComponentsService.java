package dev.patchbay.sdk;

import static dev.patchbay.sdk.Call.segment;

import com.fasterxml.jackson.databind.JavaType;
import dev.patchbay.sdk.model.Component;
import dev.patchbay.sdk.model.LinkComponent;
import dev.patchbay.sdk.model.Page;

/** {@code client.componentsService()}: consumers linked to an active cloud connection. */
public final class ComponentsService {
  private final Transport transport;
  private final JavaType pageType;

  ComponentsService(Transport transport) {
    this.transport = transport;
    this.pageType = transport.mapper().getTypeFactory().constructParametricType(Page.class, Component.class);
  }

  /** Links a component (422 scope_not_granted if the cloud connection lacks the kind's scope). */
  public Component link(LinkComponent input) {
    return transport.send(Call.of("POST", "/v1/components").body(input), Component.class);
  }

  /** Every component. */
  public Pager<Component> list() {
    return list(null, null, null);
  }

  /** Components of one cloud connection and/or kind (null: any), {@code limit} per page. */
  public Pager<Component> list(String cloud, String kind, Integer limit) {
    return new Pager<>(cursor -> {
      Call call = Call.of("GET", "/v1/components").query("cloud", cloud).query("kind", kind)
          .query("limit", limit).query("cursor", cursor);
      return transport.send(call, pageType);
    });
  }

  /** One component. */
  public Component get(String name) {
    return transport.send(Call.of("GET", "/v1/components/" + segment(name)), Component.class);
  }

  /** Unlinks it. */
  public void unlink(String name) {
    transport.send(Call.of("DELETE", "/v1/components/" + segment(name)), Void.class);
  }
}
