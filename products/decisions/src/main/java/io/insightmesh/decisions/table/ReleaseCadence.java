package io.insightmesh.decisions.table;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * When the engine cuts the next data-only release of the decisions product: once {@code
 * maxDecisions} decisions are committed since the last release, or once {@code interval} has passed
 * since it and at least one decision is waiting, whichever comes first. Nothing new, no release.
 *
 * @param interval the longest a committed decision waits for a release
 * @param maxDecisions the most decisions committed before a release is cut regardless of time
 */
public record ReleaseCadence(Duration interval, long maxDecisions) {
  /**
   * Validates the cadence.
   *
   * @throws IllegalArgumentException if {@code interval} is not positive or {@code maxDecisions} is
   *     below 1
   */
  public ReleaseCadence {
    requireNonNull(interval, "interval is null");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException(
          "Invalid release interval " + interval + ": must be positive");
    }
    if (maxDecisions < 1) {
      throw new IllegalArgumentException(
          "Invalid release max-decisions " + maxDecisions + ": must be at least 1");
    }
  }

  /** A release a minute, or every 100,000 decisions when they come faster. */
  public static ReleaseCadence defaults() {
    return new ReleaseCadence(Duration.ofMinutes(1), 100_000);
  }

  /** Whether a release is due with {@code pending} unreleased decisions, {@code since} the last. */
  public boolean due(long pending, Duration since) {
    return pending >= maxDecisions || (pending > 0 && since.compareTo(interval) >= 0);
  }
}
