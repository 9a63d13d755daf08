package io.insightmesh.it.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.insightmesh.it.bench.PipelineBenchmark.Stage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineReportTest {
  private static final String CLAIMS = "claims.claims";
  private static final String WRITE = "validate, deduplicate, write";

  @Test
  void judgesTheOverheadByEachSidesMedianAndListsEveryRound(@TempDir Path out) throws Exception {
    List<Stage> stages =
        List.of(
            stage(PipelineReport.PLAIN, 0, 80, 150),
            stage(PipelineReport.PLAIN_PARTITIONED, 1, 100, 180),
            stage(PipelineReport.PUBLISH, 1, 140, 230),
            // A slow plain round, as a busy moment makes one: the median is not moved by it.
            stage(PipelineReport.PUBLISH, 2, 112, 205),
            stage(PipelineReport.PLAIN_PARTITIONED, 2, 130, 200),
            stage(PipelineReport.PLAIN_PARTITIONED, 3, 96, 176),
            stage(PipelineReport.PUBLISH, 3, 108, 201));

    PipelineReport.write(out, stages);

    String report = Files.readString(out.resolve("pipeline.md"));
    // Medians: plain 100 s and 180 s of CPU, publish 112 s and 205 s: +12% and +14%; against the
    // unpartitioned single run +40%.
    assertThat(report)
        .contains(
            "| 8,000,000 | claims.claims | validate, deduplicate, write | plain Spark Parquet,"
                + " partitioned as the product | 3 | 8,000,000 | 100.0 | 180.0 |")
        .contains(
            "| 8,000,000 | claims.claims | validate, deduplicate, write | publish (WAP, quality,"
                + " release, lineage) | 3 | 8,000,000 | 112.0 | 205.0 | 71,429 | 1,024 | 512 |"
                + " +12% | +14% | +40% |")
        .contains("| 8,000,000 | claims.claims | 1 | 100.0 | 140.0 | +40% | 180.0 | 230.0 | +28% |")
        .contains("| 8,000,000 | claims.claims | 2 | 130.0 | 112.0 | -14% | 200.0 | 205.0 | +3% |")
        .contains("| 8,000,000 | claims.claims | 3 | 96.0 | 108.0 | +13% | 176.0 | 201.0 | +14% |");
    assertThat(Files.readString(out.resolve("pipeline.svg")))
        .contains("112.0 s")
        // One tick per round on each side of the pair, none on the single unpartitioned run.
        .containsPattern("(?s)(<line .*){6}")
        .doesNotContainPattern("(?s)(<line .*){7}");
  }

  @Test
  void aRerunReplacesTheFiguresAndKeepsTheHandWrittenReading(@TempDir Path out) throws Exception {
    List<Stage> first = List.of(stage(PipelineReport.PLAIN_PARTITIONED, 1, 100, 180));
    PipelineReport.write(out, first);
    Path report = out.resolve("pipeline.md");
    Files.writeString(report, Files.readString(report) + "\n## Reading the results\n\nWhy +12%.\n");

    PipelineReport.write(out, List.of(stage(PipelineReport.PLAIN_PARTITIONED, 1, 90, 170)));

    assertThat(Files.readString(report))
        .contains("| 90.0 | 170.0 |")
        .doesNotContain("| 100.0 | 180.0 |")
        .containsOnlyOnce(ReportFiles.NOTES)
        .endsWith("## Reading the results\n\nWhy +12%.\n");
  }

  @Test
  void medianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
    assertThat(PipelineReport.median(new double[] {100, 90})).isEqualTo(95.0);
    assertThat(PipelineReport.median(new double[] {3, 1, 2})).isEqualTo(2);
  }

  private static Stage stage(String sink, int round, int wallSeconds, int cpuSeconds) {
    return new Stage(
        8_000_000,
        CLAIMS,
        WRITE,
        sink,
        round,
        8_000_000,
        Duration.ofSeconds(wallSeconds),
        Duration.ofSeconds(cpuSeconds),
        1L << 30,
        1L << 29,
        2.1);
  }
}
