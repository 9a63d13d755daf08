package io.insightmesh.it.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GcLogTest {
  /** Lines as HotSpot 17 logs them with -Xlog:gc:file=...:time, from a benchmark run. */
  private static final List<String> LOG =
      List.of(
          "[2026-12-04T19:59:35.240+0000] GC(431) Pause Young (Concurrent Start) (G1 Humongous"
              + " Allocation) 6329M->6133M(10240M) 6.862ms",
          "[2026-12-04T19:59:38.183+0000] GC(433) Pause Young (Concurrent Start) (G1 Humongous"
              + " Allocation)",
          "[2026-12-04T19:59:38.190+0000] GC(433) Pause Young (Concurrent Start) (G1 Humongous"
              + " Allocation) 6589M->6141M(10240M) 7.165ms",
          "[2026-12-04T19:59:38.190+0000] GC(434) Concurrent Mark Cycle",
          "[2026-12-04T19:59:38.311+0000] GC(434) Pause Remark 6173M->6173M(10240M) 20.804ms",
          "[2026-12-04T19:59:38.353+0000] GC(434) Pause Cleanup 6185M->6185M(10240M) 0.173ms",
          "[2026-12-04T19:59:38.381+0000] GC(434) Concurrent Mark Cycle 191.475ms",
          "[2026-12-04T19:59:40.001+0000] GC(435) Pause Young (Normal) (G1 Evacuation Pause)"
              + " 8627M->4224M(10240M) 10.588ms",
          "[2026-12-04T19:59:56.500+0000] GC(436) Pause Remark 6157M->6157M(10240M) 21.052ms");

  @Test
  void countsEveryKindOfPauseEndingInTheWindowAndTheCyclesThatEnded() {
    GcLog.Window window =
        GcLog.window(
            LOG,
            Instant.parse("2026-12-04T19:59:36.000Z"),
            Instant.parse("2026-12-04T19:59:56.000Z"));

    assertThat(window.describe())
        .isEqualTo(
            "2 young 18 ms, 1 remark 21 ms, 1 cleanup 0 ms (longest 20.8 ms); 1 concurrent cycle");
    assertThat(window.totalMillis()).isCloseTo(7.165 + 20.804 + 0.173 + 10.588, within());
  }

  @Test
  void aWindowWithoutCollectionsSaysSo() {
    GcLog.Window window =
        GcLog.window(
            LOG,
            Instant.parse("2026-12-04T20:00:00.000Z"),
            Instant.parse("2026-12-04T20:00:20.000Z"));

    assertThat(window.describe()).isEqualTo("none");
  }

  @Test
  void readsTheLogFileAndHasNothingToSayWithoutOne(@TempDir Path directory) throws Exception {
    Path file = directory.resolve("engine-gc.log");
    assertThat(GcLog.window(file, Instant.EPOCH, Instant.now())).isNull();

    Files.write(file, LOG);

    assertThat(GcLog.window(file, Instant.EPOCH, Instant.now()).describe())
        .isEqualTo(
            "3 young 25 ms, 2 remark 42 ms, 1 cleanup 0 ms (longest 21.1 ms); 1 concurrent cycle");
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-9);
  }
}
