package io.insightmesh.decisions.sched;

import static java.util.Objects.requireNonNull;

import com.sun.jna.LastErrorException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The time slice Linux's scheduler gives the calling thread: how long it runs before a thread
 * waiting for its core gets in, and so how soon the thread itself gets the core when it wakes.
 *
 * <p>Since Linux 6.6 ordinary threads share a core by EEVDF: a thread that wakes runs ahead of the
 * running one only if its virtual deadline (when it became eligible plus its slice) comes first.
 * With the kernel's default slice (0.7 ms × (1 + log2 of the cores, up to 8), 1.4 ms on the
 * benchmark's machine) an event loop woken by a claim waits while the committer encodes Parquet, a
 * JIT compiles or the catalog commits: 2–5 ms at a stretch in the scheduler traces of
 * docs/benchmarks/scoring.md, while the answers need well under one. Since Linux 6.12 a thread may
 * ask for a shorter slice ({@code sched_setattr}'s {@code sched_runtime} for {@code SCHED_OTHER},
 * 0.1 to 100 ms): its deadlines come sooner, so on waking it preempts threads on the default slice,
 * without taking a larger share of the core (that is still the nice value's weight). This is the
 * kernel's mechanism for latency-sensitive threads that are not real-time (ADR 0015).
 *
 * <p>Only for threads that should run the moment they wake, such as event loops. Not for a thread
 * that gathers others' work by waking late: given 0.1 ms, the decision log's writer of the time
 * preempted each event loop at its first append and fsynced decisions one by one, and the engine's
 * throughput halved. (The writer now holds its groups open by time; on the slice it kept its
 * throughput but the answers gained nothing, so it stays on the default: ADR 0015's amendment.)
 *
 * <p>A slice longer than the default works the other way round: a thread on it gives the core to
 * any thread of shorter slice that wakes, at the same share. The decision committer asks for one
 * (20 ms), so that the log's writer and the event loops no longer wait out its slice (ADR 0015's
 * second amendment).
 *
 * <p>Best effort: Java has no call for it, so the request goes through the C library's {@code
 * syscall} (JNA). A kernel before 6.12 ignores the field; a thread under another policy (an
 * operator's {@code chrt}) is left as it is; anywhere but Linux on x86-64 or arm64 nothing is
 * asked. {@link #request} says which, and the thread works as before.
 */
public final class SchedulerSlice {
  /** The shortest slice Linux grants (it would raise a shorter request to it). */
  public static final Duration MIN = Duration.ofNanos(100_000);

  /** The longest slice Linux grants. */
  public static final Duration MAX = Duration.ofMillis(100);

  private static final Path THREAD_SCHED = Path.of("/proc/thread-self/sched");

  /**
   * What became of a request.
   *
   * @param granted whether the calling thread now runs with the requested slice
   * @param detail what was done, or why not, for the log
   */
  public record Outcome(boolean granted, String detail) {
    /** Validates the outcome. */
    public Outcome {
      requireNonNull(detail, "detail is null");
    }
  }

  private SchedulerSlice() {}

  /**
   * Asks the scheduler to give the calling thread {@code slice}, keeping its policy and nice value.
   * Threads the caller starts afterwards inherit it.
   *
   * @throws IllegalArgumentException if {@code slice} is outside {@link #MIN} to {@link #MAX}
   */
  public static Outcome request(Duration slice) {
    checked("scheduler slice", slice);
    Optional<String> unavailable = Scheduler.unavailable();
    if (unavailable.isPresent()) {
      return new Outcome(false, "not asked: " + unavailable.get());
    }
    try {
      Scheduler.Attributes attributes = Scheduler.read(0);
      if (!attributes.isDefaultPolicy()) {
        return new Outcome(
            false, "left as it is: the thread runs under scheduling policy " + attributes.policy());
      }
      // Policy and nice value as read; only the slice changes.
      Scheduler.write(0, attributes.withRuntime(slice.toNanos()));
    } catch (LastErrorException e) {
      return new Outcome(false, "refused by the kernel: errno " + e.getErrorCode());
    } catch (UnsatisfiedLinkError | RuntimeException e) {
      return new Outcome(false, "not asked: cannot call the C library (" + e + ")");
    }
    Optional<Duration> now = current();
    if (now.isPresent() && now.get().equals(slice)) {
      return new Outcome(true, "granted");
    }
    return new Outcome(
        false,
        "ignored: the kernel ("
            + System.getProperty("os.version")
            + ") keeps "
            + now.map(Duration::toString).orElse("a slice it does not show")
            + "; custom slices need Linux 6.12 or later");
  }

  /**
   * Returns {@code slice} if Linux would grant it.
   *
   * @throws IllegalArgumentException naming {@code name} and the range, if it is outside {@link
   *     #MIN} to {@link #MAX}
   */
  public static Duration checked(String name, Duration slice) {
    requireNonNull(slice, name + " is null");
    if (slice.compareTo(MIN) < 0 || slice.compareTo(MAX) > 0) {
      throw new IllegalArgumentException(
          "Invalid "
              + name
              + " "
              + slice
              + ": a scheduler slice must be from "
              + MIN
              + " to "
              + MAX);
    }
    return slice;
  }

  /** The calling thread's slice as the kernel reports it; empty where it does not. */
  public static Optional<Duration> current() {
    try {
      for (String line : Files.readAllLines(THREAD_SCHED)) {
        if (line.startsWith("se.slice")) {
          String value = line.substring(line.indexOf(':') + 1).strip();
          return Optional.of(Duration.ofNanos(Long.parseLong(value)));
        }
      }
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
