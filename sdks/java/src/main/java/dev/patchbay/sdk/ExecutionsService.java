package dev.patchbay.sdk;

import static dev.patchbay.sdk.Call.segment;

import com.fasterxml.jackson.databind.JavaType;
import dev.patchbay.sdk.model.Execution;
import dev.patchbay.sdk.model.Page;

/** {@code client.executionsService()}: the records of connect calls, newest first. */
public final class ExecutionsService {
  private final Transport transport;
  private final JavaType pageType;

  ExecutionsService(Transport transport) {
    this.transport = transport;
    this.pageType = transport.mapper().getTypeFactory().constructParametricType(Page.class, Execution.class);
  }

  /** Every execution. */
  public Pager<Execution> list() {
    return list(null, null);
  }

  /** Executions of one connection (null: all), {@code limit} per page. */
  public Pager<Execution> list(String tag, Integer limit) {
    return new Pager<>(cursor -> listPage(tag, limit, cursor));
  }

  /** One page. */
  public Page<Execution> listPage(String tag, Integer limit, String cursor) {
    Call call = Call.of("GET", "/v1/executions").query("tag", tag).query("limit", limit).query("cursor", cursor);
    return transport.send(call, pageType);
  }

  /** One execution ({@link dev.patchbay.sdk.errors.ExecutionNotFoundException} if absent). */
  public Execution get(String id) {
    return transport.send(Call.of("GET", "/v1/executions/" + segment(id)), Execution.class);
  }
}
