package io.insightmesh.it.bench;

import io.insightmesh.it.bench.PipelineBenchmark.Stage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The table and bar chart of a pipeline benchmark run. */
final class PipelineReport {
  static final String PLAIN = "plain Spark Parquet";

  /** The baseline the target is judged against: the same rows in the product's partitions. */
  static final String PLAIN_PARTITIONED = "plain Spark Parquet, partitioned as the product";

  private PipelineReport() {}

  static void write(Path out, List<Stage> stages) {
    StringBuilder md = new StringBuilder();
    md.append("# Pipeline benchmark: the claims and claimant-profiles products\n\n")
        .append("Produced by `./mesh bench pipeline` on ")
        .append(LocalDate.now())
        .append(" (")
        .append(Runtime.getRuntime().availableProcessors())
        .append(" cores, Spark `local[*]` in one JVM with `-Xmx")
        .append(Runtime.getRuntime().maxMemory() >> 30)
        .append("g`). For each size the synthetic source writes JSON lines landing files;")
        .append(" then each product's own pipeline runs twice on the same input in the same")
        .append(" Spark session: twice writing its rows as plain Parquet files (the baselines:")
        .append(" unpartitioned, and partitioned as the product's table is, through the same")
        .append(" repartition by the partition values that Iceberg's writer asks for), once")
        .append(" publishing them through the platform (staging branch, quality rules on the")
        .append(" staged snapshot, one multi-table commit, release tag and record, lineage).")
        .append(" The claims publish writes two products (claims and their rejects); the")
        .append(" profiles are built from the claims release just published. Peak memory is the")
        .append(" process's resident-set high-water mark during the stage (reset before each)")
        .append(" and the sum of the JVM heap pools' peaks (pools peak at different moments, so")
        .append(" the sum can exceed -Xmx). CPU is the process's CPU time over all its threads")
        .append(" during the stage.\n\n")
        .append("![wall time](pipeline.svg)\n\n")
        .append(
            "| claims | product | stage | sink | rows | wall s | CPU s | rows/s | peak RSS MiB | peak heap"
                + " MiB | overhead vs same partitions | vs unpartitioned |\n")
        .append("|---:|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Stage stage : stages) {
      boolean publish = stage.sink().startsWith("publish");
      String overhead = publish ? overhead(stages, stage, PLAIN_PARTITIONED) : "";
      String unpartitioned = publish ? overhead(stages, stage, PLAIN) : "";
      md.append(
          String.format(
              Locale.ROOT,
              "| %,d | %s | %s | %s | %,d | %.1f | %.1f | %,.0f | %,d | %,d | %s | %s |%n",
              stage.claims(),
              stage.product(),
              stage.stage(),
              stage.sink(),
              stage.rows(),
              stage.wall().toMillis() / 1000.0,
              stage.cpu().toMillis() / 1000.0,
              stage.rowsPerSecond(),
              stage.peakRssBytes() >> 20,
              stage.peakHeapBytes() >> 20,
              overhead,
              unpartitioned));
    }
    md.append(
        "\nTargets (issue 4): 8M claims published as both products in ≤ 2 minutes each; platform"
            + " overhead ≤ 15%, judged against the plain write of the same rows in the same"
            + " partitions: what the platform adds, not what the product's layout costs.\n");
    try {
      Files.createDirectories(out);
      Files.writeString(out.resolve("pipeline.md"), md.toString());
      Files.writeString(out.resolve("pipeline.svg"), svg(stages));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String overhead(List<Stage> stages, Stage stage, String baselineSink) {
    return baseline(stages, stage, baselineSink)
        .map(
            plain ->
                String.format(
                    Locale.ROOT,
                    "%+.0f%%",
                    100.0
                        * (stage.wall().toNanos() - plain.wall().toNanos())
                        / plain.wall().toNanos()))
        .orElse("");
  }

  private static Optional<Stage> baseline(List<Stage> stages, Stage stage, String sink) {
    return stages.stream()
        .filter(
            candidate ->
                candidate.claims() == stage.claims()
                    && candidate.product().equals(stage.product())
                    && candidate.stage().equals(stage.stage())
                    && candidate.sink().equals(sink))
        .findFirst();
  }

  /** Horizontal bars of wall seconds, one per stage, the baseline in grey beside each publish. */
  private static String svg(List<Stage> stages) {
    double max = stages.stream().mapToDouble(s -> s.wall().toMillis() / 1000.0).max().orElse(1);
    int left = 430;
    int width = 900;
    int barSpace = width - left - 90;
    int height = 40 + stages.size() * 26;
    StringBuilder svg = new StringBuilder();
    svg.append(
            String.format(
                Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                    + "font-family=\"sans-serif\" font-size=\"12\">%n",
                width,
                height))
        .append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n")
        .append(
            "<text x=\"10\" y=\"20\" font-size=\"14\">Wall time per stage, seconds (light grey: plain"
                + " Spark Parquet, dark grey: the same partitioned as the product, blue: publish through the platform, green: generate)</text>\n");
    int y = 34;
    for (Stage stage : stages) {
      double seconds = stage.wall().toMillis() / 1000.0;
      int bar = (int) Math.max(1, Math.round(barSpace * seconds / max));
      String colour =
          stage.sink().startsWith(PLAIN)
              ? stage.sink().equals(PLAIN) ? "#bdbdbd" : "#757575"
              : stage.sink().startsWith("publish") ? "#1565c0" : "#2e7d32";
      svg.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s — %s (%s)</text>%n"
                  + "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"18\" fill=\"%s\"/>%n"
                  + "<text x=\"%d\" y=\"%d\">%.1f s</text>%n",
              left - 6,
              y + 13,
              compact(stage.claims()),
              stage.product(),
              label(stage.sink()),
              left,
              y,
              bar,
              colour,
              left + bar + 4,
              y + 13,
              seconds));
      y += 26;
    }
    svg.append("</svg>\n");
    return svg.toString();
  }

  private static String label(String sink) {
    if (sink.startsWith("publish")) {
      return "publish";
    }
    return sink.equals(PLAIN_PARTITIONED) ? "plain Parquet, partitioned" : sink;
  }

  private static String compact(long claims) {
    return claims % 1_000_000 == 0 ? claims / 1_000_000 + "M" : String.format("%,d", claims);
  }
}
