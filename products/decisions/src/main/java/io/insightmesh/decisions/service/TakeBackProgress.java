package io.insightmesh.decisions.service;

import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.jboss.logging.Logger;

/**
 * Says every few seconds how far a restart has come in taking back what the engine decided before:
 * with millions of decisions in the log or the table that takes tens of seconds, and claims wait
 * meanwhile.
 */
final class TakeBackProgress implements LongConsumer {
  private static final Logger LOG = Logger.getLogger(TakeBackProgress.class);
  private static final long EVERY_NANOS = TimeUnit.SECONDS.toNanos(5);

  private final String what;
  private final long expected;
  private long nextReport = System.nanoTime() + EVERY_NANOS;

  /** {@code expected}: how many there are, or -1 if nobody knows. */
  TakeBackProgress(String what, long expected) {
    this.what = what;
    this.expected = expected;
    if (expected < 0) {
      LOG.infof("Taking back %s", what);
    } else if (expected > 0) {
      LOG.infof("Taking back %s: %d decisions", what, expected);
    }
  }

  @Override
  public void accept(long count) {
    long now = System.nanoTime();
    if (now - nextReport < 0) {
      return;
    }
    nextReport = now + EVERY_NANOS;
    if (expected > 0) {
      LOG.infof(
          "Taking back %s: %d of %d decisions (%d %%)",
          what, count, expected, Math.min(100, count * 100 / expected));
    } else {
      LOG.infof("Taking back %s: %d decisions so far", what, count);
    }
  }
}
