package io.insightmesh.decisions.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.insightmesh.decisions.log.DecisionLog;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineTest {
  /** Holds one frame of the engine's largest record (32 KiB), so a few hundred small ones roll. */
  private static final long SEGMENT_BYTES = 40_000;

  @TempDir Path dataDir;

  @Test
  void withoutTheCatalogAFreshEngineStarts() {
    Engine engine = new Engine(config(false));
    try {
      assertThat(engine.log().firstSequence()).isEqualTo(1);
      assertThat(engine.assessments()).isNotNull();
    } finally {
      engine.close();
    }
  }

  @Test
  void withoutTheCatalogALogTruncatedByACommittingRunIsRefused() {
    // A run with the catalog committed the first segments' decisions and deleted those segments:
    // they are only in the table now.
    Path logDirectory = dataDir.resolve("decisions").resolve("log");
    try (DecisionLog log =
        DecisionLog.open(logDirectory, new DecisionLog.Options(SEGMENT_BYTES, 32 << 10, 1 << 20))) {
      List<byte[]> payloads = new ArrayList<>();
      for (int n = 0; n < 600; n++) {
        payloads.add(new byte[200]);
      }
      log.append(payloads).join();
      assertThat(log.truncateBefore(log.durableSequence())).isPositive();
    }

    assertThatThrownBy(() -> new Engine(config(false)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith(
            "Cannot start with mesh.engine.catalog-enabled=false: the decision log in "
                + logDirectory
                + " starts at sequence ")
        .hasMessageContaining(
            "Start with the catalog enabled, or with another mesh.engine.data-dir");
    // Refused without keeping the log locked: the engine can start with the catalog instead.
    try (DecisionLog reopened =
        DecisionLog.open(logDirectory, new DecisionLog.Options(SEGMENT_BYTES, 32 << 10, 1 << 20))) {
      assertThat(reopened.durableSequence()).isEqualTo(600);
    }
  }

  @Test
  void anEventLoopSliceLinuxWouldNotGrantIsRefusedBeforeAnythingOpens() {
    EngineConfig config =
        TestEngineConfigs.of(
            dataDir, Map.of("catalog-enabled", "false", "event-loop-slice", "PT0.00005S"));

    assertThatThrownBy(() -> new Engine(config))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Invalid mesh.engine.event-loop-slice PT0.00005S: a scheduler slice must be from PT0.0001S"
                + " to PT0.1S");
    assertThat(dataDir.resolve("decisions")).doesNotExist();
  }

  @Test
  void aCommitterSliceLinuxWouldNotGrantIsRefusedBeforeAnythingOpens() {
    EngineConfig config =
        TestEngineConfigs.of(
            dataDir, Map.of("catalog-enabled", "false", "committer-slice", "PT0.2S"));

    assertThatThrownBy(() -> new Engine(config))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Invalid mesh.engine.committer-slice PT0.2S: a scheduler slice must be from PT0.0001S"
                + " to PT0.1S");
    assertThat(dataDir.resolve("decisions")).doesNotExist();
  }

  @Test
  void aZeroEventLoopSliceLeavesTheKernelsDefault() {
    Engine engine =
        new Engine(
            TestEngineConfigs.of(
                dataDir, Map.of("catalog-enabled", "false", "event-loop-slice", "PT0S")));
    try {
      assertThat(engine.eventLoopSlice()).isEmpty();
    } finally {
      engine.close();
    }
  }

  @Test
  void theLogKeepsWhatTheVelocityCountersRebuildFromByDefault() {
    // The longest window (60 minutes), its partial minute, and claims stamped 5 minutes ahead.
    assertThat(Engine.logRetention(config(false))).isEqualTo(java.time.Duration.ofMinutes(66));
    assertThat(
            Engine.logRetention(
                TestEngineConfigs.of(
                    dataDir, Map.of("catalog-enabled", "false", "log-retention", "PT0S"))))
        .isZero();
    assertThatThrownBy(
            () ->
                new Engine(
                    TestEngineConfigs.of(
                        dataDir, Map.of("catalog-enabled", "false", "log-retention", "-PT1M"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid mesh.engine.log-retention PT-1M: must not be negative");
    assertThat(dataDir.resolve("decisions")).doesNotExist();
  }

  private EngineConfig config(boolean catalogEnabled) {
    return TestEngineConfigs.of(
        dataDir,
        Map.of(
            "catalog-enabled",
            Boolean.toString(catalogEnabled),
            "log-segment-bytes",
            Long.toString(SEGMENT_BYTES)));
  }
}
