package io.insightmesh.it.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A process's threads as Linux's /proc shows them: what the benchmarks read to say which threads
 * took a core, and the tests to see each thread's priority and scheduler slice.
 */
public final class ProcessThreads {
  /**
   * One thread of a process.
   *
   * @param name its name ({@code comm}, which Linux cuts to 15 characters)
   * @param cpuTicks its CPU time, user and system, in USER_HZ ticks
   * @param nice its nice value
   * @param sliceNanos its scheduler time slice ({@code se.slice} of its {@code sched} file), 0
   *     where the kernel does not show it (as for a thread on a real-time policy)
   * @param policy its scheduling policy: 0 the default ({@code SCHED_OTHER}), 1 {@code SCHED_FIFO}
   */
  public record ThreadStat(String name, long cpuTicks, int nice, long sliceNanos, int policy) {
    /** {@code SCHED_FIFO}'s number. */
    public static final int FIFO = 1;
  }

  private ProcessThreads() {}

  /**
   * The threads of {@code pid}; a thread that ends while they are read is left out, and where /proc
   * cannot tell (no such process, not Linux) the list is empty.
   */
  public static List<ThreadStat> of(long pid) {
    List<ThreadStat> threads = new ArrayList<>();
    if (pid <= 0) {
      return threads;
    }
    try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path task : (Iterable<Path>) tasks::iterator) {
        try {
          String stat = Files.readString(task.resolve("stat"));
          String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
          // proc(5): after the parenthesised name, the state is the 1st field, utime the 12th,
          // stime the 13th, nice the 17th and policy the 39th.
          String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          threads.add(
              new ThreadStat(
                  name,
                  Long.parseLong(fields[11]) + Long.parseLong(fields[12]),
                  Integer.parseInt(fields[16]),
                  sliceNanos(task),
                  Integer.parseInt(fields[38])));
        } catch (IOException gone) {
          // The thread ended between listing and reading.
        }
      }
    } catch (IOException | RuntimeException gone) {
      // No such process, or no /proc: what was read.
    }
    return threads;
  }

  private static long sliceNanos(Path task) throws IOException {
    for (String line : Files.readAllLines(task.resolve("sched"))) {
      if (line.startsWith("se.slice")) {
        return Long.parseLong(line.substring(line.indexOf(':') + 1).strip());
      }
    }
    return 0;
  }
}
