package dev.patchbay.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.patchbay.sdk.StubServer.Response;
import dev.patchbay.sdk.model.Connection;
import dev.patchbay.sdk.model.ConnectionKind;
import dev.patchbay.sdk.model.ConnectionQuery;
import dev.patchbay.sdk.model.Page;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PagingTest {
  /** Serves 7 connections in pages of {@code limit}; the cursor is the index of the next item. */
  private static Response page(StubServer.Request request) {
    Map<String, String> q = query(request.query());
    int limit = Integer.parseInt(q.getOrDefault("limit", "50"));
    int from = Integer.parseInt(q.getOrDefault("cursor", "0"));
    int to = Math.min(7, from + limit);
    String items = IntStream.range(from, to).mapToObj(i -> "{\"tag\":\"c" + i + "\",\"type\":\"git\"}")
        .collect(Collectors.joining(","));
    String next = to < 7 ? "\"" + to + "\"" : "null";
    return Response.json(200, "{\"items\":[" + items + "],\"next_cursor\":" + next + "}");
  }

  @Test
  void iteratesEveryItemOfEveryPage() throws IOException {
    try (StubServer stub = new StubServer().respondWith(PagingTest::page)) {
      PatchbayClient client = PatchbayClient.builder().baseUrl(stub.url()).build();
      Pager<Connection> pager = client.connectionsService().list(ConnectionQuery.all().withLimit(3).withKind(ConnectionKind.TASK));
      List<String> tags = new ArrayList<>();
      for (Connection c : pager) tags.add(c.tag());
      System.out.println("paging case: limit 3 gave " + tags + " in " + stub.requests().size() + " requests");
      assertEquals(List.of("c0", "c1", "c2", "c3", "c4", "c5", "c6"), tags);
      List<String> queries = stub.requests().stream().map(StubServer.Request::query).toList();
      assertEquals(List.of("kind=task&limit=3", "kind=task&limit=3&cursor=3", "kind=task&limit=3&cursor=6"), queries);
    }
  }

  @Test
  void pagesAreCountableAndTheStreamLoadsLazily() throws IOException {
    try (StubServer stub = new StubServer().respondWith(PagingTest::page)) {
      PatchbayClient client = PatchbayClient.builder().baseUrl(stub.url()).build();
      Pager<Connection> pager = client.connectionsService().list(ConnectionQuery.all().withLimit(3));
      List<Integer> sizes = new ArrayList<>();
      for (Page<Connection> p : pager.pages()) sizes.add(p.items().size());
      assertEquals(List.of(3, 3, 1), sizes);
      int before = stub.requests().size();
      assertEquals(List.of("c0", "c1"), pager.stream().limit(2).map(Connection::tag).toList());
      assertEquals(before + 1, stub.requests().size(), "two items need only the first page");
    }
  }

  @Test
  void anEmptyListIsOnePageWithoutItems() throws IOException {
    try (StubServer stub = new StubServer().respond(Response.json(200, "{\"items\":[],\"next_cursor\":null}"))) {
      PatchbayClient client = PatchbayClient.builder().baseUrl(stub.url()).build();
      assertEquals(List.of(), client.executionsService().list("library", 10).toList());
      assertEquals(1, stub.requests().size());
      assertEquals("tag=library&limit=10", stub.requests().get(0).query());
      assertNull(client.executionsService().listPage(null, null, null).nextCursor());
    }
  }

  private static Map<String, String> query(String raw) {
    if (raw == null) return Map.of();
    return Arrays.stream(raw.split("&")).map(p -> p.split("=", 2))
        .collect(Collectors.toMap(p -> p[0], p -> URLDecoder.decode(p[1], StandardCharsets.UTF_8)));
  }
}
