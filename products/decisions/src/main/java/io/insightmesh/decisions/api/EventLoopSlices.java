package io.insightmesh.decisions.api;

import io.insightmesh.decisions.sched.SchedulerSlice;
import io.insightmesh.decisions.service.Engine;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Gives every HTTP event loop the engine's scheduler slice ({@code mesh.engine.event-loop-slice},
 * ADR 0015) at start: each loop asks for it itself, since Linux sets a slice per thread and only a
 * thread knows its own id here. Event loops are created with the Vert.x instance and live as long
 * as it does, so once is enough.
 */
@ApplicationScoped
class EventLoopSlices {
  private static final Logger LOG = Logger.getLogger(EventLoopSlices.class);

  void request(@Observes StartupEvent start, Vertx vertx, Engine engine) {
    engine.eventLoopSlice().ifPresent(slice -> request(vertx, slice));
  }

  private static void request(Vertx vertx, Duration slice) {
    List<Future<SchedulerSlice.Outcome>> requests = new ArrayList<>();
    for (EventExecutor loop : vertx.nettyEventLoopGroup()) {
      requests.add(loop.submit(() -> SchedulerSlice.request(slice)));
    }
    int granted = 0;
    String refusal = null;
    for (Future<SchedulerSlice.Outcome> request : requests) {
      SchedulerSlice.Outcome outcome;
      try {
        outcome = request.get(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (ExecutionException | TimeoutException e) {
        outcome = new SchedulerSlice.Outcome(false, "not asked: " + e);
      }
      if (outcome.granted()) {
        granted++;
      } else if (refusal == null) {
        refusal = outcome.detail();
      }
    }
    String summary =
        String.format(
            "HTTP event loops' scheduler slice of %d µs: granted to %d of %d",
            slice.toNanos() / 1000, granted, requests.size());
    if (refusal == null) {
      LOG.info(summary);
    } else {
      LOG.warnf("%s; %s", summary, refusal);
    }
  }
}
