package dev.patchbay.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.patchbay.sdk.StubServer.Response;
import dev.patchbay.sdk.errors.NetworkException;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Java's cancellation is thread interruption: a call in flight ends with code "interrupted" and the flag kept. */
class CancellationTest {
  @Test
  void interruptingTheCallingThreadCancelsTheCall() throws Exception {
    CountDownLatch arrived = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (StubServer stub = new StubServer()) {
      stub.respondWith(request -> {
        arrived.countDown();
        awaitQuietly(release);
        return Response.json(200, "{}");
      });
      PatchbayClient client = PatchbayClient.builder().baseUrl(stub.url()).build();
      AtomicReference<Throwable> thrown = new AtomicReference<>();
      AtomicBoolean flagKept = new AtomicBoolean();
      Thread caller = new Thread(() -> {
        try {
          client.connectionsService().connect("library");
        } catch (RuntimeException e) {
          thrown.set(e);
          flagKept.set(Thread.currentThread().isInterrupted());
        }
      });
      caller.start();
      assertTrue(arrived.await(10, TimeUnit.SECONDS), "the request reached the server");
      caller.interrupt();
      caller.join(10_000);
      release.countDown();
      NetworkException e = (NetworkException) thrown.get();
      assertEquals("interrupted", e.code());
      assertTrue(flagKept.get(), "the interrupt flag is restored for the caller");
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
