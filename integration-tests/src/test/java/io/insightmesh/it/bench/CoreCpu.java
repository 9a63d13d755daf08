package io.insightmesh.it.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What one core did in a measured window, from Linux's /proc/stat, beside what the benchmark's own
 * processes on it used: whatever else ran there (another program, a kernel thread, an observer
 * someone started beside the benchmark) took the core from the load generator or the server, and a
 * late send or a late answer is charged to the server. Scheduler traces found such neighbours after
 * the fact (docs/benchmarks/scoring.md); this says in every run's output whether there were any.
 */
final class CoreCpu {
  private CoreCpu() {}

  /**
   * One core's counters, in {@link ThreadCpu#TICKS_PER_SECOND} ticks: time it ran tasks (user, nice
   * and system), served interrupts (hard and soft) and lost to the hypervisor (steal).
   */
  record Counters(long tasks, long interrupts, long steal) {
    Counters minus(Counters before) {
      return new Counters(
          tasks - before.tasks, interrupts - before.interrupts, steal - before.steal);
    }
  }

  /** Core {@code core}'s counters now. */
  static Counters of(int core) {
    try {
      return parse(Files.readString(Path.of("/proc/stat")), core);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Core {@code core}'s counters in {@code procStat}, the text of /proc/stat.
   *
   * @throws IllegalArgumentException if it has no line for that core
   */
  static Counters parse(String procStat, int core) {
    String prefix = "cpu" + core + " ";
    for (String line : procStat.split("\n")) {
      if (line.startsWith(prefix)) {
        String[] fields = line.substring(prefix.length()).trim().split("\\s+");
        // user nice system idle iowait irq softirq steal (proc(5)); guest time is inside user.
        long[] value = new long[8];
        for (int i = 0; i < value.length && i < fields.length; i++) {
          value[i] = Long.parseLong(fields[i]);
        }
        return new Counters(value[0] + value[1] + value[2], value[5] + value[6], value[7]);
      }
    }
    throw new IllegalArgumentException("No line for core " + core + " in /proc/stat");
  }

  /**
   * A line on what the core did in a window: its busy CPU seconds, those of {@code known} processes
   * (name to ticks, all of whose threads ran on this core), interrupts, what anything else used,
   * and the hypervisor's steal when there was any. Anything else is the tasks' time the known
   * processes do not account for; tick rounding makes it a few hundredths either way.
   */
  static String describe(int core, Counters used, Map<String, Long> known) {
    long knownTicks = known.values().stream().mapToLong(Long::longValue).sum();
    Map<String, Long> parts = new LinkedHashMap<>(known);
    parts.put("interrupts", used.interrupts());
    parts.put("anything else", Math.max(0, used.tasks() - knownTicks));
    String split =
        parts.entrySet().stream()
            .map(part -> part.getKey() + " " + seconds(part.getValue()))
            .collect(Collectors.joining(", "));
    String steal =
        used.steal() > 0 ? "; the hypervisor took " + seconds(used.steal()) + " CPU s" : "";
    return String.format(
        Locale.ROOT,
        "core %d busy %s CPU s (%s)%s",
        core,
        seconds(used.tasks() + used.interrupts()),
        split,
        steal);
  }

  private static String seconds(long ticks) {
    return String.format(Locale.ROOT, "%.2f", ticks / ThreadCpu.TICKS_PER_SECOND);
  }
}
