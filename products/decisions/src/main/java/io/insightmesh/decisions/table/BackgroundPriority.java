package io.insightmesh.decisions.table;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * Lowers the operating system's scheduling priority of the calling thread, for deferrable work that
 * must not delay answers: cutting a decisions release (an audit of up to {@code
 * release-max-decisions} decisions, hundreds of milliseconds of CPU) and table hygiene's rounds
 * (compaction, seconds to minutes of CPU).
 *
 * <p>On a core that also runs the event loops, Linux shares the core fairly between runnable
 * threads, so claims arriving while a release audits wait behind it: at 6,300 claims/s a 200 ms
 * audit given half the core leaves a backlog of hundreds of claims. At nice 10 the work gets what
 * the request threads leave, and a woken event loop runs first.
 *
 * <p>Not the committer: decisions waiting in the log for a committer that cannot run are not
 * progress, and its visibility target is 3 s. Tried on a core 96% busy, a committer at nice 10 fell
 * behind to a visibility p99 of 14.6 s (docs/benchmarks/scoring.md). A release or a compaction that
 * falls behind only comes later.
 *
 * <p>Java's {@link Thread#setPriority} does not reach Linux's scheduler (HotSpot ignores it unless
 * run as root with {@code -XX:ThreadPriorityPolicy=1}), so the thread renices itself: on Linux a
 * nice value belongs to a thread, and raising one's own needs no privilege. Threads a lowered
 * thread starts inherit its nice value. Best effort: without {@code /proc/thread-self} or {@code
 * renice} (not Linux) the thread keeps its priority and works as before.
 */
final class BackgroundPriority {
  private static final System.Logger LOG = System.getLogger(BackgroundPriority.class.getName());

  /**
   * Nice 10 weighs about a tenth of nice 0 in Linux's fair scheduler: on a saturated core the work
   * still gets a share and finishes, later; on a core with headroom it gets all the idle time.
   */
  static final int NICE = 10;

  private BackgroundPriority() {}

  /** Lowers the calling thread's priority to {@link #NICE}, unless it is that low already. */
  static boolean lowerCurrentThread() {
    Path self = Path.of("/proc/thread-self");
    if (!Files.exists(self)) {
      return false;
    }
    // An engine started niced as a whole stays as low as it was put.
    if (currentNice().orElse(0) >= NICE) {
      return true;
    }
    String thread = Thread.currentThread().getName();
    try {
      // "/proc/thread-self" links to "<pid>/task/<tid>".
      String tid = Files.readSymbolicLink(self).getFileName().toString();
      Process renice =
          new ProcessBuilder("renice", "-n", Integer.toString(NICE), "-p", tid)
              .redirectErrorStream(true)
              .start();
      String output = new String(renice.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!renice.waitFor(10, TimeUnit.SECONDS) || renice.exitValue() != 0) {
        LOG.log(
            Level.WARNING,
            "Could not lower the priority of thread " + thread + ": " + output.strip());
        return false;
      }
      return true;
    } catch (IOException e) {
      LOG.log(Level.WARNING, "Could not lower the priority of thread " + thread + ": " + e);
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The calling thread's nice value, from /proc; empty where /proc cannot tell. */
  static OptionalInt currentNice() {
    try {
      String stat = Files.readString(Path.of("/proc/thread-self/stat"));
      // Fields after the parenthesised name: the state is field 3 of proc(5), nice field 19.
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return OptionalInt.of(Integer.parseInt(fields[16]));
    } catch (IOException | RuntimeException e) {
      return OptionalInt.empty();
    }
  }
}
