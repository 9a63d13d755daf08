package io.insightmesh.decisions.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.insightmesh.decisions.sched.RealtimeAnswers;
import io.insightmesh.decisions.sched.SchedulerSlice;
import io.insightmesh.decisions.service.Engine;
import io.netty.util.concurrent.EventExecutor;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

@QuarkusTest
class HttpTransportTest {
  @Inject Vertx vertx;
  @Inject Engine engine;

  @Test
  void theEventLoopsRunOnEpollWhereverTheEngineShipsItsLibrary() {
    // On Linux x86-64 a missing or broken native library would quietly put the answers back on
    // NIO, costing CPU per claim at a constant rate; elsewhere NIO is the expected fallback.
    assertThat(vertx.isNativeTransportEnabled())
        .as("native transport (unavailable because: %s)", vertx.unavailableNativeTransportCause())
        .isEqualTo(HttpTransport.expectsEpoll());
  }

  @Test
  void everyEventLoopRunsWithTheEventLoopSliceWhenNotRaised() throws Exception {
    // Without it a claim arriving while a background thread has the core waits out that thread's
    // slice (1.4 ms by default here) before its event loop runs (ADR 0015). A raised loop's slice
    // does not show (Linux keeps it for when the loop is lowered, see RealtimeAnswersTest).
    assertThat(engine.eventLoopSlice()).contains(Duration.ofNanos(100_000));
    int loops = 0;
    for (EventExecutor loop : vertx.nettyEventLoopGroup()) {
      boolean raised = loop.submit(RealtimeAnswers::currentThreadRaised).get(10, TimeUnit.SECONDS);
      if (!raised) {
        assertThat(loop.submit(SchedulerSlice::current).get(10, TimeUnit.SECONDS))
            .contains(Duration.ofNanos(100_000));
      }
      loops++;
    }
    assertThat(loops).isPositive();
  }

  @Test
  void theEventLoopsAndTheLogsWriterAreRaisedWhileTheyUseLittleOfTheCores() {
    // As root (the tests, CI, the benchmark), an idle engine's answering threads run on SCHED_FIFO
    // within a second or so of starting (ADR 0021).
    RealtimeAnswers answers = engine.realtimeAnswers();
    assertThat(answers.governing()).as("a real-time policy granted").isTrue();
    int loops = 0;
    for (EventExecutor ignored : vertx.nettyEventLoopGroup()) {
      loops++;
    }
    int answering = loops + 1;
    Awaitility.await("every event loop and the log's writer raised")
        .atMost(Duration.ofSeconds(30))
        .until(answers::raisedThreads, raised -> raised == answering);
    for (EventExecutor loop : vertx.nettyEventLoopGroup()) {
      assertThat(loop.submit(RealtimeAnswers::currentThreadRaised))
          .succeedsWithin(Duration.ofSeconds(10))
          .isEqualTo(true);
    }
  }
}
