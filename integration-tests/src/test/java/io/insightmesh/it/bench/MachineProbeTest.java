package io.insightmesh.it.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.insightmesh.it.bench.MachineProbe.Fingerprint;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MachineProbeTest {
  @Test
  void measuresEveryFigureAndLeavesNoFileBehind(@TempDir Path work) throws Exception {
    int lastCore = Runtime.getRuntime().availableProcessors() - 1;

    Fingerprint fingerprint = MachineProbe.measure(work, 0, lastCore);

    assertThat(fingerprint.crossCoreHandoffMicros()).isPositive().isFinite();
    assertThat(fingerprint.sameCoreHandoffMicros()).isPositive().isFinite();
    assertThat(fingerprint.fsyncMicros()).isPositive().isFinite();
    assertThat(fingerprint.fsyncCpuMicros()).isPositive().isFinite();
    assertThat(fingerprint.randomLoadNanos()).isPositive().isFinite();
    assertThat(fingerprint.describe())
        .startsWith("thread hand-off round trip ")
        .contains(
            " µs across cores, ",
            " µs on one core; fsync of a 4 KB write ",
            " µs of CPU with its write); ",
            " ns");
    try (var left = Files.list(work)) {
      assertThat(left).isEmpty();
    }
  }
}
