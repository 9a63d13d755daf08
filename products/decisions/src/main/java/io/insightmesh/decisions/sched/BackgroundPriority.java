package io.insightmesh.decisions.sched;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * How far below the answers a background thread runs: the operating system's scheduling priority
 * (nice value) its thread gives itself, for work that must not delay answers.
 *
 * <p>On a core that also runs the event loops, Linux shares the core between runnable threads by
 * weight: at nice 0 a background thread takes half the core while it runs, and claims arriving
 * meanwhile wait behind it. A lower priority gives it what the request threads leave.
 *
 * <p>Two levels, because the work differs in whether it may fall behind:
 *
 * <ul>
 *   <li>{@link #KEEP_UP}, nice 10, for work that must keep pace with the claims: the case workers'
 *       search index. Nice 10 weighs about a tenth of nice 0, so beside a busy event loop it still
 *       gets ~9 % of the core.
 *   <li>{@link #IDLE_TIME}, nice 19, for work that may wait for the core's idle time: cutting a
 *       decisions release (an audit of up to {@code release-max-decisions} decisions, hundreds of
 *       milliseconds of CPU) and table hygiene's rounds (compaction, seconds to minutes). At nice
 *       10 a hygiene round still took ~9 % of a core the answers needed: 2.07 and 2.79 CPU s of a
 *       20 s window at 6,300 claims/s, on a core that was otherwise ~85 % busy, and the window
 *       queued throughout (docs/benchmarks/scoring.md). Nice 19 weighs 1.5 % of nice 0: on a
 *       saturated core the work still gets a sliver and finishes, much later; on a core with
 *       headroom it gets all the idle time.
 * </ul>
 *
 * <p>Not the committer: decisions waiting in the log for a committer that cannot run are not
 * progress, and its visibility target is 3 s. Tried on a core 96% busy, a committer at nice 10 fell
 * behind to a visibility p99 of 14.6 s (docs/benchmarks/scoring.md). A release or a compaction that
 * falls behind only comes later.
 *
 * <p>Work a background thread hands to a pool runs at the pool threads' priority, not its own.
 * Iceberg reads manifests on a worker pool shared by the whole JVM, whose threads the committer
 * starts at nice 0; so table hygiene and the releaser give Iceberg pools of their own, made with
 * {@link #daemonThreads}.
 *
 * <p>Java's {@link Thread#setPriority} does not reach Linux's scheduler (HotSpot ignores it unless
 * run as root with {@code -XX:ThreadPriorityPolicy=1}), so the thread renices itself: on Linux a
 * nice value belongs to a thread, and raising one's own needs no privilege. Threads a lowered
 * thread starts inherit its nice value. Best effort: without {@code /proc/thread-self} or {@code
 * renice} (not Linux) the thread keeps its priority and works as before.
 */
public enum BackgroundPriority {
  /** Nice 10: for work that must keep pace with the claims. */
  KEEP_UP(10),

  /** Nice 19, the lowest: for work that may wait for the core's idle time. */
  IDLE_TIME(19);

  private static final System.Logger LOG = System.getLogger(BackgroundPriority.class.getName());

  private final int nice;

  BackgroundPriority(int nice) {
    this.nice = nice;
  }

  /** The nice value a thread at this priority runs at. */
  public int nice() {
    return nice;
  }

  /**
   * Daemon threads named {@code name} that lower themselves to this priority before their first
   * task: for a pool the background work hands its parts to, which would otherwise run at the
   * priority of whichever thread happened to start the pool's threads.
   */
  public ThreadFactory daemonThreads(String name) {
    return runnable -> {
      Thread thread =
          new Thread(
              () -> {
                lowerCurrentThread();
                runnable.run();
              },
              name);
      thread.setDaemon(true);
      return thread;
    };
  }

  /**
   * Lowers the calling thread's priority to this one's nice value, unless it is that low already.
   */
  public boolean lowerCurrentThread() {
    OptionalInt tid = Scheduler.currentThreadId();
    if (tid.isEmpty()) {
      return false;
    }
    // An engine started niced as a whole stays as low as it was put.
    if (currentNice().orElse(0) >= nice) {
      return true;
    }
    String thread = Thread.currentThread().getName();
    try {
      Process renice =
          new ProcessBuilder(
                  "renice", "-n", Integer.toString(nice), "-p", Integer.toString(tid.getAsInt()))
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
  public static OptionalInt currentNice() {
    return niceOf(Path.of("/proc/thread-self"));
  }

  /**
   * The nice value of the thread whose /proc directory is {@code task} (such as {@code
   * /proc/self/task/<tid>}); empty where /proc cannot tell, or the thread has ended.
   */
  public static OptionalInt niceOf(Path task) {
    try {
      String stat = Files.readString(task.resolve("stat"));
      // Fields after the parenthesised name: the state is field 3 of proc(5), nice field 19.
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return OptionalInt.of(Integer.parseInt(fields[16]));
    } catch (IOException | RuntimeException e) {
      return OptionalInt.empty();
    }
  }
}
