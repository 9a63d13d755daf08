package io.insightmesh.catalog.ui;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The dashboard reads the engine's counts from its Prometheus text, as the engine exposes it. */
class EngineFiguresTest {
  private static final String METRICS =
      """
      # HELP mesh_engine_decisions \s
      # TYPE mesh_engine_decisions gauge
      mesh_engine_decisions 1482.0
      mesh_engine_decisions_rate{decision="FLAG"} 0.21
      http_server_requests_seconds_count{method="GET",outcome="SUCCESS",status="200",uri="/api/v1/search"} 3.0
      http_server_requests_seconds_count{method="GET",outcome="CLIENT_ERROR",status="400",uri="/api/v1/search"} 1.0
      http_server_requests_seconds_count{method="POST",outcome="SUCCESS",status="200",uri="/api/v1/assessments"} 1500.0
      """;

  @Test
  void decisionsAreTheEnginesCountNotItsRates() {
    assertThat(EngineFigures.decisions(METRICS)).hasValue(1482);
  }

  @Test
  void everySearchCountsWhateverItsAnswer() {
    assertThat(EngineFigures.searches(METRICS)).hasValue(4);
  }

  @Test
  void anEngineThatHasNotSearchedHasNoSearchSeries() {
    assertThat(EngineFigures.searches("mesh_engine_decisions 3.0\n")).isEmpty();
  }
}
