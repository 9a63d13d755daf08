package io.insightmesh.it.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BenchmarkOptionsTest {
  @Test
  void aJvmOptionKeepsItsOwnCommas() {
    assertThat(
            BenchmarkOptions.jvmOptions(
                "-Xlog:gc*,safepoint:file=gc.log,-XX:ParallelGCThreads=1,-Dmesh.engine.hygiene-interval=PT1M"))
        .containsExactly(
            "-Xlog:gc*,safepoint:file=gc.log",
            "-XX:ParallelGCThreads=1",
            "-Dmesh.engine.hygiene-interval=PT1M");
  }

  @Test
  void anArgumentNotOfTheFormNameEqualsValueIsRefusedWithTheUsage() {
    assertThatThrownBy(() -> BenchmarkOptions.parse(new String[] {"--rate"}, "--rate=6300"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid argument --rate: use --rate=6300");
  }

  @Test
  void anOptionTheUsageDoesNotShowIsRefused() {
    assertThatThrownBy(
            () -> BenchmarkOptions.parse(new String[] {"--rats=100"}, "--rate=6300 --seconds=N"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Unknown option --rats: use --rate=6300 --seconds=N");
    assertThat(
            BenchmarkOptions.parse(
                new String[] {"--rate=100", "--seconds=5"}, "--rate=6300 --seconds=N"))
        .containsEntry("rate", "100")
        .containsEntry("seconds", "5");
  }
}
