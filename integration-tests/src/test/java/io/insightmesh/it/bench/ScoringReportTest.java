package io.insightmesh.it.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.insightmesh.it.bench.MachineProbe.Fingerprint;
import io.insightmesh.it.bench.ScoringBenchmark.EngineHeap;
import io.insightmesh.it.bench.ScoringBenchmark.Machine;
import io.insightmesh.it.bench.ScoringBenchmark.Run;
import io.insightmesh.it.bench.ScoringBenchmark.Settings;
import io.insightmesh.it.bench.ScoringBenchmark.Visibility;
import io.insightmesh.it.bench.ScoringBenchmark.Warmup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScoringReportTest {
  private static final Settings SETTINGS =
      new Settings(
          1,
          20,
          30,
          300,
          2000,
          64,
          20000,
          0,
          1,
          null,
          List.of(
              "-Xms10g",
              "-Xmx10g",
              "-XX:+UseTransparentHugePages",
              "-XX:-G1UseAdaptiveIHOP",
              "-XX:InitiatingHeapOccupancyPercent=80",
              "-XX:+UnlockDiagnosticVMOptions",
              "-XX:CompilerDirectivesFile=products/decisions/jvm/compiler-directives.json",
              "-XX:GuaranteedSafepointInterval=0",
              "-Dquarkus.vertx.event-loops-pool-size=1"),
          true);
  private static final Machine MACHINE =
      new Machine(
          "Test CPU",
          2,
          "0.50 0.40 0.30",
          "1.50 1.00 0.50",
          "OpenJDK 17",
          new Fingerprint(
              72.4,
              5.1,
              412,
              83,
              215,
              new MachineProbe.DiskFloor(6300, 20, 7.28, 44.55, 1487, 126_000, 38.2)));

  @Test
  void headerCarriesTheMachineFingerprintAndEachRunItsWarmup(@TempDir Path out) throws Exception {
    Run echo =
        run("echo, saturated", 32_288, new Warmup(35, "steady", List.of(31_000.0, 32_100.0)));
    Run engine =
        run("engine, saturated", 2_010, new Warmup(185, "steady", List.of(1_990.0, 2_020.0)));
    Run constant =
        run(
            "engine, constant rate",
            2_000,
            new Warmup(45, "steady", List.of(1_990.0, 2_000.0)),
            new Warmup(240, "steady", List.of(2_050.0, 2_080.0)));

    ScoringReport.write(
        out,
        SETTINGS,
        MACHINE,
        echo,
        engine,
        constant,
        visibility(),
        List.of(echo),
        List.of(engine),
        List.of("[bench scoring] done"));

    String report = Files.readString(out.resolve("scoring.md"));
    assertThat(report)
        .contains(
            "The machine, as the benchmark measured it before starting the servers: thread hand-off"
                + " round trip 72.4 µs across cores, 5.1 µs on one core; fsync of a 4 KB write"
                + " 412 µs (83 µs of CPU with its write); dependent random load over 128 MB 215 ns")
        // What the disk alone leaves of (c), read beside (c) itself.
        .contains(
            "Also before them, the disk alone (a 4 KB overwrite fsynced at most every 1.4 ms, as"
                + " the engine's log at 6,300 claims/s, for 20 s): arrivals at 6,300/s, each"
                + " answered when the first fsync begun after it ends, wait p99 7.28 ms, p99.9"
                + " 44.55 ms, 1,487 of 126,000 over 5 ms (slowest fsync 38.2 ms): an answer leaves"
                + " only once its decision's fsync has returned, so this is the floor under (c)")
        // A reader repeating the run needs the engine's JVM as it ran, relative to their checkout.
        .contains(
            "the engine, which runs with `-Xms10g -Xmx10g -XX:+UseTransparentHugePages"
                + " -XX:-G1UseAdaptiveIHOP -XX:InitiatingHeapOccupancyPercent=80"
                + " -XX:+UnlockDiagnosticVMOptions"
                + " -XX:CompilerDirectivesFile=products/decisions/jvm/compiler-directives.json"
                + " -XX:GuaranteedSafepointInterval=0 -Dquarkus.vertx.event-loops-pool-size=1`")
        .contains("Every warm-up reached steady state")
        .doesNotContain("Not steady")
        .doesNotContain("Heap past G1's marking line")
        // The disk's part in the answers' latency, beside the runs.
        .contains("| run | fsyncs | p50 | p99 | p99.9 | slowest |")
        .contains("| engine, saturated | 1,000 | ≤ 0.26 ms | ≤ 1.05 ms | ≤ 67.1 ms | ≤ 67.1 ms |")
        .contains(
            "| engine, constant rate | 2,000 | ≤ 0.26 ms | ≤ 1.05 ms | ≤ 67.1 ms | ≤ 67.1 ms |")
        .contains("| 185 s, steady (last two windows 1,990 and 2,020 2xx/s) |")
        .contains(
            "| saturated 240 s, steady (last two windows 2,050 and 2,080 2xx/s), then at the rate"
                + " 45 s, steady (last two windows 1,990 and 2,000 2xx/s) |")
        .contains(
            "| 1 | 32,288 | 2,010 | 0.06 | 1.00× | 1.31× | 35 s, steady (last two"
                + " windows 31,000 and 32,100 2xx/s) | 185 s, steady")
        // Whether the machine's core was slower in a window, beside what the server did in it.
        .contains("The server's core in the constant-rate window, by the same measure: 1.25×.")
        .contains(
            "each saturated run warms for at least 30 s, then until the 2xx/s of three"
                + " consecutive 5 s windows differ by less than 5% and the JIT compilers on the"
                + " server's core used under 5% of a core in each of them (at most 300 s)");
  }

  @Test
  void saysWhichWarmupHitTheCap(@TempDir Path out) throws Exception {
    Run echo =
        run("echo, saturated", 32_288, new Warmup(30, "steady", List.of(32_000.0, 32_100.0)));
    Run engine = run("engine, saturated", 1_300, new Warmup(300, "cap", List.of(1_100.0, 1_300.0)));
    Run constant =
        run(
            "engine, constant rate",
            2_000,
            new Warmup(300, "cap", List.of(1_900.0, 2_000.0)),
            new Warmup(300, "cap", List.of(1_250.0, 1_400.0)));

    ScoringReport.write(
        out,
        SETTINGS,
        MACHINE,
        echo,
        engine,
        constant,
        visibility(),
        List.of(echo),
        List.of(engine),
        List.of());

    assertThat(Files.readString(out.resolve("scoring.md")))
        .contains(
            "**Not steady:** the warm-up of engine round 1, the engine before the constant rate,"
                + " the engine at the constant rate reached the cap before three consecutive 5 s windows agreed within 5%")
        .contains(
            "| 300 s, stopped by the cap before steady state (last two windows 1,100 and"
                + " 1,300 2xx/s) |")
        .doesNotContain("Every warm-up reached steady state");
  }

  @Test
  void namesTheEngineWindowsWhoseKeptClaimsWerePastTheMarkingLine(@TempDir Path out)
      throws Exception {
    Warmup steady = new Warmup(60, "steady", List.of(2_000.0, 2_010.0));
    Run echo = run("echo, saturated", 32_288, steady);
    Run round1 =
        run("engine, saturated", 2_010, steady, null, new EngineHeap(2.66e9, 10.74e9, null));
    // 80.4 %: just past the line, with the cycles a full heap brings.
    Run round2 =
        run(
            "engine, saturated",
            1_700,
            steady,
            null,
            new EngineHeap(
                8.63e9,
                10.74e9,
                new GcLog.Window(
                    new java.util.EnumMap<>(
                        Map.of(
                            GcLog.Kind.YOUNG,
                            new double[] {24, 222},
                            GcLog.Kind.REMARK,
                            new double[] {20, 528})),
                    29.7,
                    21)));
    Run constant =
        run("engine, constant rate", 2_000, steady, steady, new EngineHeap(9.56e9, 10.74e9, null));

    ScoringReport.write(
        out,
        SETTINGS,
        MACHINE,
        echo,
        round1,
        constant,
        visibility(),
        List.of(echo, echo),
        List.of(round1, round2),
        List.of());

    assertThat(Files.readString(out.resolve("scoring.md")))
        .contains(
            "**Heap past G1's marking line:** the engine's old generation, after its last"
                + " collection, was past the 80 % at which its G1 starts marking (ADR 0020) in"
                + " engine round 2 (8.63 of 10.74 GB, 80 %; 21 concurrent cycles and 750 ms"
                + " paused in the window), the constant-rate run (9.56 of 10.74 GB, 89 %).")
        .doesNotContain("engine round 1 (");
  }

  /** A window of {@code count} fsyncs: 90% ≤ 0.26 ms, 9% more ≤ 1.05 ms, the rest ≤ 67.1 ms. */
  private static WindowHistogram fsyncs(long count) {
    return new WindowHistogram(
        new TreeMap<>(
            Map.of(
                0.000262144,
                (double) (count * 90 / 100),
                0.001048576,
                (double) (count * 99 / 100),
                0.067108864,
                (double) count,
                Double.POSITIVE_INFINITY,
                (double) count)));
  }

  private static Run run(String name, double okPerSecond, Warmup warmup) {
    return run(name, okPerSecond, warmup, null);
  }

  private static Run run(String name, double okPerSecond, Warmup warmup, Warmup before) {
    // A heap a third full, as the operator guide sizes it, for the engine; none for the echo.
    EngineHeap heap = name.startsWith("engine") ? new EngineHeap(3.58e9, 10.74e9, null) : null;
    return run(name, okPerSecond, warmup, before, heap);
  }

  private static Run run(
      String name, double okPerSecond, Warmup warmup, Warmup before, EngineHeap heap) {
    Map<Double, Long> latency = new LinkedHashMap<>();
    for (double percentile : LoadGenerator.PERCENTILES) {
      latency.put(percentile, 1_000_000L + (long) (percentile * 10_000));
    }
    long ok = (long) okPerSecond * 20;
    return new Run(
        name,
        "saturate",
        2000,
        okPerSecond,
        okPerSecond,
        ok,
        ok,
        0,
        0,
        0,
        "{200=" + ok + "}",
        latency,
        warmup,
        before,
        fsyncs(name.equals("engine, saturated") ? 1_000 : name.startsWith("engine") ? 2_000 : 0),
        switch (name) {
          case "echo, saturated" -> new CoreCanary.Pace(1, 80, 78, 1.0, 1.1, 0.0);
          case "engine, saturated" -> new CoreCanary.Pace(1, 80, 80, 1.31, 1.5, 0.4);
          default -> new CoreCanary.Pace(1, 80, 60, 1.25, 1.4, 0.3);
        },
        heap);
  }

  private static Visibility visibility() {
    Histogram micros = new Histogram(600_000_000L, 3);
    micros.recordValue(800_000);
    return new Visibility(1, 0, micros, 3);
  }
}
