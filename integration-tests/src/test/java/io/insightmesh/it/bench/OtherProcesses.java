package io.insightmesh.it.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What every process on the machine other than the benchmark's own used in a measured window, by
 * name, from /proc: another program, a kernel thread or an observer started beside the benchmark
 * takes a core from the load generator or the server, and a late send or a late answer is charged
 * to the server. Scheduler traces found such neighbours only after the fact
 * (docs/benchmarks/scoring.md); this says in every run's output whether there were any.
 *
 * <p>Per process, not per core: a process's own counters are its exact run time, while a core's in
 * /proc/stat are sampled at the scheduler's tick and on the benchmark machine put the load
 * generator's core at less than the generator alone used. A process's time includes its children it
 * has reaped, so a shell loop's short-lived commands count under the shell.
 */
final class OtherProcesses {
  private OtherProcesses() {}

  /**
   * A process as /proc names it, its CPU ticks (its own and its reaped children's), and when it
   * started (clock ticks after boot), which with the pid tells one process from a later one.
   */
  record Usage(String name, long ticks, long started) {}

  /** Every process now, by pid; one that ends while they are read is left out. */
  static Map<Long, Usage> now() {
    Map<Long, Usage> processes = new HashMap<>();
    try (var entries = Files.list(Path.of("/proc"))) {
      for (Path entry : (Iterable<Path>) entries::iterator) {
        String name = entry.getFileName().toString();
        if (!name.chars().allMatch(Character::isDigit)) {
          continue;
        }
        try {
          processes.put(Long.parseLong(name), parse(Files.readString(entry.resolve("stat"))));
        } catch (IOException | RuntimeException e) {
          // Ended meanwhile, or not readable: it cannot be counted either way.
        }
      }
    } catch (IOException e) {
      // No /proc (not Linux): nothing to say.
    }
    return processes;
  }

  /** A process's /proc/PID/stat line. */
  static Usage parse(String stat) {
    // The command name is in parentheses and may hold spaces and parentheses itself.
    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
    // utime, stime, cutime, cstime: fields 14 to 17 of proc(5), 12 to 15 here.
    long ticks = 0;
    for (int field = 11; field <= 14; field++) {
      ticks += Long.parseLong(fields[field]);
    }
    // starttime: field 22 of proc(5), 19 here.
    return new Usage(name, ticks, Long.parseLong(fields[19]));
  }

  /**
   * What the processes other than {@code own} used between the two readings, summed by the name
   * they had at the second, those that used any. A process started in between counts whole; one
   * that ended in between is not seen, unless a parent reaped it. A process is its pid and start
   * time, not its name: a kernel worker's name ends with the work queue it served last ({@code
   * kworker/0:1-events}, then {@code kworker/0:1-mm_percpu_wq}), and taken for a new process each
   * rename charged its whole life to the window — seconds a window, where a scheduler trace of the
   * same window found the kernel workers running a tenth of a second.
   */
  static Map<String, Long> used(Map<Long, Usage> before, Map<Long, Usage> after, Set<Long> own) {
    Map<String, Long> used = new TreeMap<>();
    after.forEach(
        (pid, usage) -> {
          if (own.contains(pid)) {
            return;
          }
          Usage earlier = before.get(pid);
          long delta =
              earlier != null && earlier.started() == usage.started()
                  ? usage.ticks() - earlier.ticks()
                  : usage.ticks();
          if (delta > 0) {
            used.merge(usage.name(), delta, Long::sum);
          }
        });
    return used;
  }

  /** A line saying what they used, the five that used most by name. */
  static String describe(Map<String, Long> used) {
    long total = used.values().stream().mapToLong(Long::longValue).sum();
    if (total == 0) {
      return "no other process used CPU in the window";
    }
    String most =
        used.entrySet().stream()
            .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
            .limit(5)
            .map(entry -> entry.getKey() + " " + seconds(entry.getValue()))
            .collect(Collectors.joining(", "));
    return String.format(
        Locale.ROOT, "other processes used %s CPU s in the window (%s)", seconds(total), most);
  }

  private static String seconds(long ticks) {
    return String.format(Locale.ROOT, "%.2f", ticks / ThreadCpu.TICKS_PER_SECOND);
  }
}
