package io.insightmesh.catalog.security;

import java.time.Duration;

/**
 * Too many failed sign-ins for a principal from an address ({@link SignInThrottle}): answered 429
 * with {@code Retry-After}, so that a client can tell waiting from a wrong secret.
 */
public class SignInsThrottledException extends RuntimeException {
  private final long retryAfterSeconds;

  public SignInsThrottledException(String what, Duration wait) {
    super(
        "Too many failed sign-ins for this "
            + what
            + " from this address; try again in "
            + seconds(wait)
            + " s");
    this.retryAfterSeconds = seconds(wait);
  }

  /** Whole seconds, rounded up and at least one: a client waiting that long is let in again. */
  public static long seconds(Duration wait) {
    return Math.max(1, (wait.toMillis() + 999) / 1000);
  }

  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
