package io.insightmesh.it.bench;

import io.insightmesh.it.bench.QueryBenchmark.Result;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The side-by-side table and bar chart of a query benchmark run. */
final class QueryReport {
  private QueryReport() {}

  static void write(Path out, QueryBenchmark.Run run) {
    // The product's layout is query.md; the bloom-filter variant sits beside it.
    String name =
        "query"
            + (run.claimIdBloomFilter() ? "-bloom" : "")
            + (run.serviceToken() ? "-service-token" : "");
    StringBuilder md = new StringBuilder();
    md.append("# Query benchmark: analysts' queries through the catalog\n\n")
        .append("Produced by `./mesh bench query --rows=")
        .append(run.rows())
        .append(run.claimIdBloomFilter() ? " --claim-id-bloom-filter=true" : "")
        .append(run.serviceToken() ? " --trino-service-token=true" : "")
        .append("` on ")
        .append(LocalDate.now())
        .append(" (")
        .append(Runtime.getRuntime().availableProcessors())
        .append(" cores; load average ")
        .append(run.loadBefore())
        .append(" before and ")
        .append(run.loadAfter())
        .append(" after the run, 1 / 5 / 15 min). The `risk.decisions` product's table")
        .append(" (`risk.decisions_v1`: the contract's schema, partitioned by `day(decided_at)`)")
        .append(String.format(Locale.ROOT, " holds %,d decisions over 56 days", run.rows()))
        .append(
            String.format(
                Locale.ROOT,
                " in %d data files (%,d MiB),",
                run.dataFiles(),
                run.dataBytes() >> 20))
        .append(" written once with Spark through our catalog in decision-time order, as the")
        .append(" scoring engine appends them")
        .append(
            run.claimIdBloomFilter()
                ? ", with a Parquet bloom filter on `claim_id`"
                    + " (`write.parquet.bloom-filter-enabled.column.claim_id`, not part of the"
                    + " product's layout today)."
                : ", with the product's layout as it is (no sort order, no bloom filter).")
        .append(" The same metadata and data files are registered")
        .append(" in Iceberg's reference REST server (JdbcCatalog on SQLite), and one Trino 476")
        .append(" server (`-Xmx3G`) has both as catalogs. Each query runs through our catalog and")
        .append(" through the reference alternately, which goes first alternating too, after a")
        .append(
            " warm-up; the time is from submission to the last row over JDBC (HTTPS, signed in with a"
                + " catalog token, as `./mesh sql` connects), on the same")
        .append(" machine. Every Trino query loads the table from its catalog: ours authenticates")
        .append(
            run.serviceToken()
                ? " Trino by a long-lived service token (`iceberg.rest-catalog.oauth2.token`)"
                : " Trino by OAuth2 client credentials (the connector fetches a token per catalog"
                    + " call, two per query)")
        .append(" and checks roles; the reference has no authentication.");
    if (!run.withPolicy()) {
      md.append(
          " **Not measured yet: the OPA access-control policy** (Trino asking the catalog's"
              + " `/api/v1/policy/trino` per query, and column masks): the catalog's policy knows"
              + " only its own catalog and would refuse the reference, so Trino asks an allow-all"
              + " stand-in.");
    }
    md.append("\n\n![latency](" + name + ".svg)\n\n")
        .append(
            "| query | catalog | runs | p50 ms | p95 ms | min ms | max ms | p50 vs reference |\n")
        .append("|---|---|---:|---:|---:|---:|---:|---:|\n");
    for (Result result : run.results()) {
      String overhead =
          reference(run.results(), result)
              .filter(reference -> reference != result)
              .map(
                  reference ->
                      String.format(
                          Locale.ROOT,
                          "%+.0f%%",
                          100.0
                              * (result.percentile(50) - reference.percentile(50))
                              / reference.percentile(50)))
              .orElse("");
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %d | %.0f | %.0f | %.0f | %.0f | %s |%n",
              result.query(),
              result.catalog(),
              result.millis().length,
              result.percentile(50),
              result.percentile(95),
              result.millis()[0],
              result.millis()[result.millis().length - 1],
              overhead));
    }
    md.append(
            "\nTargets (issue 6): point lookup p50 ≤ 250 ms; the catalog and the policy add ≤ 10%"
                + " over the reference.\n")
        .append(
            "\nOther runs (the product's layout and Trino's sign-in as the platform has them,"
                + " a bloom filter on `claim_id`, a service token for Trino) and where the time"
                + " goes: [README.md](README.md#query-benchmark).\n");
    try {
      Files.createDirectories(out);
      Files.writeString(out.resolve(name + ".md"), md.toString());
      Files.writeString(out.resolve(name + ".svg"), svg(run.results()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Optional<Result> reference(List<Result> results, Result result) {
    return results.stream()
        .filter(
            r -> r.query().equals(result.query()) && r.catalog().equals(QueryBenchmark.REFERENCE))
        .findFirst();
  }

  /** Bars of p50 with a p95 whisker per query and catalog, each query on its own scale. */
  private static String svg(List<Result> results) {
    int rowHeight = 30;
    int left = 360;
    int width = 900;
    int height = 60 + results.size() * rowHeight + 40;
    StringBuilder svg = new StringBuilder();
    svg.append(
            String.format(
                Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                    + "font-family=\"sans-serif\" font-size=\"13\">%n",
                width,
                height))
        .append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n")
        .append(
            "<text x=\"10\" y=\"24\" font-size=\"16\" font-weight=\"bold\">"
                + "Query latency, ms (bar p50, line to p95; lower is better; scale per query)"
                + "</text>\n");
    int y = 50;
    for (Result result : results) {
      double max =
          results.stream()
              .filter(r -> r.query().equals(result.query()))
              .mapToDouble(r -> r.percentile(95))
              .max()
              .orElse(1);
      boolean reference = result.catalog().equals(QueryBenchmark.REFERENCE);
      int span = width - left - 130;
      int p50 = (int) Math.round(span * result.percentile(50) / max);
      int p95 = (int) Math.round(span * result.percentile(95) / max);
      svg.append(
          String.format(
              Locale.ROOT,
              "<text x=\"10\" y=\"%d\">%s · %s</text>%n"
                  + "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"18\" fill=\"%s\"/>%n"
                  + "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n"
                  + "<text x=\"%d\" y=\"%d\">%.0f / %.0f ms</text>%n",
              y + 14,
              result.query(),
              reference ? "reference" : "Insight Mesh",
              left,
              y,
              Math.max(p50, 1),
              reference ? "#9e9e9e" : "#1565c0",
              left,
              y + 9,
              left + Math.max(p95, 1),
              y + 9,
              left + Math.max(p95, 1) + 6,
              y + 14,
              result.percentile(50),
              result.percentile(95)));
      y += rowHeight;
    }
    svg.append("</svg>\n");
    return svg.toString();
  }
}
