package io.insightmesh.decisions.api;

import io.insightmesh.decisions.sched.RealtimeAnswers;
import io.insightmesh.decisions.sched.SchedulerSlice;
import io.insightmesh.decisions.service.Engine;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Has every HTTP event loop ask Linux's scheduler for what answering needs, at start: the engine's
 * scheduler slice ({@code mesh.engine.event-loop-slice}, ADR 0015), then a place among the threads
 * {@link RealtimeAnswers} raises to a real-time policy (ADR 0021). Each loop asks itself, since
 * Linux sets both per thread and only a thread knows its own id here. Event loops are created with
 * the Vert.x instance and live as long as it does, so once is enough.
 */
@ApplicationScoped
class EventLoopScheduling {
  private static final Logger LOG = Logger.getLogger(EventLoopScheduling.class);

  void request(@Observes StartupEvent start, Vertx vertx, Engine engine) {
    engine
        .eventLoopSlice()
        .ifPresent(
            slice ->
                onEveryLoop(
                    vertx,
                    String.format("scheduler slice of %d µs", slice.toNanos() / 1000),
                    () -> outcome(SchedulerSlice.request(slice))));
    // After the slice: a lowered loop goes back to the attributes it had when it enrolled.
    RealtimeAnswers answers = engine.realtimeAnswers();
    if (answers.governing()) {
      onEveryLoop(vertx, "real-time answers", answers::enrollCurrentThread);
    }
  }

  private static Optional<String> outcome(SchedulerSlice.Outcome outcome) {
    return outcome.granted() ? Optional.empty() : Optional.of(outcome.detail());
  }

  /**
   * Runs {@code request} on every event loop and logs how many it was granted to, and the first
   * refusal's reason.
   */
  private static void onEveryLoop(Vertx vertx, String what, Callable<Optional<String>> request) {
    List<Future<Optional<String>>> requests = new ArrayList<>();
    for (EventExecutor loop : vertx.nettyEventLoopGroup()) {
      requests.add(loop.submit(request));
    }
    int granted = 0;
    String refusal = null;
    for (Future<Optional<String>> pending : requests) {
      Optional<String> outcome;
      try {
        outcome = pending.get(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (ExecutionException | TimeoutException e) {
        outcome = Optional.of("not asked: " + e);
      }
      if (outcome.isEmpty()) {
        granted++;
      } else if (refusal == null) {
        refusal = outcome.get();
      }
    }
    String summary =
        String.format("HTTP event loops' %s: granted to %d of %d", what, granted, requests.size());
    if (refusal == null) {
      LOG.info(summary);
    } else {
      LOG.warnf("%s; %s", summary, refusal);
    }
  }
}
