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
 * <p>Tags are thinned as they age, as backups are: every tag is kept {@code tagThinAfter}, and
 * after that only the first tag of each {@code tagThinAfter} period (by its snapshot's time, the
 * periods counted from the epoch, so clock hours for an hour) is kept, for {@code tagMaxAge}. Every
 * tag is an entry in each new {@code metadata.json}, which the committer writes and every reader's
 * planning parses once a second: a release a minute kept three days would be some 4,300 tags and
 * 3.6 MB of metadata, thinned it is 60 plus 72.
 *
 * @param interval the longest a committed decision waits for a release
 * @param maxDecisions the most decisions committed before a release is cut regardless of time
 * @param tagMaxAge the Iceberg {@code max-ref-age} of the first data-only tag of each thinning
 *     period (the newest aside): snapshot expiry drops such a tag once its snapshot is older than
 *     this (the registry keeps the release)
 * @param tagThinAfter the {@code max-ref-age} of every other data-only tag but the newest, and the
 *     length of the periods whose first tag is kept longer; at most {@code tagMaxAge} counts
 */
public record ReleaseCadence(
    Duration interval, long maxDecisions, Duration tagMaxAge, Duration tagThinAfter) {
  /** How long data-only tags are kept by default: a long weekend's investigations, not more. */
  public static final Duration DEFAULT_TAG_MAX_AGE = Duration.ofDays(3);

  /** How long every data-only tag is kept by default before only one an hour is. */
  public static final Duration DEFAULT_TAG_THIN_AFTER = Duration.ofHours(1);

  /**
   * Validates the cadence.
   *
   * @throws IllegalArgumentException if {@code interval}, {@code tagMaxAge} or {@code tagThinAfter}
   *     is not positive, or {@code maxDecisions} is below 1
   */
  public ReleaseCadence {
    requireNonNull(interval, "interval is null");
    requireNonNull(tagMaxAge, "tagMaxAge is null");
    requireNonNull(tagThinAfter, "tagThinAfter is null");
    if (tagMaxAge.isNegative() || tagMaxAge.isZero()) {
      throw new IllegalArgumentException(
          "Invalid release tag-max-age " + tagMaxAge + ": must be positive");
    }
    if (tagThinAfter.isNegative() || tagThinAfter.isZero()) {
      throw new IllegalArgumentException(
          "Invalid release tag-thin-after " + tagThinAfter + ": must be positive");
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

  /** A cadence whose tags are thinned after {@link #DEFAULT_TAG_THIN_AFTER}. */
  public ReleaseCadence(Duration interval, long maxDecisions, Duration tagMaxAge) {
    this(interval, maxDecisions, tagMaxAge, DEFAULT_TAG_THIN_AFTER);
  }

  /** A cadence whose tags are kept as {@link #defaults()} keeps them. */
  public ReleaseCadence(Duration interval, long maxDecisions) {
    this(interval, maxDecisions, DEFAULT_TAG_MAX_AGE);
  }

  /**
   * A release a minute, or every 100,000 decisions when they come faster; every tag kept an hour,
   * the first of each hour three days.
   */
  public static ReleaseCadence defaults() {
    return new ReleaseCadence(Duration.ofMinutes(1), 100_000);
  }

  /** Whether a release is due with {@code pending} unreleased decisions, {@code since} the last. */
  public boolean due(long pending, Duration since) {
    return pending >= maxDecisions || (pending > 0 && since.compareTo(interval) >= 0);
  }

  /**
   * The {@code max-ref-age} a data-only tag (not the newest) should carry, in milliseconds.
   *
   * @param snapshotMillis when the tag's snapshot was committed
   * @param previousMillis when the snapshot of the data-only tag before it was committed; {@code
   *     null} if there is none (left), which makes this one the first of its period
   */
  public long tagMaxAgeMillis(long snapshotMillis, Long previousMillis) {
    long thin = Math.min(tagThinAfter.toMillis(), tagMaxAge.toMillis());
    boolean first =
        previousMillis == null
            || Math.floorDiv(snapshotMillis, thin) != Math.floorDiv(previousMillis, thin);
    return first ? tagMaxAge.toMillis() : thin;
  }
}
