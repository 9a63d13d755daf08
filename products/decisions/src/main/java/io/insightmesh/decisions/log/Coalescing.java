package io.insightmesh.decisions.log;

import java.time.Duration;

/**
 * Decides whether the log's writer holds a group commit open for more records: only while appends
 * arrive, on average, closer together than the coalescing delay.
 *
 * <p>Holding a commit open trades each answer's latency for fewer fsyncs. At a few appends a second
 * no company comes within the delay, and every answer would wait it out for nothing; at thousands a
 * second the delay gathers a dozen records into one fsync, and on a virtualised disk an fsync costs
 * the core about 70–120 µs of kernel time whatever it carries (two device writes and a cache
 * flush). The average is a moving one over the gaps between appends, each new gap weighing an
 * eighth, so that one quick pair after an idle spell does not start holding, nor one slow gap in a
 * busy stretch stop it.
 *
 * <p>Not thread-safe: the log calls it under its queue lock.
 */
final class Coalescing {
  private static final long NONE = -1;

  private final long delayNanos;
  private long lastArrivalNanos = NONE;
  private long averageGapNanos = NONE;

  Coalescing(Duration delay) {
    this.delayNanos = delay.toNanos();
  }

  /** Records an append's arrival at {@code nanos} ({@link System#nanoTime()}). */
  void arrived(long nanos) {
    if (lastArrivalNanos != NONE) {
      long gap = Math.max(0, nanos - lastArrivalNanos);
      averageGapNanos =
          averageGapNanos == NONE ? gap : averageGapNanos + (gap - averageGapNanos) / 8;
    }
    lastArrivalNanos = nanos;
  }

  /** True when more records are expected within the delay: holding a commit open would pay. */
  boolean worthHolding() {
    return delayNanos > 0 && averageGapNanos != NONE && averageGapNanos < delayNanos;
  }
}
