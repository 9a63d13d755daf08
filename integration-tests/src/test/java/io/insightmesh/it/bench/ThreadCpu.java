package io.insightmesh.it.bench;

import io.insightmesh.it.harness.ProcessThreads;
import io.insightmesh.it.harness.ProcessThreads.ThreadStat;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * CPU time of a process's threads from Linux's /proc, by thread name: which of a server's threads
 * took its core in a measured window (the event loops, or the background work beside them).
 */
final class ThreadCpu {
  /** Linux's USER_HZ: /proc counts CPU time in these. */
  static final double TICKS_PER_SECOND = 100;

  private ThreadCpu() {}

  /**
   * The CPU ticks (user and system) of the threads of {@code pid} whose names {@code names}
   * accepts; threads that end while they are read count as far as they were read, and no /proc
   * counts 0.
   */
  static long ticks(long pid, Predicate<String> names) {
    long ticks = 0;
    for (Map.Entry<String, Long> group : byGroup(pid).entrySet()) {
      if (names.test(group.getKey())) {
        ticks += group.getValue();
      }
    }
    return ticks;
  }

  /**
   * The CPU ticks of the threads of {@code pid}, summed by {@link #group} of their names; empty
   * where /proc cannot tell.
   */
  static Map<String, Long> byGroup(long pid) {
    Map<String, Long> ticks = new TreeMap<>();
    for (ThreadStat thread : ProcessThreads.of(pid)) {
      ticks.merge(group(thread.name()), thread.cpuTicks(), Long::sum);
    }
    return ticks;
  }

  /**
   * A thread's name without its number in a pool ({@code vert.x-eventloop-thread-1}, {@code GC
   * Thread#3}, {@code executor-thread-12}), so that a pool reads as one line.
   */
  static String group(String name) {
    int end = name.length();
    while (end > 0 && Character.isDigit(name.charAt(end - 1))) {
      end--;
    }
    while (end > 0 && "-#_ ".indexOf(name.charAt(end - 1)) >= 0) {
      end--;
    }
    return end == 0 ? name : name.substring(0, end);
  }

  /** {@code after} minus {@code before}, group by group, for the threads that used any. */
  static Map<String, Long> used(Map<String, Long> before, Map<String, Long> after) {
    Map<String, Long> used = new TreeMap<>();
    after.forEach(
        (group, ticks) -> {
          long delta = ticks - before.getOrDefault(group, 0L);
          if (delta > 0) {
            used.put(group, delta);
          }
        });
    return used;
  }

  /**
   * How {@code pid}'s event loops and log writer are scheduled at the window's end (on {@code
   * SCHED_FIFO}, ADR 0021, or their slice, ADR 0015) and the slice most of its other threads have
   * (the kernel's default, unless an operator changed it), for the log: which the run had is part
   * of its result.
   */
  static String eventLoopSlices(long pid) {
    TreeSet<String> loops = new TreeSet<>();
    TreeSet<String> writer = new TreeSet<>();
    Map<Long, Integer> others = new HashMap<>();
    for (ThreadStat thread : ProcessThreads.of(pid)) {
      String scheduled =
          thread.policy() == ThreadStat.FIFO
              ? "on SCHED_FIFO"
              : "slice " + micros(thread.sliceNanos());
      if (thread.name().startsWith("vert.x-eventloo")) {
        loops.add(scheduled);
      } else if (thread.name().equals("decision-log-wr")) {
        writer.add(scheduled);
      } else if (thread.policy() != ThreadStat.FIFO) {
        others.merge(thread.sliceNanos(), 1, Integer::sum);
      }
    }
    String usual =
        others.entrySet().stream()
            .max(Comparator.comparing(Map.Entry::getValue))
            .map(entry -> micros(entry.getKey()))
            .orElse("?");
    return "the event loops "
        + String.join(", ", loops)
        + (writer.isEmpty() ? "" : ", the log's writer " + String.join(", ", writer))
        + ", the other threads' slice "
        + usual;
  }

  private static String micros(long nanos) {
    return nanos == 0 ? "not shown" : String.format(Locale.ROOT, "%,d µs", nanos / 1000);
  }
}
