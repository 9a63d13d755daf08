package io.insightmesh.decisions.service;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/**
 * Says every few seconds how far a restart has come in taking back what the engine decided before:
 * with millions of decisions in the log or the table that takes tens of seconds, and claims wait
 * meanwhile. It logs each report and hands it to a status (the engine's health names it while
 * readiness is down).
 */
final class TakeBackProgress implements LongConsumer {
  private static final Logger LOG = Logger.getLogger(TakeBackProgress.class);
  static final long EVERY_NANOS = TimeUnit.SECONDS.toNanos(5);

  private final String what;
  private final long expected;
  private final Consumer<String> status;
  private final LongSupplier nanoTime;
  private long nextReport;

  /** {@code expected}: how many there are, or -1 if nobody knows. */
  TakeBackProgress(String what, long expected) {
    this(what, expected, report -> {}, System::nanoTime);
  }

  TakeBackProgress(String what, long expected, Consumer<String> status, LongSupplier nanoTime) {
    this.what = requireNonNull(what, "what is null");
    this.expected = expected;
    this.status = requireNonNull(status, "status is null");
    this.nanoTime = requireNonNull(nanoTime, "nanoTime is null");
    nextReport = nanoTime.getAsLong() + EVERY_NANOS;
    if (expected < 0) {
      LOG.infof("Taking back %s", what);
    } else if (expected > 0) {
      LOG.infof("Taking back %s: %d decisions", what, expected);
    }
    status.accept(report(0));
  }

  @Override
  public void accept(long count) {
    long now = nanoTime.getAsLong();
    if (now - nextReport < 0) {
      return;
    }
    nextReport = now + EVERY_NANOS;
    String report = report(count);
    LOG.info(report);
    status.accept(report);
  }

  private String report(long count) {
    return expected > 0
        ? String.format(
            "Taking back %s: %d of %d decisions (%d %%)",
            what, count, expected, Math.min(100, count * 100 / expected))
        : String.format("Taking back %s: %d decisions so far", what, count);
  }
}
