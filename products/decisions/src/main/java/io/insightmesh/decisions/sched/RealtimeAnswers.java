package io.insightmesh.decisions.sched;

import com.sun.jna.LastErrorException;
import java.lang.System.Logger.Level;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs the threads answers wait on (the HTTP event loops, the decision log's writer) on Linux's
 * real-time policy {@code SCHED_FIFO} while they use no more than a share of the engine's cores,
 * and on their ordinary policy while they use more (ADR 0021).
 *
 * <p>On the default policy a woken event loop runs at once only if the scheduler finds it eligible;
 * otherwise it waits for the next tick (4 ms at the 250 Hz of the benchmark's kernel) behind
 * whatever has the core: the committer, a JIT compiler, the catalog. On {@code SCHED_FIFO} it
 * preempts them as it wakes: at 6,300 claims/s the p99 fell from 5.66–9.78 ms to 3.92–5.19 ms
 * (docs/benchmarks/scoring.md). Unbounded, a saturated engine's answers would take the whole core
 * and starve the committer, the search indexer and the engine's other threads (the kernel only
 * keeps back 5 %): measured, a window answered nothing and the metrics did not answer. So a
 * governor thread, itself on {@code SCHED_FIFO} one priority higher so that the threads it watches
 * cannot hold it off, samples their CPU time every {@link #TICK} and lowers them while they use
 * more than the share over a second, or nearly a whole core over 100 ms, by {@link ShareGovernor}'s
 * rule.
 *
 * <p>A real-time policy needs {@code CAP_SYS_NICE} or an {@code RLIMIT_RTPRIO} of at least {@link
 * #GOVERNOR_PRIORITY}; without it, or where Linux cannot be asked, the threads stay as they were
 * and the reason is logged once. A thread an operator put under another policy (with {@code chrt})
 * is left as it is. Threads a raised thread starts get the default policy ({@code
 * SCHED_RESET_ON_FORK}).
 */
public final class RealtimeAnswers implements AutoCloseable {
  /** The real-time priority of the answering threads: the lowest, above every ordinary thread. */
  public static final int PRIORITY = 1;

  /** The governor's, above the threads it lowers. */
  public static final int GOVERNOR_PRIORITY = 2;

  /** How often the governor samples. */
  public static final Duration TICK = Duration.ofMillis(10);

  private static final System.Logger LOG = System.getLogger(RealtimeAnswers.class.getName());

  private final double maxShare;
  private final List<Enrolled> enrolled = new CopyOnWriteArrayList<>();
  private final AtomicLong lowerings = new AtomicLong();
  private final CompletableFuture<Optional<String>> governing = new CompletableFuture<>();
  private final Thread governor;
  private volatile boolean closing;
  private volatile int raisedThreads;

  /** A thread that asked to be governed, with the attributes it goes back to when lowered. */
  private record Enrolled(String name, Thread thread, int tid, Scheduler.Attributes ordinary) {}

  private RealtimeAnswers(double maxShare) {
    this.maxShare = maxShare;
    this.governor = new Thread(this::govern, "realtime-governor");
    governor.setDaemon(true);
  }

  /**
   * Starts governing, if {@code maxShare} is above zero and this machine grants a real-time policy;
   * otherwise the threads that enroll keep their policy.
   *
   * @param maxShare the share of the engine's cores the answering threads may use on the real-time
   *     policy, measured over a second (a saturating load is caught within 100 ms whatever the
   *     share); 0 for never
   * @throws IllegalArgumentException if {@code maxShare} is negative or 1 or more
   */
  public static RealtimeAnswers start(double maxShare) {
    checked("real-time answers share", maxShare);
    RealtimeAnswers answers = new RealtimeAnswers(maxShare);
    if (maxShare == 0) {
      answers.governing.complete(Optional.of("turned off (a share of 0)"));
    } else {
      answers.governor.start();
    }
    Optional<String> refusal;
    try {
      refusal = answers.governing.get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      refusal = Optional.of("not started: interrupted");
    } catch (ExecutionException | TimeoutException e) {
      refusal = Optional.of("not started: " + e);
    }
    if (refusal.isPresent()) {
      LOG.log(
          Level.WARNING,
          "Answering threads stay on their ordinary scheduling policy: " + refusal.get());
    } else {
      LOG.log(
          Level.INFO,
          String.format(
              "Answering threads on SCHED_FIFO %d while they use at most %.0f%% of the engine's"
                  + " cores over 1 s and under 85%% over 100 ms",
              PRIORITY, maxShare * 100));
    }
    return answers;
  }

  /**
   * Returns {@code share} if it is one {@link #start} takes.
   *
   * @throws IllegalArgumentException naming {@code name} and the range, if it is negative or 1 or
   *     more
   */
  public static double checked(String name, double share) {
    if (!(share >= 0 && share < 1)) {
      throw new IllegalArgumentException(
          "Invalid " + name + " " + share + ": must be from 0 to below 1");
    }
    return share;
  }

  /**
   * Puts the calling thread under governance: it runs on the real-time policy whenever the governor
   * has the answering threads raised. Its current policy, nice value and slice are what it goes
   * back to when lowered.
   *
   * @return why the thread is not governed, or empty if it is
   */
  public Optional<String> enrollCurrentThread() {
    Optional<String> refusal = governing.getNow(Optional.of("not started"));
    if (refusal.isPresent()) {
      return refusal;
    }
    OptionalInt tid = Scheduler.currentThreadId();
    if (tid.isEmpty()) {
      return Optional.of("/proc does not tell the thread's id");
    }
    Scheduler.Attributes ordinary;
    try {
      ordinary = Scheduler.read(0);
    } catch (LastErrorException | IllegalStateException e) {
      return Optional.of("its attributes cannot be read: " + e.getMessage());
    }
    if (!ordinary.isDefaultPolicy()) {
      return Optional.of("left as it is: it runs under scheduling policy " + ordinary.policy());
    }
    Thread thread = Thread.currentThread();
    enrolled.add(new Enrolled(thread.getName(), thread, tid.getAsInt(), ordinary.settable()));
    LockSupport.unpark(governor);
    return Optional.empty();
  }

  /** Whether the calling thread runs on the real-time policy now. */
  public static boolean currentThreadRaised() {
    try {
      return Scheduler.read(0).policy() == Scheduler.SCHED_FIFO;
    } catch (LastErrorException | IllegalStateException | UnsatisfiedLinkError e) {
      return false;
    }
  }

  /** Whether the governor runs (the machine granted it a real-time policy). */
  public boolean governing() {
    return governing.getNow(Optional.of("not started")).isEmpty();
  }

  /** The threads on the real-time policy now. */
  public int raisedThreads() {
    return raisedThreads;
  }

  /** How often the governor lowered the answering threads because they used over the share. */
  public long lowerings() {
    return lowerings.get();
  }

  /** Stops governing and puts every raised thread back on its ordinary policy. */
  @Override
  public void close() {
    closing = true;
    LockSupport.unpark(governor);
    try {
      governor.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void govern() {
    try {
      Scheduler.write(0, Scheduler.Attributes.fifo(GOVERNOR_PRIORITY));
    } catch (LastErrorException e) {
      governing.complete(
          Optional.of(
              "refused by the kernel (errno "
                  + e.getErrorCode()
                  + "): a real-time policy needs CAP_SYS_NICE or an RLIMIT_RTPRIO of "
                  + GOVERNOR_PRIORITY
                  + " or more"));
      return;
    } catch (UnsatisfiedLinkError | RuntimeException e) {
      governing.complete(Optional.of("cannot call the C library (" + e.getMessage() + ")"));
      return;
    }
    governing.complete(Optional.empty());
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    ShareGovernor rule = new ShareGovernor(maxShare, TICK);
    // Per thread, its CPU time at the last sample; the running total adds what each used since.
    Map<Enrolled, Long> lastCpu = new HashMap<>();
    Map<Enrolled, Boolean> raised = new HashMap<>();
    long total = 0;
    int cores = Runtime.getRuntime().availableProcessors();
    long coresCheckedAt = System.nanoTime();
    try {
      while (!closing) {
        long now = System.nanoTime();
        if (now - coresCheckedAt > TimeUnit.SECONDS.toNanos(1)) {
          // The engine may be pinned to fewer cores after it started (the benchmark does).
          cores = Runtime.getRuntime().availableProcessors();
          coresCheckedAt = now;
        }
        for (Enrolled thread : enrolled) {
          long cpu = threads.getThreadCpuTime(thread.thread().getId());
          if (cpu < 0) {
            enrolled.remove(thread);
            lastCpu.remove(thread);
            raised.remove(thread);
            continue;
          }
          Long before = lastCpu.put(thread, cpu);
          total += before == null ? 0 : cpu - before;
        }
        ShareGovernor.Change change = rule.observe(now, total, cores);
        if (change == ShareGovernor.Change.LOWER) {
          lowerings.incrementAndGet();
          LOG.log(
              Level.INFO,
              String.format(
                  "Answering threads back on their ordinary policy: they used %.0f%% of %d"
                      + " core(s) over %d ms, over the %.0f%%; raised again after %d ms under"
                      + " %.0f%%",
                  rule.lastShare() * 100,
                  cores,
                  rule.lastWindow() * TICK.toMillis(),
                  rule.lastLimit() * 100,
                  rule.hold().toMillis(),
                  maxShare * ShareGovernor.CALM_FRACTION * 100));
        } else if (change == ShareGovernor.Change.RAISE && lowerings.get() > 0) {
          LOG.log(
              Level.INFO,
              String.format(
                  "Answering threads on SCHED_FIFO %d again: %.0f%% of %d core(s) over 1 s",
                  PRIORITY, rule.lastShare() * 100, cores));
        }
        apply(rule.raised(), raised);
        LockSupport.parkNanos(TICK.toNanos());
      }
    } catch (RuntimeException e) {
      LOG.log(Level.ERROR, "The real-time governor failed; lowering the answering threads", e);
    } finally {
      apply(false, raised);
    }
  }

  /** Gives every enrolled thread the policy {@code up} says, where it has another. */
  private void apply(boolean up, Map<Enrolled, Boolean> raised) {
    int count = 0;
    for (Enrolled thread : enrolled) {
      boolean now = raised.getOrDefault(thread, false);
      if (now != up) {
        try {
          Scheduler.write(
              thread.tid(), up ? Scheduler.Attributes.fifo(PRIORITY) : thread.ordinary());
          raised.put(thread, up);
          now = up;
        } catch (LastErrorException e) {
          // ESRCH: the thread ended since the sample; it is dropped at the next one.
          LOG.log(
              Level.DEBUG,
              "Could not change the policy of thread "
                  + thread.name()
                  + ": errno "
                  + e.getErrorCode());
        }
      }
      if (now) {
        count++;
      }
    }
    raisedThreads = count;
  }
}
