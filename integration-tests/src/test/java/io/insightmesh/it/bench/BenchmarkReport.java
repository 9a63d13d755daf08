package io.insightmesh.it.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The side-by-side table and bar chart of a catalog benchmark run. */
final class BenchmarkReport {
  private static final String REFERENCE = "Iceberg reference REST server";

  private BenchmarkReport() {}

  static void write(
      Path out, List<CatalogBenchmark.Result> results, int threads, Duration measure, int history) {
    StringBuilder md = new StringBuilder();
    md.append("# Catalog benchmark: load-table and commit\n\n")
        .append("Produced by `./mesh bench catalog` on ")
        .append(LocalDate.now())
        .append(" (")
        .append(Runtime.getRuntime().availableProcessors())
        .append(" cores). Every server runs as its own JVM (`-Xmx512m`) on the same disk; the load")
        .append(" generator is `wrk` with ")
        .append(threads)
        .append(" threads and one keep-alive connection each, on the same machine, ")
        .append(measure.toSeconds())
        .append(" s measured after a warm-up. Each thread works on its own table, which holds ")
        .append(history)
        .append(
            " snapshots and a 24-column schema. `load-table` is a full `GET` (no `If-None-Match`);")
        .append(
            " `commit` is a `set-properties` update with an `assert-table-uuid` requirement, so")
        .append(" every commit writes a new metadata file and swaps the pointer. Our catalog")
        .append(" authenticates every request (bearer JWT) and checks roles; the reference server")
        .append(" has no authentication.\n\n")
        .append("![throughput](catalog.svg)\n\n")
        .append("| operation | server | store | ops/s | p50 ms | p99 ms | errors | × reference |\n")
        .append("|---|---|---|---:|---:|---:|---:|---:|\n");
    for (CatalogBenchmark.Result result : results) {
      Optional<CatalogBenchmark.Result> reference =
          results.stream()
              .filter(r -> r.operation().equals(result.operation()) && r.server().equals(REFERENCE))
              .findFirst();
      String ratio =
          reference
              .map(r -> String.format(Locale.ROOT, "%.2f×", result.perSecond() / r.perSecond()))
              .orElse("");
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %s | %,.0f | %.2f | %.2f | %d | %s |%n",
              result.operation(),
              result.server(),
              result.store(),
              result.perSecond(),
              result.p50Millis(),
              result.p99Millis(),
              result.errors(),
              ratio));
    }
    md.append("\nTargets (issue 2): ≥ 3× the reference on load-table, ≥ 2× on commits.\n");
    try {
      Files.createDirectories(out);
      Files.writeString(out.resolve("catalog.md"), md.toString());
      Files.writeString(out.resolve("catalog.svg"), svg(results));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A grouped horizontal bar chart of throughput, with no dependency beyond SVG itself. */
  private static String svg(List<CatalogBenchmark.Result> results) {
    int rowHeight = 26;
    int left = 330;
    int width = 900;
    int height = 60 + results.size() * rowHeight + 30;
    double max = results.stream().mapToDouble(CatalogBenchmark.Result::perSecond).max().orElse(1);
    StringBuilder svg =
        Svg.start(width, height, "Catalog throughput (operations/s, higher is better)");
    int y = 50;
    for (CatalogBenchmark.Result result : results) {
      boolean reference = result.server().equals(REFERENCE);
      int bar = (int) Math.round((width - left - 120) * result.perSecond() / max);
      svg.append(
          String.format(
              Locale.ROOT,
              "<text x=\"10\" y=\"%d\">%s · %s (%s)</text>%n"
                  + "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"18\" fill=\"%s\"/>%n"
                  + "<text x=\"%d\" y=\"%d\">%,.0f/s</text>%n",
              y + 14,
              result.operation(),
              reference ? "reference" : "Insight Mesh",
              result.store(),
              left,
              y,
              Math.max(bar, 1),
              reference ? "#9e9e9e" : "#1565c0",
              left + Math.max(bar, 1) + 6,
              y + 14,
              result.perSecond()));
      y += rowHeight;
    }
    svg.append("</svg>\n");
    return svg.toString();
  }
}
