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
import java.util.stream.Collectors;

/** The side-by-side table and bar chart of a query benchmark run. */
final class QueryReport {
  private QueryReport() {}

  static void write(Path out, QueryBenchmark.Run run) {
    String name = "query";
    StringBuilder md = new StringBuilder();
    md.append("# Query benchmark: analysts' queries through the catalog\n\n")
        .append("Produced by `./mesh bench query --rows=")
        .append(run.rows())
        .append("` on ")
        .append(LocalDate.now())
        .append(" (")
        .append(Runtime.getRuntime().availableProcessors())
        .append(" cores; load average ")
        .append(run.loadBefore())
        .append(" before and ")
        .append(run.loadAfter())
        .append(" after the run, 1 / 5 / 15 min). The `risk.decisions` product's table")
        .append(" (`risk.decisions_v1`, the contract's schema and the product's layout as its")
        .append(" descriptor declares it: partitioned by ")
        .append(run.partitioning())
        .append(
            run.bloomFilterColumns().isEmpty()
                ? ", no bloom filter)"
                : ", Parquet bloom filters on "
                    + run.bloomFilterColumns().stream()
                        .map(column -> "`" + column + "`")
                        .collect(Collectors.joining(", "))
                    + ")")
        .append(String.format(Locale.ROOT, " holds %,d decisions over 56 days", run.rows()))
        .append(
            String.format(
                Locale.ROOT,
                " in %d data files (%,d MiB; Iceberg's plan for a point lookup keeps at most %d"
                    + " of them, over 20 claim ids),",
                run.dataFiles(),
                run.dataBytes() >> 20,
                run.lookupFiles()))
        .append(" written once with Spark through our catalog in decision-time order, as the")
        .append(" scoring engine appends them; claim ids are version 7 UUIDs of the submission")
        .append(" time, as the claims source assigns them, and each claim is assessed as it is")
        .append(" submitted, so a day's file holds that day's ids and a point lookup reads the")
        .append(" one file whose `claim_id` bounds hold the id. The same metadata and data files")
        .append(" are registered in")
        .append(" Iceberg's reference REST server (JdbcCatalog on SQLite). Two Trino 476 servers")
        .append(" with the platform's configuration (`TrinoNode`: HTTPS, users signed in with the")
        .append(" catalog's JWTs, `-Xmx3G` each) read them: **ours as `./mesh up` runs it**, its")
        .append(" `mesh` catalog our catalog (Trino signs in with the service token `./mesh up`")
        .append(" issues) and")
        .append(" every access decision asked of the catalog's policy (Trino's OPA access control:")
        .append(" `/api/v1/policy/trino`, column masks included); **the reference's** `mesh`")
        .append(" catalog is the reference server, without authentication or access control.")
        .append(" Trino's access control is one per server and our policy answers only for our")
        .append(" catalog, hence two servers. Every query runs as `" + run.user() + "` on both,")
        .append(" alternately,")
        .append(" which goes first alternating too, after " + run.warmup() + " warm-up queries")
        .append(" of each kind per catalog (the catalog is a long-running server: measured warm,")
        .append(" as analysts meet it, not just after its start); the time is from submission")
        .append(" to the last row over JDBC (HTTPS, as `./mesh sql` connects), on the same")
        .append(" machine.\n\n![latency](" + name + ".svg)\n\n")
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
                + " over the reference.\n\n")
        .append(
            "What each query cost our catalog, from its own metrics (`http_server_requests_seconds`"
                + " at `/q/metrics`) over the measured runs: requests per query and the server's"
                + " time on them (mean per query; Trino waits for most of them in turn).\n\n")
        .append("| query | catalog request | per query | server ms per query |\n")
        .append("|---|---|---:|---:|\n");
    for (QueryBenchmark.CatalogCost cost : run.catalogCosts()) {
      double requests = 0;
      double seconds = 0;
      double policyRequests = 0;
      double policySeconds = 0;
      for (CatalogRequests.Endpoint endpoint : cost.endpoints()) {
        md.append(
            String.format(
                Locale.ROOT,
                "| %s | `%s` | %.1f | %.1f |%n",
                cost.query(),
                endpoint.label(),
                endpoint.count() / cost.runs(),
                1000 * endpoint.seconds() / cost.runs()));
        requests += endpoint.count();
        seconds += endpoint.seconds();
        if (endpoint.policy()) {
          policyRequests += endpoint.count();
          policySeconds += endpoint.seconds();
        }
      }
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | **policy** | **%.1f** | **%.1f** |%n| %s | **all** | **%.1f** | **%.1f** |%n",
              cost.query(),
              policyRequests / cost.runs(),
              1000 * policySeconds / cost.runs(),
              cost.query(),
              requests / cost.runs(),
              1000 * seconds / cost.runs()));
    }
    md.append(
            "\nWhere each server spent a query's time (medians of Trino's own timeline,"
                + " `system.runtime.queries`, ms): the access checks and the policy's column masks"
                + " are part of analysis, the table's statistics and scan planning of planning.\n\n")
        .append("| query | catalog | queued | analysis | planning | created to end |\n")
        .append("|---|---|---:|---:|---:|---:|\n");
    for (QueryBenchmark.Phases phases : run.phases()) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %.0f | %.0f | %.0f | %.0f |%n",
              phases.query(),
              phases.catalog(),
              phases.queued(),
              phases.analysis(),
              phases.planning(),
              phases.total()));
    }
    md.append("\nEarlier runs and where the time goes: [README.md](README.md#query-benchmark).\n");
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
    StringBuilder svg =
        Svg.start(
            width,
            height,
            "Query latency, ms (bar p50, line to p95; lower is better; scale per query)");
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
