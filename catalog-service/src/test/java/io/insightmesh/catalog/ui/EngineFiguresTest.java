package io.insightmesh.catalog.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The dashboard reads the engine's counts from its Prometheus text, as the engine exposes it. */
class EngineFiguresTest {
  private static final String METRICS =
      """
      # HELP mesh_engine_claims_decided \s
      # TYPE mesh_engine_claims_decided gauge
      mesh_engine_claims_decided 1482.0
      mesh_engine_decisions 12.0
      mesh_engine_decisions_rate{decision="FLAG"} 0.21
      http_server_requests_seconds_count{method="GET",outcome="SUCCESS",status="200",uri="/api/v1/search"} 3.0
      http_server_requests_seconds_count{method="GET",outcome="CLIENT_ERROR",status="400",uri="/api/v1/search"} 1.0
      http_server_requests_seconds_count{method="POST",outcome="SUCCESS",status="200",uri="/api/v1/assessments"} 1500.0
      """;

  @Test
  void claimsAssessedAreEveryClaimWithADecisionNotTheDecisionsSinceTheEngineStarted() {
    assertThat(EngineFigures.decisions(METRICS)).hasValue(1482);
  }

  @Test
  void theRatePerHourCountsTheWorkAfterACountThatDropped() {
    // An engine restarted on a shorter log: the work after the drop is still work.
    Deque<String> answers =
        new ArrayDeque<>(
            List.of(
                "mesh_engine_claims_decided 10000.0\n",
                "mesh_engine_claims_decided 400.0\n",
                "mesh_engine_claims_decided 1400.0\n"));
    EngineClient engine =
        new EngineClient(new Config()) {
          @Override
          public String metrics() {
            return answers.removeFirst();
          }
        };
    Instant start = Instant.parse("2026-12-05T12:00:00Z");
    Instant[] now = {start};
    Clock clock =
        new Clock() {
          @Override
          public ZoneId getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(ZoneId zone) {
            return this;
          }

          @Override
          public Instant instant() {
            return now[0];
          }
        };
    EngineFigures figures = new EngineFigures(engine, clock);

    figures.current();
    now[0] = start.plusSeconds(15);
    figures.current();
    now[0] = start.plusSeconds(30);
    EngineFigures.Figures last = figures.current();

    assertThat(last.assessed()).isEqualTo(1400);
    assertThat(last.perHour()).isEqualTo(1000 * 3600 / 30.0);
  }

  @Test
  void onlySearchesAnsweredCountNotRefusedOnes() {
    // Three answered; the one refused as a bad request served no case worker.
    assertThat(EngineFigures.searches(METRICS)).hasValue(3);
  }

  @Test
  void anEngineThatHasNotSearchedHasNoSearchSeries() {
    assertThat(EngineFigures.searches("mesh_engine_decisions 3.0\n")).isEmpty();
  }

  @Test
  void dashboardsAskTheEngineOnceAtATimeAndNeverWaitBehindAnEngineThatDoesNotAnswer()
      throws Exception {
    CountDownLatch asked = new CountDownLatch(1);
    CountDownLatch answer = new CountDownLatch(1);
    AtomicInteger questions = new AtomicInteger();
    EngineClient hanging =
        new EngineClient(new Config()) {
          @Override
          public String metrics() {
            questions.incrementAndGet();
            asked.countDown();
            try {
              answer.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return METRICS;
          }
        };
    // Time stands still: on the system clock a stalled test thread saw the shared figures go stale
    // and asked the engine again.
    EngineFigures figures =
        new EngineFigures(
            hanging, Clock.fixed(Instant.parse("2026-12-05T12:00:00Z"), ZoneOffset.UTC));
    ExecutorService first = Executors.newSingleThreadExecutor();
    try {
      Future<EngineFigures.Figures> waiting = first.submit(figures::current);
      asked.await();

      // Another dashboard meanwhile: answered at once, not queued behind the hung question.
      assertThat(figures.current().reachable()).isFalse();
      assertThat(questions).hasValue(1);

      answer.countDown();
      assertThat(waiting.get().assessed()).isEqualTo(1482);
      // Fresh figures are shared: a thousand dashboards ask the engine nothing more.
      for (int i = 0; i < 1000; i++) {
        assertThat(figures.current().assessed()).isEqualTo(1482);
      }
      assertThat(questions).hasValue(1);
    } finally {
      answer.countDown();
      first.shutdownNow();
    }
  }

  private static final class Config implements UiConfig {
    @Override
    public URI engineUri() {
      return URI.create("http://127.0.0.1:9");
    }

    @Override
    public Duration engineTimeout() {
      return Duration.ofSeconds(1);
    }

    @Override
    public String sampleEvery() {
      return "15s";
    }
  }
}
