package dev.patchbay.sdk;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Retries of idempotent calls on 429 and 502: exponential backoff with jitter from {@code baseDelay},
 * or exactly what {@code Retry-After} asks (seconds or an HTTP date), never more than {@code maxDelay}.
 */
record RetryPolicy(int maxRetries, Duration baseDelay, Duration maxDelay, Sleeper sleeper) {

  boolean retries(int status, int attempt) {
    return (status == 429 || status == 502) && attempt < maxRetries;
  }

  Duration delay(int attempt, String retryAfter) {
    Duration hinted = parseRetryAfter(retryAfter);
    Duration wait = hinted != null ? hinted : backoff(attempt);
    return wait.compareTo(maxDelay) > 0 ? maxDelay : wait;
  }

  private Duration backoff(int attempt) {
    long base = baseDelay.toMillis() << Math.min(attempt, 20);
    long jitter = base == 0 ? 0 : ThreadLocalRandom.current().nextLong(base / 2 + 1);
    return Duration.ofMillis(base + jitter);
  }

  static Duration parseRetryAfter(String value) {
    if (value == null || value.isBlank()) return null;
    String text = value.trim();
    try {
      return Duration.ofSeconds(Math.max(0, Long.parseLong(text)));
    } catch (NumberFormatException notSeconds) {
      try {
        Duration until = Duration.between(ZonedDateTime.now(), ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME));
        return until.isNegative() ? Duration.ZERO : until;
      } catch (DateTimeParseException notDate) {
        return null;
      }
    }
  }
}
