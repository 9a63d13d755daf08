package io.insightmesh.it.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * How fast each core is while the benchmark runs: a fixed unit of work run on each core, {@link
 * #UNITS_PER_PERIOD} times back to back every {@link #PERIOD_MILLIS} ms, each timed by the CPU time
 * it took, against the same unit's time before the servers started.
 *
 * <p>On the AMD EPYC machine kind the same engine code, given the same share of its core, did a
 * third less for tens of seconds at a time (docs/benchmarks/scoring.md), and the guest shows
 * neither steal time nor hardware counters, so nothing in a window's own figures told a slow core
 * from a slow engine. The unit is a chain of dependent integer operations in registers: its CPU
 * time follows the core's clock and whatever the host takes of the physical core while the unit
 * runs (this guest's clock counts that as the unit's), and nothing the guest's other threads do,
 * since it keeps nothing in the caches or memory. Measured with other threads of this machine
 * hammering the same core and memory, its median stayed within 4 % of the reference.
 *
 * <p>A unit the guest's scheduler preempted is left out (its wall time exceeds its CPU time by more
 * than {@link #PREEMPTED_NANOS}): switching threads mid-unit costs it time that is not the core's
 * pace. Units are short (about 40 µs) because the benchmark's own threads, these included, run at
 * {@code SCHED_IDLE} during the constant rate, where anything that wakes on the core preempts them:
 * 125 µs units were preempted 73 of 80 times there. A second half timing dependent loads over 64 MB
 * was tried and dropped: on an idle machine it read 1.2–1.6× its own reference, taken back to back,
 * when run every 250 ms, and less with other threads on its core, so it measured the caches' state
 * more than the memory system. The units cost 0.2 ms a period, under 0.1 % of a core.
 */
final class CoreCanary implements AutoCloseable {
  static final long PERIOD_MILLIS = 250;

  /** A unit over this times the reference counts as slow. */
  static final double SLOW = 1.25;

  /** A unit whose wall time is longer than its CPU time by more than this was preempted. */
  static final long PREEMPTED_NANOS = 10_000;

  /** Units run back to back each period: the more of them, the likelier some run unpreempted. */
  static final int UNITS_PER_PERIOD = 5;

  private static final int STEPS = 16_000;
  private static final int WARMUP_UNITS = 600;
  private static final int REFERENCE_UNITS = 40;

  /** One unit: when it ended, the CPU time it took and its wall time. */
  record Sample(long epochMicros, long cpuNanos, long wallNanos) {
    boolean preempted() {
      return wallNanos - cpuNanos > PREEMPTED_NANOS;
    }
  }

  /**
   * One core's pace over a window, from the units that were not preempted: the median unit's CPU
   * time as a multiple of the reference's (1.00 = as before the servers started, 1.50 = the same
   * work took half as long again), the slowest tenth's, and the share of units over {@link #SLOW}.
   *
   * @param units the units that ended in the window
   * @param clean those of them not preempted, which the figures are of
   */
  record Pace(
      int core, int units, int clean, double median, double slowestTenth, double slowShare) {
    String describe() {
      if (clean == 0) {
        return String.format(
            Locale.ROOT, "core %d no unit ran unpreempted (%d units)", core, units);
      }
      return String.format(
          Locale.ROOT,
          "core %d %.2f× (slowest tenth %.2f×; %.0f%% of %d unpreempted units over %.2f×, %d"
              + " preempted)",
          core,
          median,
          slowestTenth,
          slowShare * 100,
          clean,
          SLOW,
          units - clean);
    }
  }

  private final List<Probe> probes = new ArrayList<>();

  private CoreCanary() {}

  /**
   * Starts a probe on each of {@code cores} and returns once each has its reference: a few hundred
   * units back to back to compile the unit, then the median of forty more. Takes a fraction of a
   * second. Call it while the machine is as quiet as the benchmark will find it.
   *
   * @throws IllegalStateException if a probe's thread cannot be pinned with {@code taskset}
   */
  static CoreCanary start(int... cores) throws InterruptedException {
    CoreCanary canary = new CoreCanary();
    try {
      for (int core : cores) {
        Probe probe = new Probe(core);
        canary.probes.add(probe);
        probe.thread.start();
        probe.referenced.await();
        if (probe.failure != null) {
          throw new IllegalStateException(
              "The core canary on core " + core + " failed", probe.failure);
        }
      }
    } catch (InterruptedException | RuntimeException e) {
      canary.close();
      throw e;
    }
    return canary;
  }

  /**
   * Pins each probe to its core again: {@code taskset -a} on this JVM (the benchmark moves its own
   * threads to the load generator's core) moves the probes too.
   */
  void pin() {
    for (Probe probe : probes) {
      MachineProbe.taskset(probe.tid, Integer.toString(probe.core));
    }
  }

  /** Each core's pace over the units that ended between {@code from} and {@code to}. */
  List<Pace> window(Instant from, Instant to) {
    List<Pace> paces = new ArrayList<>();
    for (Probe probe : probes) {
      paces.add(pace(probe.core, probe.reference, probe.samples(micros(from), micros(to))));
    }
    return paces;
  }

  /**
   * The pace of {@code core} in the slices of a constant-rate window where an arrival waited over
   * the target, and in the others: whether the slow answers came when the core was slow.
   *
   * @param windowStart when slice 0 began
   * @param overTarget per slice, whether an arrival in it waited over the target
   */
  String bySlices(int core, Instant windowStart, long sliceMillis, boolean[] overTarget) {
    Probe probe =
        probes.stream()
            .filter(candidate -> candidate.core == core)
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("No canary on core " + core));
    long startMicros = micros(windowStart);
    long sliceMicros = TimeUnit.MILLISECONDS.toMicros(sliceMillis);
    return bySlices(
        core,
        probe.reference,
        probe.samples(startMicros, startMicros + overTarget.length * sliceMicros),
        startMicros,
        sliceMicros,
        overTarget);
  }

  /** {@link #bySlices(int, Instant, long, boolean[])} over the given units. */
  static String bySlices(
      int core,
      Sample reference,
      List<Sample> samples,
      long startMicros,
      long sliceMicros,
      boolean[] overTarget) {
    List<Sample> inSlow = new ArrayList<>();
    List<Sample> inOthers = new ArrayList<>();
    for (Sample sample : samples) {
      long slice = Math.floorDiv(sample.epochMicros() - startMicros, sliceMicros);
      if (slice >= 0 && slice < overTarget.length) {
        (overTarget[(int) slice] ? inSlow : inOthers).add(sample);
      }
    }
    return String.format(
        Locale.ROOT,
        "core %d's pace in the slices where an arrival waited over the target: %s; in the others:"
            + " %s",
        core,
        pace(core, reference, inSlow).describe(),
        pace(core, reference, inOthers).describe());
  }

  /** Each probe's reference unit, in µs of CPU. */
  String describeReferences() {
    StringBuilder text =
        new StringBuilder("a unit's reference CPU time (median of ")
            .append(REFERENCE_UNITS)
            .append(" before the servers started): ");
    for (int i = 0; i < probes.size(); i++) {
      Probe probe = probes.get(i);
      text.append(i == 0 ? "" : "; ")
          .append(
              String.format(
                  Locale.ROOT, "core %d %.0f µs", probe.core, probe.reference.cpuNanos() / 1e3));
    }
    return text.toString();
  }

  static String describe(List<Pace> paces) {
    StringBuilder text =
        new StringBuilder(
            "the cores' pace (a fixed unit of work, "
                + UNITS_PER_PERIOD
                + " times every "
                + PERIOD_MILLIS
                + " ms, its CPU time against before the servers started): ");
    for (int i = 0; i < paces.size(); i++) {
      text.append(i == 0 ? "" : "; ").append(paces.get(i).describe());
    }
    return text.toString();
  }

  /** The pace of {@code samples}' unpreempted units against {@code reference}. */
  static Pace pace(int core, Sample reference, List<Sample> samples) {
    double[] ratios =
        samples.stream()
            .filter(sample -> !sample.preempted())
            .mapToDouble(sample -> (double) sample.cpuNanos() / reference.cpuNanos())
            .sorted()
            .toArray();
    if (ratios.length == 0) {
      return new Pace(core, samples.size(), 0, Double.NaN, Double.NaN, Double.NaN);
    }
    long slow = Arrays.stream(ratios).filter(ratio -> ratio > SLOW).count();
    return new Pace(
        core,
        samples.size(),
        ratios.length,
        quantile(ratios, 0.5),
        quantile(ratios, 0.9),
        (double) slow / ratios.length);
  }

  /** The median of {@code samples}' unpreempted units: a probe's reference. */
  static Sample reference(List<Sample> samples) {
    List<Sample> clean =
        samples.stream()
            .filter(sample -> !sample.preempted())
            .sorted((a, b) -> Long.compare(a.cpuNanos(), b.cpuNanos()))
            .toList();
    if (clean.isEmpty()) {
      throw new IllegalStateException(
          "Every one of " + samples.size() + " reference units was preempted");
    }
    return clean.get((clean.size() - 1) / 2);
  }

  @Override
  public void close() {
    for (Probe probe : probes) {
      probe.stopped = true;
      probe.thread.interrupt();
    }
    for (Probe probe : probes) {
      try {
        probe.thread.join(TimeUnit.SECONDS.toMillis(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static double quantile(double[] sorted, double quantile) {
    return sorted[Math.max(0, (int) Math.ceil(quantile * sorted.length) - 1)];
  }

  private static long micros(Instant instant) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
  }

  /** One core's thread: pins itself, takes its reference, then a unit every period. */
  private static final class Probe implements Runnable {
    private final int core;
    private final Thread thread;
    private final CountDownLatch referenced = new CountDownLatch(1);
    private final List<Sample> samples = new ArrayList<>();
    private volatile long tid;
    private volatile Sample reference;
    private volatile RuntimeException failure;
    private volatile boolean stopped;
    private long state = 0x9E3779B97F4A7C15L;

    Probe(int core) {
      this.core = core;
      this.thread = new Thread(this, "core-canary-" + core);
      thread.setDaemon(true);
    }

    @Override
    public void run() {
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      try {
        tid = Long.parseLong(Path.of("/proc/thread-self").toRealPath().getFileName().toString());
        MachineProbe.taskset(tid, Integer.toString(core));
        for (int unit = 0; unit < WARMUP_UNITS; unit++) {
          unit(threads);
        }
        List<Sample> first = new ArrayList<>();
        for (int unit = 0; unit < REFERENCE_UNITS; unit++) {
          first.add(unit(threads));
          LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
        }
        reference = reference(first);
      } catch (IOException | RuntimeException e) {
        failure = e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
        return;
      } finally {
        referenced.countDown();
      }
      while (!stopped) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(PERIOD_MILLIS));
        for (int unit = 0; unit < UNITS_PER_PERIOD && !stopped; unit++) {
          Sample sample = unit(threads);
          synchronized (samples) {
            samples.add(sample);
          }
        }
      }
    }

    List<Sample> samples(long fromMicros, long toMicros) {
      synchronized (samples) {
        return samples.stream()
            .filter(sample -> sample.epochMicros() >= fromMicros && sample.epochMicros() < toMicros)
            .toList();
      }
    }

    private Sample unit(ThreadMXBean threads) {
      long wallStart = System.nanoTime();
      long cpuStart = threads.getCurrentThreadCpuTime();
      // xorshift and a multiply: each step waits for the last, so the unit is the core's latency
      // for a fixed chain, with nothing for the caches or the memory system to speed or slow.
      long x = state;
      for (int step = 0; step < STEPS; step++) {
        x ^= x << 13;
        x ^= x >>> 7;
        x ^= x << 17;
        x *= 0x9E3779B97F4A7C15L;
      }
      state = x;
      long cpu = threads.getCurrentThreadCpuTime() - cpuStart;
      long wall = System.nanoTime() - wallStart;
      return new Sample(micros(Instant.now()), cpu, wall);
    }
  }
}
