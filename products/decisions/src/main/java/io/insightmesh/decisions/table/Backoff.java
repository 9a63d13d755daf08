package io.insightmesh.decisions.table;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * Pauses that double after each failure in a row, from {@code first} up to {@code max}: the
 * committer's retries, the releaser's failed cycles and the catalog link's attempts. Each of them
 * may redo expensive work on the core the requests share, so a failure that only the operator can
 * fix must not repeat at full speed, while a passing blip is retried soon.
 *
 * @param first the pause after the first failure (zero: retry at once, every time)
 * @param max the longest pause, however many failures came before
 */
public record Backoff(Duration first, Duration max) {
  public Backoff {
    requireNonNull(first, "first is null");
    requireNonNull(max, "max is null");
    if (first.isNegative()) {
      throw new IllegalArgumentException("first must not be negative, got " + first);
    }
    if (max.compareTo(first) < 0) {
      throw new IllegalArgumentException("max must be at least first (" + first + "), got " + max);
    }
  }

  /** The pause after {@code failures} failures in a row (1 for the first). */
  public Duration after(int failures) {
    Duration pause = first;
    // Doubles until it reaches max, so no failure count can overflow it.
    for (int n = 1; n < failures && !pause.isZero() && pause.compareTo(max) < 0; n++) {
      pause = pause.multipliedBy(2);
    }
    return pause.compareTo(max) < 0 ? pause : max;
  }
}
