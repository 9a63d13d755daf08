package io.insightmesh.it.bench;

import io.insightmesh.it.bench.PipelineBenchmark.Stage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The table and bar chart of a pipeline benchmark run. */
final class PipelineReport {
  static final String PLAIN = "plain Spark Parquet";

  /** The baseline the target is judged against: the same rows in the product's partitions. */
  static final String PLAIN_PARTITIONED = "plain Spark Parquet, partitioned as the product";

  static final String PUBLISH = "publish (WAP, quality, release, lineage)";

  private PipelineReport() {}

  static void write(Path out, List<Stage> stages) {
    List<Summary> summaries = summarise(stages);
    StringBuilder md = new StringBuilder();
    md.append("# Pipeline benchmark: the claims and claimant-profiles products\n\n")
        .append("Produced by `./mesh bench pipeline` on ")
        .append(LocalDate.now())
        .append(" (")
        .append(Runtime.getRuntime().availableProcessors())
        .append(" cores, Spark `local[*]` in one JVM with `-Xmx")
        .append(Runtime.getRuntime().maxMemory() >> 30)
        .append("g`). For each size the synthetic source writes JSON lines landing files;")
        .append(" then, in the same Spark session and from the same files, each product's own")
        .append(" pipeline writes its rows as plain Parquet files once (unpartitioned) and then,")
        .append(" in rounds alternating which goes first, as plain Parquet in the product table's")
        .append(" partitions")
        .append(" (through the same repartition by the partition values that Iceberg's writer")
        .append(" asks for: the baseline the target is judged against) and through the platform")
        .append(" (staging branch, quality rules on the staged snapshot, one multi-table commit,")
        .append(" release tag and record, lineage). Wall and CPU seconds are each side's median")
        .append(" over its rounds (listed below the table), and the overheads compare the")
        .append(" medians. The claims publish writes two products (claims and their rejects);")
        .append(" the profiles are built from the claims release published last. Peak memory is")
        .append(" the highest over the rounds of the process's resident-set high-water mark during")
        .append(" the stage (reset before each) and of the sum of the JVM heap pools' peaks (pools")
        .append(" peak at different moments, so the sum can exceed -Xmx). CPU is the process's CPU")
        .append(" time over all its threads during the stage.\n\n")
        .append("![wall time](pipeline.svg)\n\n")
        .append(
            "| claims | product | stage | sink | rounds | rows | wall s | CPU s | rows/s | peak RSS"
                + " MiB | peak heap MiB | overhead vs same partitions (wall) | (CPU) | vs"
                + " unpartitioned (wall) |\n")
        .append("|---:|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Summary summary : summaries) {
      boolean publish = summary.sink().equals(PUBLISH);
      Optional<Summary> same =
          publish ? baseline(summaries, summary, PLAIN_PARTITIONED) : Optional.empty();
      Optional<Summary> plain = publish ? baseline(summaries, summary, PLAIN) : Optional.empty();
      md.append(
          String.format(
              Locale.ROOT,
              "| %,d | %s | %s | %s | %d | %,d | %.1f | %.1f | %,.0f | %,d | %,d | %s | %s | %s |%n",
              summary.claims(),
              summary.product(),
              summary.stage(),
              summary.sink(),
              summary.runs().size(),
              summary.rows(),
              summary.wallSeconds(),
              summary.cpuSeconds(),
              summary.rows() / Math.max(summary.wallSeconds(), 1e-9),
              summary.peakRssBytes() >> 20,
              summary.peakHeapBytes() >> 20,
              same.map(b -> percent(summary.wallSeconds(), b.wallSeconds())).orElse(""),
              same.map(b -> percent(summary.cpuSeconds(), b.cpuSeconds())).orElse(""),
              plain.map(b -> percent(summary.wallSeconds(), b.wallSeconds())).orElse("")));
    }
    md.append(
        "\nTargets (issue 4): 8M claims published as both products in ≤ 2 minutes each; platform"
            + " overhead ≤ 15%, judged against the plain write of the same rows in the same"
            + " partitions: what the platform adds, not what the product's layout costs.\n");
    md.append(
        "\nThe rounds, in the order they ran (the plain write in the product's partitions and"
            + " the publish, the plain write first in odd rounds and second in even ones; load: the machine's one-minute load average at the"
            + " publish's end, 2 or a little more when nothing else runs):\n\n"
            + "| claims | product | round | plain wall s | publish wall s | overhead (wall) |"
            + " plain CPU s | publish CPU s | overhead (CPU) | load |\n"
            + "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Summary summary : summaries) {
      if (!summary.sink().equals(PUBLISH)) {
        continue;
      }
      Optional<Summary> same = baseline(summaries, summary, PLAIN_PARTITIONED);
      if (same.isEmpty()) {
        continue;
      }
      for (Stage publish : summary.runs()) {
        Optional<Stage> plain =
            same.get().runs().stream().filter(run -> run.round() == publish.round()).findFirst();
        if (plain.isEmpty()) {
          continue;
        }
        double plainWall = seconds(plain.get().wall());
        double publishWall = seconds(publish.wall());
        double plainCpu = seconds(plain.get().cpu());
        double publishCpu = seconds(publish.cpu());
        md.append(
            String.format(
                Locale.ROOT,
                "| %,d | %s | %d | %.1f | %.1f | %s | %.1f | %.1f | %s | %.1f |%n",
                summary.claims(),
                summary.product(),
                publish.round(),
                plainWall,
                publishWall,
                percent(publishWall, plainWall),
                plainCpu,
                publishCpu,
                percent(publishCpu, plainCpu),
                publish.loadAverage()));
      }
    }
    ReportFiles.writeKeepingNotes(out.resolve("pipeline.md"), md.toString());
    try {
      Files.writeString(out.resolve("pipeline.svg"), svg(summaries));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The runs of one stage at one size into one sink, in the order they ran. */
  record Summary(long claims, String product, String stage, String sink, List<Stage> runs) {
    Summary {
      runs = List.copyOf(runs);
    }

    long rows() {
      return runs.get(runs.size() - 1).rows();
    }

    double wallSeconds() {
      return median(runs.stream().mapToDouble(run -> seconds(run.wall())).toArray());
    }

    double cpuSeconds() {
      return median(runs.stream().mapToDouble(run -> seconds(run.cpu())).toArray());
    }

    long peakRssBytes() {
      return runs.stream().mapToLong(Stage::peakRssBytes).max().orElse(0);
    }

    long peakHeapBytes() {
      return runs.stream().mapToLong(Stage::peakHeapBytes).max().orElse(0);
    }
  }

  static List<Summary> summarise(List<Stage> stages) {
    Map<List<Object>, List<Stage>> groups = new LinkedHashMap<>();
    for (Stage stage : stages) {
      groups
          .computeIfAbsent(
              List.of(stage.claims(), stage.product(), stage.stage(), stage.sink()),
              key -> new ArrayList<>())
          .add(stage);
    }
    List<Summary> summaries = new ArrayList<>();
    for (List<Stage> runs : groups.values()) {
      Stage first = runs.get(0);
      summaries.add(
          new Summary(first.claims(), first.product(), first.stage(), first.sink(), runs));
    }
    return summaries;
  }

  /** The middle value; for an even count the mean of the two middle ones. */
  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }

  private static double seconds(Duration duration) {
    return duration.toMillis() / 1000.0;
  }

  private static String percent(double value, double baseline) {
    return String.format(Locale.ROOT, "%+.0f%%", 100.0 * (value - baseline) / baseline);
  }

  private static Optional<Summary> baseline(List<Summary> summaries, Summary stage, String sink) {
    return summaries.stream()
        .filter(
            candidate ->
                candidate.claims() == stage.claims()
                    && candidate.product().equals(stage.product())
                    && candidate.stage().equals(stage.stage())
                    && candidate.sink().equals(sink))
        .findFirst();
  }

  /**
   * Horizontal bars of median wall seconds, one per stage and sink, the baselines in grey beside
   * each publish; a black tick on a bar for each round, so the spread is seen beside the median.
   */
  private static String svg(List<Summary> summaries) {
    double max =
        summaries.stream()
            .flatMap(summary -> summary.runs().stream())
            .mapToDouble(run -> seconds(run.wall()))
            .max()
            .orElse(1);
    int left = 430;
    int width = 900;
    int barSpace = width - left - 90;
    int height = 40 + summaries.size() * 26;
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
            "<text x=\"10\" y=\"20\" font-size=\"14\">Median wall time per stage, seconds; ticks:"
                + " each round (light grey: plain Spark Parquet, dark grey: the same partitioned as"
                + " the product, blue: publish through the platform, green: generate)</text>\n");
    int y = 34;
    for (Summary summary : summaries) {
      double seconds = summary.wallSeconds();
      int bar = (int) Math.max(1, Math.round(barSpace * seconds / max));
      String colour =
          summary.sink().startsWith(PLAIN)
              ? summary.sink().equals(PLAIN) ? "#bdbdbd" : "#757575"
              : summary.sink().equals(PUBLISH) ? "#1565c0" : "#2e7d32";
      svg.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s — %s (%s)</text>%n"
                  + "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"18\" fill=\"%s\"/>%n",
              left - 6,
              y + 13,
              compact(summary.claims()),
              summary.product(),
              label(summary.sink()),
              left,
              y,
              bar,
              colour));
      int end = left + bar;
      if (summary.runs().size() > 1) {
        for (Stage run : summary.runs()) {
          int x = left + (int) Math.round(barSpace * seconds(run.wall()) / max);
          end = Math.max(end, x);
          svg.append(
              String.format(
                  Locale.ROOT,
                  "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\""
                      + " stroke-width=\"2\"/>%n",
                  x,
                  y - 2,
                  x,
                  y + 20));
        }
      }
      svg.append(
          String.format(
              Locale.ROOT, "<text x=\"%d\" y=\"%d\">%.1f s</text>%n", end + 4, y + 13, seconds));
      y += 26;
    }
    svg.append("</svg>\n");
    return svg.toString();
  }

  private static String label(String sink) {
    if (sink.equals(PUBLISH)) {
      return "publish";
    }
    return sink.equals(PLAIN_PARTITIONED) ? "plain Parquet, partitioned" : sink;
  }

  private static String compact(long claims) {
    return claims % 1_000_000 == 0 ? claims / 1_000_000 + "M" : String.format("%,d", claims);
  }
}
