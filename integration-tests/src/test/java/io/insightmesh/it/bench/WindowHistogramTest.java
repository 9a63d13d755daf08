package io.insightmesh.it.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WindowHistogramTest {
  private static final String FSYNC = "mesh_engine_log_fsync_seconds";

  @Test
  void aWindowsQuantilesAreTheBucketBoundsOfTheDifferenceOfTwoScrapes() {
    Map<String, Double> before =
        scrape(
            Map.of("2.62144E-4", 500.0, "0.001048576", 600.0, "0.016777216", 600.0, "+Inf", 600.0));
    // In the window: 900 fsyncs ≤ 0.26 ms, 90 more ≤ 1.05 ms, 9 more ≤ 16.8 ms, one slower.
    Map<String, Double> after =
        scrape(
            Map.of(
                "2.62144E-4",
                1400.0,
                "0.001048576",
                1590.0,
                "0.016777216",
                1599.0,
                "+Inf",
                1600.0));
    Map<String, Double> delta = new HashMap<>();
    after.forEach((key, value) -> delta.put(key, value - before.getOrDefault(key, 0.0)));
    delta.put("mesh_engine_decisions", 31_000.0);

    WindowHistogram window = WindowHistogram.of(delta, FSYNC);

    assertThat(window.count()).isEqualTo(1000);
    assertThat(window.atMostMillis(0.5)).isEqualTo(0.262144, within(1e-9));
    assertThat(window.atMostMillis(0.9)).isEqualTo(0.262144, within(1e-9));
    assertThat(window.atMostMillis(0.99)).isEqualTo(1.048576, within(1e-9));
    assertThat(window.atMostMillis(0.999)).isEqualTo(16.777216, within(1e-9));
    assertThat(window.atMostMillis(1)).isInfinite();
    assertThat(WindowHistogram.describeAtMost(window.atMostMillis(0.99))).isEqualTo("≤ 1.05 ms");
    assertThat(WindowHistogram.describeAtMost(window.atMostMillis(0.999))).isEqualTo("≤ 16.8 ms");
    assertThat(WindowHistogram.describeAtMost(window.atMostMillis(1)))
        .isEqualTo("over the largest bucket");
    assertThat(window.describe("fsyncs"))
        .isEqualTo(
            "1,000 fsyncs, p50 ≤ 0.26 ms, p99 ≤ 1.05 ms, p99.9 ≤ 16.8 ms, slowest over the largest"
                + " bucket");
  }

  @Test
  void aWindowWithoutObservationsHasNoQuantiles() {
    assertThat(WindowHistogram.of(Map.of(), FSYNC).count()).isZero();
    assertThat(WindowHistogram.of(Map.of(), FSYNC).atMostMillis(0.99)).isNaN();
    assertThat(WindowHistogram.of(scrape(Map.of("+Inf", 0.0)), FSYNC).atMostMillis(0.5)).isNaN();
  }

  private static Map<String, Double> scrape(Map<String, Double> buckets) {
    Map<String, Double> metrics = new HashMap<>();
    buckets.forEach((le, count) -> metrics.put(WindowHistogram.bucketKey(FSYNC, le), count));
    return metrics;
  }
}
