package io.insightmesh.decisions.table;

import static java.util.Objects.requireNonNull;

import io.insightmesh.decisions.sched.BackgroundPriority;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A task run with a fixed delay on a daemon thread of its own, started once and stopped once: the
 * releaser's cycles, table hygiene's rounds and the search index's background indexing. Daemon, so
 * that a task stuck on the catalog never keeps the engine's JVM alive. The thread runs at its
 * {@link BackgroundPriority}: these tasks can wait, and answers cannot.
 */
public final class Periodic {
  /** How {@link #stop} ended. */
  public enum Stopped {
    /** It was never started, or already stopped. */
    NOT_RUNNING,
    /** No task is in flight any more. */
    DONE,
    /** A task was still in flight when the wait ended or the caller was interrupted. */
    STILL_RUNNING
  }

  private static final Logger LOG = System.getLogger(Periodic.class.getName());

  private final String threadName;
  private final BackgroundPriority priority;
  private ScheduledExecutorService scheduler;

  public Periodic(String threadName, BackgroundPriority priority) {
    this.threadName = requireNonNull(threadName, "threadName is null");
    this.priority = requireNonNull(priority, "priority is null");
  }

  /**
   * Runs {@code task} after {@code initialDelay}, then every {@code delay} after each run ends.
   *
   * @throws IllegalStateException if it was already started
   */
  public synchronized void start(
      String what, Runnable task, Duration initialDelay, Duration delay) {
    if (scheduler != null) {
      throw new IllegalStateException("Cannot start " + what + ": already started");
    }
    scheduler = Executors.newSingleThreadScheduledExecutor(priority.daemonThreads(threadName));
    scheduler.scheduleWithFixedDelay(
        () -> runGuarded(what, task),
        initialDelay.toNanos(),
        delay.toNanos(),
        TimeUnit.NANOSECONDS);
  }

  /**
   * The tasks record their own failures; an error escaping one (a heap too small for a round) would
   * otherwise end every later run without a word, the executor keeping it in a future nobody reads.
   */
  private static void runGuarded(String what, Runnable task) {
    try {
      task.run();
    } catch (RuntimeException | Error e) {
      try {
        LOG.log(Level.ERROR, "A run of " + what + " failed; the next run comes as scheduled", e);
      } catch (RuntimeException | Error again) {
        // Out of memory again while saying so: thrown from here, it would end every later run.
      }
    }
  }

  /**
   * Starts no more runs and waits up to {@code wait} for the one in flight. Interrupted, it keeps
   * the interrupt and answers {@link Stopped#STILL_RUNNING}.
   */
  public Stopped stop(Duration wait) {
    ScheduledExecutorService running;
    synchronized (this) {
      running = scheduler;
      scheduler = null;
    }
    if (running == null) {
      return Stopped.NOT_RUNNING;
    }
    running.shutdown();
    try {
      return running.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS)
          ? Stopped.DONE
          : Stopped.STILL_RUNNING;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Stopped.STILL_RUNNING;
    }
  }
}
