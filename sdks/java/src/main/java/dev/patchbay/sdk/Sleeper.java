package dev.patchbay.sdk;

import java.time.Duration;

/** How the client waits between retries; replaceable so tests can record the waits instead. */
@FunctionalInterface
public interface Sleeper {
  void sleep(Duration duration) throws InterruptedException;

  /** {@link Thread#sleep(long)}. */
  Sleeper THREAD = duration -> Thread.sleep(duration.toMillis());
}
