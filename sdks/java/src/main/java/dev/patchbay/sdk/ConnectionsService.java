package dev.patchbay.sdk;

import static dev.patchbay.sdk.Call.segment;

import com.fasterxml.jackson.databind.JavaType;
import dev.patchbay.sdk.model.Connection;
import dev.patchbay.sdk.model.ConnectionQuery;
import dev.patchbay.sdk.model.CreateConnection;
import dev.patchbay.sdk.model.Execution;
import dev.patchbay.sdk.model.Page;
import dev.patchbay.sdk.model.Resolution;
import dev.patchbay.sdk.model.UpdateConnection;
import dev.patchbay.sdk.model.Validation;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code client.connectionsService()}: every operation on named connections (SPEC 2).
 *
 * <pre>{@code
 * Execution run = client.connectionsService().connect("library", Map.of("ref", "v2"));
 * }</pre>
 */
public final class ConnectionsService {
  /** connect waits for the task; the HTTP timeout leaves it this much room beyond {@code timeout_ms} */
  private static final Duration CONNECT_SLACK = Duration.ofSeconds(10);

  private final Transport transport;
  private final JavaType pageType;

  ConnectionsService(Transport transport) {
    this.transport = transport;
    this.pageType = transport.mapper().getTypeFactory().constructParametricType(Page.class, Connection.class);
  }

  /** Creates a connection ({@code 409 connection_exists} if the tag is taken). */
  public Connection create(CreateConnection input) {
    return transport.send(Call.of("POST", "/v1/connections").body(input), Connection.class);
  }

  /** Fetches one ({@link dev.patchbay.sdk.errors.ConnectionNotFoundException} if absent). */
  public Connection get(String tag) {
    return transport.send(Call.of("GET", at(tag, "")), Connection.class);
  }

  /** Every connection matching {@code query}, paged by the server ({@code limit} is the page size). */
  public Pager<Connection> list(ConnectionQuery query) {
    ConnectionQuery q = query == null ? ConnectionQuery.all() : query;
    return new Pager<>(cursor -> listPage(q, cursor));
  }

  /** Every connection. */
  public Pager<Connection> list() {
    return list(ConnectionQuery.all());
  }

  /** One page; {@code cursor} from the previous page's {@code nextCursor}, null for the first. */
  public Page<Connection> listPage(ConnectionQuery query, String cursor) {
    ConnectionQuery q = query == null ? ConnectionQuery.all() : query;
    Call call = Call.of("GET", "/v1/connections").query("type", q.type()).query("kind", q.kind())
        .query("status", q.status()).query("q", q.q()).query("limit", q.limit()).query("cursor", cursor);
    return transport.send(call, pageType);
  }

  /** Metadata and a merge patch of {@code value}. */
  public Connection update(String tag, UpdateConnection patch) {
    return update(tag, patch, null);
  }

  /** As {@link #update(String, UpdateConnection)}, failing with 412 version_mismatch unless the version is {@code ifMatch}. */
  public Connection update(String tag, UpdateConnection patch, Long ifMatch) {
    return transport.send(Call.of("PATCH", at(tag, "")).body(patch).ifMatch(ifMatch), Connection.class);
  }

  /** Sets inputs; each goes to value or secrets by the type's schema; a blank secret keeps the stored one. */
  public Connection credentials(String tag, Map<String, Object> input) {
    return transport.send(Call.of("PUT", at(tag, "/credentials")).body(input == null ? Map.of() : input), Connection.class);
  }

  /** Tests against the real system: active on success, error with a message otherwise. */
  public Validation validate(String tag) {
    return transport.send(Call.of("POST", at(tag, "/validate")), Validation.class);
  }

  /** Merged inputs and their sources, secrets masked. */
  public Resolution resolve(String tag) {
    return resolve(tag, null, null);
  }

  /** Merged inputs with per-call {@code inputs}; {@code reveal} shows secrets (needs a token with reveal). */
  public Resolution resolve(String tag, Map<String, Object> inputs, Boolean reveal) {
    Map<String, Object> body = new LinkedHashMap<>();
    if (inputs != null) body.put("inputs", inputs);
    if (reveal != null) body.put("reveal", reveal);
    return transport.send(Call.of("POST", at(tag, "/resolve")).body(body), Resolution.class);
  }

  /** Runs the task; a failed task is an execution with status FAILED, not an exception. */
  public Execution connect(String tag) {
    return connect(tag, null, null);
  }

  /** Runs the task with per-call overrides. */
  public Execution connect(String tag, Map<String, Object> overrides) {
    return connect(tag, overrides, null);
  }

  /** Runs the task with overrides and a time budget; the HTTP timeout grows to fit it. */
  public Execution connect(String tag, Map<String, Object> overrides, Duration taskTimeout) {
    Map<String, Object> body = new LinkedHashMap<>();
    if (overrides != null) body.put("inputs", overrides);
    Call call = Call.of("POST", at(tag, "/connect"));
    if (taskTimeout != null) {
      body.put("timeout_ms", taskTimeout.toMillis());
      call = call.timeout(taskTimeout.plus(CONNECT_SLACK));
    }
    return transport.send(call.body(body), Execution.class);
  }

  /** Switches it off: resolve and connect answer 409 connection_revoked. */
  public Connection revoke(String tag) {
    return transport.send(Call.of("POST", at(tag, "/revoke")), Connection.class);
  }

  /** Switches a revoked connection back on. */
  public Connection restore(String tag) {
    return transport.send(Call.of("POST", at(tag, "/restore")), Connection.class);
  }

  /** Deletes; 409 connection_in_use while components are linked. */
  public void delete(String tag) {
    delete(tag, false);
  }

  /** Deletes; {@code force} unlinks its components first. */
  public void delete(String tag, boolean force) {
    transport.send(Call.of("DELETE", at(tag, "")).query("force", force ? Boolean.TRUE : null), Void.class);
  }

  /** Attaches a Vault secret ({@code secret/data/oracle} or {@code secret/oracle}), always its latest version. */
  public Connection attachVault(String tag, String path) {
    return attachVault(tag, path, null);
  }

  /** Attaches a Vault secret pinned to KV v2 {@code version}; {@code null} follows the latest. */
  public Connection attachVault(String tag, String path, Integer version) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("path", path);
    // left out, not null, when unpinned: the server's schema has no null version
    if (version != null) body.put("version", version);
    return transport.send(Call.of("PUT", at(tag, "/vault")).body(body), Connection.class);
  }

  /** Detaches the Vault secret. */
  public Connection detachVault(String tag) {
    return transport.send(Call.of("DELETE", at(tag, "/vault")), Connection.class);
  }

  private static String at(String tag, String suffix) {
    return "/v1/connections/" + segment(tag) + suffix;
  }
}
