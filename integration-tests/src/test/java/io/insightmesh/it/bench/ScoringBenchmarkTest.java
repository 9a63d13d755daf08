package io.insightmesh.it.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.insightmesh.it.harness.EngineServer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScoringBenchmarkTest {
  @Test
  void namesTheStretchesOverTheTargetSlowestFirstWithTheirClockTime() {
    long start = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.parse("2026-12-01T13:40:00Z"));
    // 100 ms slices: one at 5 ms (the target itself, not over), a stretch of two slices from
    // 0.3 s up to 40 ms, and one slice at 1.0 s of 120 ms.
    String slices = "900,5000,800,12000,40000,700,600,650,900,1000,120000,800";

    assertThat(ScoringBenchmark.describeStalls(Long.toString(start), slices))
        .isEqualTo(
            "arrivals waited over 5 ms in 3 of 12 100 ms slices, in 2 stretches;"
                + " slowest: 13:40:01.0 UTC for 100 ms, up to 120.0 ms,"
                + " 13:40:00.3 UTC for 200 ms, up to 40.0 ms");
    assertThat(ScoringBenchmark.describeStalls(Long.toString(start), "900,800"))
        .isEqualTo("arrivals waited over 5 ms in 0 of 2 100 ms slices, in 0 stretches");
  }

  @Test
  void acceptsOnlyTrueOrFalseForAQuietClient() {
    assertThat(ScoringBenchmark.quietClient("true")).isTrue();
    assertThat(ScoringBenchmark.quietClient("false")).isFalse();
    assertThatThrownBy(() -> ScoringBenchmark.quietClient("yes"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid --quiet-client=yes: must be true or false");
  }

  @Test
  void listsTheBusiestThreadsFirstWithTheirCostAnAnswerAndLeavesOutTheIdle() {
    Map<String, Long> ticks =
        Map.of("vert.x-eventloop-thread", 900L, "decision-commit", 150L, "Timer", 1L);
    assertThat(ScoringBenchmark.threadShares(ticks, 126_000))
        .isEqualTo("vert.x-eventloop-thread 9.00 (71.4), decision-commit 1.50 (11.9)");
    assertThat(ScoringBenchmark.threadShares(ticks, 0))
        .isEqualTo("vert.x-eventloop-thread 9.00, decision-commit 1.50");
    assertThat(ScoringBenchmark.threadShares(Map.of(), 126_000)).isEqualTo("none measured");
  }

  @Test
  void listsTheCatalogsEndpointsByTheTimeTheyTookBusiestFirst() {
    assertThat(
            ScoringBenchmark.catalogShares(
                List.of(
                    new CatalogRequests.Endpoint(
                        "GET",
                        "/iceberg/v1/{prefix}/namespaces/{namespace}/tables/{table}",
                        400,
                        0.2),
                    new CatalogRequests.Endpoint(
                        "POST",
                        "/iceberg/v1/{prefix}/namespaces/{namespace}/tables/{table}",
                        20,
                        0.5))))
        .isEqualTo(
            "POST iceberg/namespaces/{namespace}/tables/{table} 20 × 25.00 ms,"
                + " GET iceberg/namespaces/{namespace}/tables/{table} 400 × 0.50 ms");
    assertThat(ScoringBenchmark.catalogShares(List.of())).isEqualTo("nothing");
  }

  @Test
  void namesTheEnginesOptionsRelativeToTheCheckoutWithTheRunsOwnLast() {
    String heap = System.getProperty(EngineServer.HEAP_PROPERTY);
    String offHeap = System.getProperty(EngineServer.OFF_HEAP_PROPERTY);
    String loops = System.getProperty(EngineServer.EVENT_LOOPS_PROPERTY);
    String extra = System.getProperty(EngineServer.JVM_OPTIONS_PROPERTY);
    try {
      System.setProperty(EngineServer.HEAP_PROPERTY, ScoringBenchmark.ENGINE_HEAP);
      System.setProperty(EngineServer.OFF_HEAP_PROPERTY, ScoringBenchmark.ENGINE_OFF_HEAP);
      System.setProperty(EngineServer.EVENT_LOOPS_PROPERTY, ScoringBenchmark.ENGINE_EVENT_LOOPS);
      System.setProperty(EngineServer.JVM_OPTIONS_PROPERTY, "-XX:+AlwaysPreTouch");

      assertThat(ScoringBenchmark.engineJvmOptions())
          .containsExactly(
              "-Xms6g",
              "-Xmx6g",
              "-XX:+UseTransparentHugePages",
              "-XX:-G1UseAdaptiveIHOP",
              "-XX:InitiatingHeapOccupancyPercent=80",
              "-XX:MaxDirectMemorySize=12g",
              "-XX:+UnlockDiagnosticVMOptions",
              "-XX:CompilerDirectivesFile=products/decisions/jvm/compiler-directives.json",
              "-XX:GuaranteedSafepointInterval=0",
              "-Dquarkus.vertx.event-loops-pool-size=1",
              "-XX:+AlwaysPreTouch");
    } finally {
      restore(EngineServer.HEAP_PROPERTY, heap);
      restore(EngineServer.OFF_HEAP_PROPERTY, offHeap);
      restore(EngineServer.EVENT_LOOPS_PROPERTY, loops);
      restore(EngineServer.JVM_OPTIONS_PROPERTY, extra);
    }
  }

  private static void restore(String property, String value) {
    if (value == null) {
      System.clearProperty(property);
    } else {
      System.setProperty(property, value);
    }
  }
}
