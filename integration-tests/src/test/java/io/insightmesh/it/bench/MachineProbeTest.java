package io.insightmesh.it.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.insightmesh.it.bench.MachineProbe.Fingerprint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MachineProbeTest {
  @Test
  void measuresEveryFigureAndLeavesNoFileBehind(@TempDir Path work) throws Exception {
    int lastCore = Runtime.getRuntime().availableProcessors() - 1;

    Fingerprint fingerprint = MachineProbe.measure(work, 0, lastCore, 1000, Duration.ofSeconds(1));

    assertThat(fingerprint.crossCoreHandoffMicros()).isPositive().isFinite();
    assertThat(fingerprint.sameCoreHandoffMicros()).isPositive().isFinite();
    assertThat(fingerprint.fsyncMicros()).isPositive().isFinite();
    assertThat(fingerprint.fsyncCpuMicros()).isPositive().isFinite();
    assertThat(fingerprint.randomLoadNanos()).isPositive().isFinite();
    // A second at 1,000 arrivals a second, each answered by an fsync begun after it.
    assertThat(fingerprint.disk().arrivals()).isBetween(900L, 1000L);
    assertThat(fingerprint.disk().p99Millis())
        .isPositive()
        .isLessThanOrEqualTo(fingerprint.disk().p999Millis());
    assertThat(fingerprint.disk().describe()).contains("arrivals at 1,000/s", " over 5 ms");
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

  @Test
  void theDiskFloorCountsEveryArrivalAStalledFsyncHolds() {
    long ms = 1_000_000;
    // Fsyncs begun every 2 ms taking 1 ms, but the one begun at 10 ms held 100 ms; nothing begins
    // while it is held, as on a disk whose flushes stall for everyone.
    long[] begins = {0, 2 * ms, 4 * ms, 6 * ms, 8 * ms, 10 * ms, 110 * ms, 112 * ms, 114 * ms};
    long[] ends = {ms, 3 * ms, 5 * ms, 7 * ms, 9 * ms, 110 * ms, 111 * ms, 113 * ms, 115 * ms};

    // One arrival a millisecond for 114 ms.
    MachineProbe.DiskFloor floor = MachineProbe.floor(begins, ends, 0, 114 * ms, 1000);

    assertThat(floor.arrivals()).isEqualTo(114);
    // Arrivals at 9 and 10 ms wait for the fsync begun at 10 (101 and 100 ms), those at 11..110 ms
    // for the one begun at 110 (100 ms down to 1): those at 9..105 ms wait over 5 ms.
    assertThat(floor.overFiveMillis()).isEqualTo(97);
    assertThat(floor.slowestFsyncMillis()).isEqualTo(100.0);
    // The fsyncs' own p99 would count the stalled one once; the arrivals' counts all it held.
    assertThat(floor.p99Millis()).isGreaterThan(90);
  }
}
