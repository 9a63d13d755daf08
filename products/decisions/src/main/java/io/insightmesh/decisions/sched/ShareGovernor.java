package io.insightmesh.decisions.sched;

import java.time.Duration;

/**
 * Decides, from the CPU time the answering threads used, whether they may run on a real-time
 * policy: {@link RealtimeAnswers}'s rule, apart from the threads and the kernel so that it can be
 * tested sample by sample.
 *
 * <p>Lowered as soon as they used more than the share over the last {@link #LONG} samples (a load
 * that keeps them busy), or more than {@link #BURST_SHARE} over the last {@link #SHORT} (a load
 * that saturates them: on a real-time policy they would take the core, so this bounds how long the
 * rest of the engine waits to about {@link #SHORT}'s span). Not on the share over {@link #SHORT}:
 * at a steady rate well under the share the answers still catch up in bursts after every pause, and
 * at 6,300 claims/s, a third of a core on average, a 100 ms window crossed half a core every few
 * seconds (docs/benchmarks/scoring.md). Raised again once they used no more than {@link
 * #CALM_FRACTION} of the share over the last {@link #LONG} samples and the hold-off has passed
 * since the lowering. The hold-off starts at {@link #LONG}'s span and doubles, up to {@link
 * #MAX_HOLD}, each time the threads are lowered within {@link #FLAPPING_WITHIN} of being raised: a
 * saturated engine, whose answers fall under the share only while they share the core with the
 * rest, is not raised and lowered every second.
 */
final class ShareGovernor {
  /** Samples of the window that catches a saturating load: 100 ms at the governor's 10 ms tick. */
  static final int SHORT = 10;

  /** Samples of the window the share is measured over: 1 s at the governor's 10 ms tick. */
  static final int LONG = 100;

  /**
   * The share of the cores over {@link #SHORT} that only a saturating load reaches; the kernel
   * itself throttles real-time threads at 95 %.
   */
  static final double BURST_SHARE = 0.85;

  /** The part of the share the threads must stay under for {@link #LONG} to be raised again. */
  static final double CALM_FRACTION = 0.8;

  static final Duration MAX_HOLD = Duration.ofSeconds(32);

  static final Duration FLAPPING_WITHIN = Duration.ofSeconds(10);

  /** What the threads' policy should become. */
  enum Change {
    NONE,
    RAISE,
    LOWER
  }

  private final double maxShare;
  private final double burstLimit;
  private final long firstHoldNanos;
  private final long[] wall = new long[LONG + 1];
  private final long[] cpu = new long[LONG + 1];
  private int samples;
  private int next;

  private boolean raised;
  private long raisedAt;
  private long loweredAt;
  private boolean lowered;
  private long holdNanos;
  private double lastShare = Double.NaN;
  private int lastWindow = LONG;
  private double lastLimit = Double.NaN;

  /**
   * @param maxShare the share of the cores (0 to 1, exclusive) the threads may use on a real-time
   *     policy
   * @param tick how often samples come, which sets the windows' spans
   */
  ShareGovernor(double maxShare, Duration tick) {
    if (!(maxShare > 0 && maxShare < 1)) {
      throw new IllegalArgumentException(
          "Invalid maximum share " + maxShare + ": must be above 0 and below 1");
    }
    this.maxShare = maxShare;
    this.burstLimit = Math.max(BURST_SHARE, maxShare);
    this.firstHoldNanos = tick.toNanos() * LONG;
    this.holdNanos = firstHoldNanos;
  }

  /**
   * Takes one sample and says what to change.
   *
   * @param wallNanos a monotonic clock's reading, such as {@link System#nanoTime}
   * @param cpuNanos the CPU time the threads have used in all, a running total
   * @param cores the cores the threads may run on
   */
  Change observe(long wallNanos, long cpuNanos, int cores) {
    wall[next] = wallNanos;
    cpu[next] = cpuNanos;
    next = (next + 1) % wall.length;
    samples = Math.min(samples + 1, wall.length);
    if (raised) {
      double burst = share(SHORT, cores);
      boolean saturating = burst > burstLimit;
      double share = share(LONG, cores);
      if (saturating || share > maxShare) {
        lastShare = saturating ? burst : share;
        lastWindow = saturating ? SHORT : LONG;
        lastLimit = saturating ? burstLimit : maxShare;
        raised = false;
        holdNanos =
            wallNanos - raisedAt < FLAPPING_WITHIN.toNanos()
                ? Math.min(holdNanos * 2, MAX_HOLD.toNanos())
                : firstHoldNanos;
        loweredAt = wallNanos;
        lowered = true;
        return Change.LOWER;
      }
      return Change.NONE;
    }
    double share = share(LONG, cores);
    boolean held = lowered && wallNanos - loweredAt < holdNanos;
    if (share <= maxShare * CALM_FRACTION && !held) {
      lastShare = share;
      lastWindow = LONG;
      raised = true;
      raisedAt = wallNanos;
      return Change.RAISE;
    }
    return Change.NONE;
  }

  /** Whether the threads should run on the real-time policy now. */
  boolean raised() {
    return raised;
  }

  /** The share measured at the last change, NaN before the first. */
  double lastShare() {
    return lastShare;
  }

  /** The samples {@link #lastShare} was measured over. */
  int lastWindow() {
    return lastWindow;
  }

  /** The limit {@link #lastShare} was over at the last lowering, NaN before the first. */
  double lastLimit() {
    return lastLimit;
  }

  /** How long the threads stay lowered after the last lowering, at least. */
  Duration hold() {
    return Duration.ofNanos(holdNanos);
  }

  /**
   * The share of {@code cores} cores used over the last {@code intervals} samples; NaN (which
   * compares false) until that many have come.
   */
  private double share(int intervals, int cores) {
    if (samples <= intervals) {
      return Double.NaN;
    }
    int last = (next - 1 + wall.length) % wall.length;
    int first = (last - intervals + wall.length) % wall.length;
    long elapsed = wall[last] - wall[first];
    if (elapsed <= 0) {
      return Double.NaN;
    }
    return (double) (cpu[last] - cpu[first]) / elapsed / cores;
  }
}
