package io.insightmesh.decisions.table;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Lowers the operating system's scheduling priority of the calling thread, for work that must not
 * delay answers: the once-a-second commit of decisions to the table, loading a profiles release,
 * cutting a decisions release.
 *
 * <p>A commit is tens of milliseconds of CPU (Parquet, manifests, the catalog round trip). On a
 * core that also runs the event loop, Linux shares the core fairly between the two, so a claim
 * arriving during a commit waits for it: the commit sets the engine's p99. At a higher nice value
 * the committer gets whatever the request threads leave, and a woken event loop preempts it at
 * once. Java's {@link Thread#setPriority} does not reach Linux's scheduler (HotSpot ignores it
 * unless run as root with {@code -XX:ThreadPriorityPolicy=1}), so the thread renices itself: on
 * Linux a nice value belongs to a thread, and raising one's own needs no privilege. Threads the
 * lowered thread starts afterwards inherit its nice value.
 *
 * <p>Best effort: where there is no {@code /proc/thread-self} or no {@code renice} (not Linux) the
 * thread keeps its priority and the engine works as before, with commits competing with answers.
 */
public final class BackgroundPriority {
  private static final System.Logger LOG = System.getLogger(BackgroundPriority.class.getName());

  /**
   * Nice 10 weighs a tenth of nice 0 in Linux's fair scheduler: a saturated engine still gives its
   * committer about a tenth of the core, so the table keeps up, while an engine with headroom gives
   * it all the idle time it needs.
   */
  static final int NICE = 10;

  private BackgroundPriority() {}

  /** Lowers the calling thread's priority; whether it did. */
  public static boolean lowerCurrentThread() {
    Path self = Path.of("/proc/thread-self");
    if (!Files.exists(self)) {
      return false;
    }
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
            "Could not lower the priority of thread "
                + Thread.currentThread().getName()
                + ": "
                + output.strip());
        return false;
      }
      return true;
    } catch (IOException e) {
      LOG.log(
          Level.WARNING,
          "Could not lower the priority of thread " + Thread.currentThread().getName() + ": " + e);
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
