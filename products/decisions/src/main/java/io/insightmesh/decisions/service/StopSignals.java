package io.insightmesh.decisions.service;

import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Runs a task when the process is asked to stop (SIGTERM, SIGINT), before the JVM's shutdown hooks
 * start: the engine commits what is durable and cuts its last release there.
 *
 * <p><b>Why not in a shutdown hook.</b> Every Iceberg commit writes its manifests with Iceberg's
 * shared worker pool, and that pool shuts itself down in a shutdown hook of its own. The JVM runs
 * all hooks at once, so the engine's final commit, in Quarkus's hook, found the pool shut: the
 * committer took the rejection for an unknown outcome, retried until its 30 s close timeout and
 * left the batch in the log, and the final release failed the same way. Every stop took 30 s and
 * committed nothing.
 *
 * <p>One handler per signal for the JVM; the task is the running engine's (an engine restarted in
 * the same JVM, as tests do, replaces it). After the task the JVM's own handler runs, which starts
 * the shutdown hooks with the usual exit status.
 */
final class StopSignals {
  private static final Logger LOG = Logger.getLogger(StopSignals.class);
  private static final AtomicReference<Runnable> TASK = new AtomicReference<>();
  private static boolean installed;

  private StopSignals() {}

  /** Makes {@code task} the one run on a stop signal, installing the handlers the first time. */
  static synchronized void onStop(Runnable task) {
    TASK.set(task);
    if (installed) {
      return;
    }
    installed = true;
    for (String name : new String[] {"TERM", "INT"}) {
      try {
        Signal signal = new Signal(name);
        AtomicReference<SignalHandler> next = new AtomicReference<>();
        next.set(Signal.handle(signal, received -> stop(received, next.get())));
        if (next.get() == SignalHandler.SIG_IGN) {
          // Ignored on purpose (nohup): stopping is not what the operator wants on it.
          Signal.handle(signal, SignalHandler.SIG_IGN);
        }
      } catch (IllegalArgumentException unavailable) {
        // The JVM runs with -Xrs, or the signal is its own: the shutdown hook does what it can.
        LOG.debugf("Cannot handle SIG%s: %s", name, unavailable.getMessage());
      }
    }
  }

  /** Forgets {@code task} if it is the one registered: its engine closed. */
  static void forget(Runnable task) {
    TASK.compareAndSet(task, null);
  }

  private static void stop(Signal received, SignalHandler next) {
    Runnable task = TASK.getAndSet(null);
    if (task != null) {
      LOG.infof("SIG%s: committing what is durable before stopping", received.getName());
      try {
        task.run();
      } catch (RuntimeException | Error e) {
        LOG.errorf(e, "Stopping on SIG%s: the engine could not flush first", received.getName());
      }
    }
    if (next != null && next != SignalHandler.SIG_DFL) {
      next.handle(received);
    } else {
      System.exit(128 + received.getNumber());
    }
  }
}
