package io.insightmesh.decisions.table;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * When the engine cuts the next data-only release of the decisions product: once {@code
 * maxDecisions} decisions are committed since the last release, or once {@code interval} has passed
 * since it and at least one decision is waiting, whichever comes first. Nothing new, no release.
 * And how long a release's tag keeps its snapshot once a newer release exists: a tag a minute would
 * otherwise pin every snapshot of the table from expiry for good.
 *
 * @param interval the longest a committed decision waits for a release
 * @param maxDecisions the most decisions committed before a release is cut regardless of time
 * @param tagMaxAge the Iceberg {@code max-ref-age} of every data-only tag but the newest: snapshot
 *     expiry drops such a tag once its snapshot is older than this (the registry keeps the release)
 */
public record ReleaseCadence(Duration interval, long maxDecisions, Duration tagMaxAge) {
  /** How long data-only tags are kept by default: a long weekend's investigations, not more. */
  public static final Duration DEFAULT_TAG_MAX_AGE = Duration.ofDays(3);

  /**
   * Validates the cadence.
   *
   * @throws IllegalArgumentException if {@code interval} or {@code tagMaxAge} is not positive, or
   *     {@code maxDecisions} is below 1
   */
  public ReleaseCadence {
    requireNonNull(interval, "interval is null");
    requireNonNull(tagMaxAge, "tagMaxAge is null");
    if (tagMaxAge.isNegative() || tagMaxAge.isZero()) {
      throw new IllegalArgumentException(
          "Invalid release tag-max-age " + tagMaxAge + ": must be positive");
    }
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException(
          "Invalid release interval " + interval + ": must be positive");
    }
    if (maxDecisions < 1) {
      throw new IllegalArgumentException(
          "Invalid release max-decisions " + maxDecisions + ": must be at least 1");
    }
  }

  /** A cadence whose tags are kept {@link #DEFAULT_TAG_MAX_AGE}. */
  public ReleaseCadence(Duration interval, long maxDecisions) {
    this(interval, maxDecisions, DEFAULT_TAG_MAX_AGE);
  }

  /** A release a minute, or every 100,000 decisions when they come faster; tags kept three days. */
  public static ReleaseCadence defaults() {
    return new ReleaseCadence(Duration.ofMinutes(1), 100_000);
  }

  /** Whether a release is due with {@code pending} unreleased decisions, {@code since} the last. */
  public boolean due(long pending, Duration since) {
    return pending >= maxDecisions || (pending > 0 && since.compareTo(interval) >= 0);
  }
}
