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
  private static final String PLAIN = "plain Spark Parquet";

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
        .append(" Spark session: once writing its rows as plain Parquet files (the baseline), once")
        .append(" publishing them through the platform (staging branch, quality rules on the")
        .append(" staged snapshot, one multi-table commit, release tag and record, lineage).")
        .append(" The claims publish writes two products (claims and their rejects); the")
        .append(" profiles are built from the claims release just published. Peak memory is the")
        .append(" process's resident-set high-water mark during the stage (reset before each)")
        .append(" and the sum of the JVM heap pools' peaks (pools peak at different moments, so")
        .append(" the sum can exceed -Xmx).\n\n")
        .append("![wall time](pipeline.svg)\n\n")
        .append(
            "| claims | product | stage | sink | rows | wall s | rows/s | peak RSS MiB | peak heap"
                + " MiB | overhead vs Parquet |\n")
        .append("|---:|---|---|---|---:|---:|---:|---:|---:|---:|\n");
    for (Stage stage : stages) {
      String overhead =
          baseline(stages, stage)
              .filter(plain -> plain != stage)
              .map(
                  plain ->
                      String.format(
                          Locale.ROOT,
                          "%+.0f%%",
                          100.0
                              * (stage.wall().toNanos() - plain.wall().toNanos())
                              / plain.wall().toNanos()))
              .orElse("");
      md.append(
          String.format(
              Locale.ROOT,
              "| %,d | %s | %s | %s | %,d | %.1f | %,.0f | %,d | %,d | %s |%n",
              stage.claims(),
              stage.product(),
              stage.stage(),
              stage.sink(),
              stage.rows(),
              stage.wall().toMillis() / 1000.0,
              stage.rowsPerSecond(),
              stage.peakRssBytes() >> 20,
              stage.peakHeapBytes() >> 20,
              overhead));
    }
    md.append(
        "\nTargets (issue 4): 8M claims published as both products in ≤ 2 minutes each; platform"
            + " overhead ≤ 15%.\n");
    try {
      Files.createDirectories(out);
      Files.writeString(out.resolve("pipeline.md"), md.toString());
      Files.writeString(out.resolve("pipeline.svg"), svg(stages));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Optional<Stage> baseline(List<Stage> stages, Stage stage) {
    return stages.stream()
        .filter(
            candidate ->
                candidate.claims() == stage.claims()
                    && candidate.product().equals(stage.product())
                    && candidate.stage().equals(stage.stage())
                    && candidate.sink().equals(PLAIN))
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
            "<text x=\"10\" y=\"20\" font-size=\"14\">Wall time per stage, seconds (grey: plain"
                + " Spark Parquet, blue: publish through the platform, green: generate)</text>\n");
    int y = 34;
    for (Stage stage : stages) {
      double seconds = stage.wall().toMillis() / 1000.0;
      int bar = (int) Math.max(1, Math.round(barSpace * seconds / max));
      String colour =
          stage.sink().equals(PLAIN)
              ? "#9e9e9e"
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
              stage.sink().startsWith("publish") ? "publish" : stage.sink(),
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

  private static String compact(long claims) {
    return claims % 1_000_000 == 0 ? claims / 1_000_000 + "M" : String.format("%,d", claims);
  }
}
