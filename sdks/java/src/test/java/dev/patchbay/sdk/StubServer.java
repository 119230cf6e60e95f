package dev.patchbay.sdk;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A real HTTP server on a free loopback port (the JDK's {@link HttpServer}) that answers with scripted
 * responses in order (the last one repeats) or from a function, and records every request.
 */
final class StubServer implements AutoCloseable {
  record Request(String method, String path, String query, Map<String, List<String>> headers, String body) {
    String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0))
          .findFirst()
          .orElse(null);
    }
  }

  record Response(int status, String body, Map<String, String> headers) {
    static Response json(int status, String body) {
      return new Response(status, body, Map.of());
    }

    static Response error(int status, String code, String message) {
      return json(status, "{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message + "\"},\"request_id\":\"req-" + status + "\"}");
    }

    Response withHeader(String name, String value) {
      Map<String, String> next = new java.util.HashMap<>(headers);
      next.put(name, value);
      return new Response(status, body, next);
    }
  }

  private final HttpServer server;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final Deque<Response> script = new ArrayDeque<>();
  private volatile Function<Request, Response> handler;

  StubServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  /** Answers in this order; the last answer repeats. */
  synchronized StubServer respond(Response... responses) {
    script.clear();
    script.addAll(List.of(responses));
    handler = null;
    return this;
  }

  StubServer respondWith(Function<Request, Response> handler) {
    this.handler = handler;
    return this;
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  List<Request> requests() {
    return List.copyOf(requests);
  }

  private void handle(HttpExchange exchange) throws IOException {
    URI uri = exchange.getRequestURI();
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    Request request = new Request(exchange.getRequestMethod(), uri.getRawPath(), uri.getRawQuery(),
        Map.copyOf(exchange.getRequestHeaders()), body);
    requests.add(request);
    Response response = handler != null ? handler.apply(request) : next();
    response.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
    byte[] bytes = response.body() == null ? new byte[0] : response.body().getBytes(StandardCharsets.UTF_8);
    if (bytes.length > 0) exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(response.status(), bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private synchronized Response next() {
    if (script.isEmpty()) return Response.json(200, "{}");
    return script.size() > 1 ? script.pop() : script.peek();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
