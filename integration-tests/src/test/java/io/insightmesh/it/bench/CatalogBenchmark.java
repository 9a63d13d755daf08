package io.insightmesh.it.bench;

import io.insightmesh.it.harness.CatalogClients;
import io.insightmesh.it.harness.CatalogServer;
import io.insightmesh.it.harness.PostgresCluster;
import io.insightmesh.it.harness.Stores;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;

/**
 * {@code ./mesh bench catalog}: load-table and commit throughput and latency of our catalog (on H2
 * and on PostgreSQL) and, in the same run on the same disk, of Iceberg's reference REST server
 * (JdbcCatalog on SQLite). Writes {@code docs/benchmarks/catalog.md} and {@code catalog.svg}.
 */
public final class CatalogBenchmark {
  private static final Namespace NAMESPACE = Namespace.of("bench");
  private static final Schema SCHEMA = claimLikeSchema();

  private final int threads;
  private final Duration warmup;
  private final Duration measure;
  private final int history;
  private final Path script;

  private CatalogBenchmark(
      int threads, Duration warmup, Duration measure, int history, Path script) {
    this.threads = threads;
    this.warmup = warmup;
    this.measure = measure;
    this.history = history;
    this.script = script;
  }

  /** One server under test, as a client sees it. */
  record Target(String server, String store, String tablesBase, String token, RESTCatalog setup) {}

  /** One measurement. */
  record Result(
      String operation,
      String server,
      String store,
      int threads,
      long operations,
      long errors,
      double perSecond,
      double p50Millis,
      double p99Millis) {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options =
        BenchmarkOptions.parseOrExit(
            args, "--threads=N --seconds=N --warmup-seconds=N --snapshots=N --out=DIR");
    CatalogBenchmark benchmark =
        new CatalogBenchmark(
            Integer.parseInt(options.getOrDefault("threads", "8")),
            Duration.ofSeconds(Long.parseLong(options.getOrDefault("warmup-seconds", "5"))),
            Duration.ofSeconds(Long.parseLong(options.getOrDefault("seconds", "20"))),
            Integer.parseInt(options.getOrDefault("snapshots", "50")),
            script());
    Path out =
        PostgresCluster.repositoryRoot().resolve(options.getOrDefault("out", "docs/benchmarks"));
    benchmark.run(out);
    System.exit(0);
  }

  private static Path script() throws IOException {
    Path script = Files.createTempFile("catalog-load", ".lua");
    try (var in = CatalogBenchmark.class.getResourceAsStream("/bench/catalog-load.lua")) {
      Files.write(script, in.readAllBytes());
    }
    return script;
  }

  private void run(Path out) throws Exception {
    Path work = Files.createTempDirectory("mesh-bench-catalog");
    List<Result> results = new ArrayList<>();
    try (ReferenceCatalogServer reference =
        ReferenceCatalogServer.start(work.resolve("reference"))) {
      List<Target> targets = new ArrayList<>();
      targets.add(reference(reference));
      targets.add(ours(Stores.catalog(Stores.Kind.H2), "H2"));
      targets.add(ours(Stores.catalog(Stores.Kind.POSTGRESQL), "PostgreSQL"));
      for (Target target : targets) {
        progress(
            "preparing %s (%s): %d tables × %d snapshots",
            target.server(), target.store(), threads, history);
        prepare(target);
      }
      for (String operation : List.of("load-table", "commit")) {
        for (Target target : targets) {
          progress(
              "measuring %s on %s (%s) for %ds",
              operation, target.server(), target.store(), measure.toSeconds());
          Result result = measure(operation, target);
          results.add(result);
          progress(
              "  %,.0f ops/s, p50 %.2f ms, p99 %.2f ms, %d errors",
              result.perSecond(), result.p50Millis(), result.p99Millis(), result.errors());
        }
      }
      for (Target target : targets) {
        target.setup().close();
      }
    }
    BenchmarkReport.write(out, results, threads, measure, history);
    progress("wrote %s", out.resolve("catalog.md"));
  }

  private static Target reference(ReferenceCatalogServer server) {
    RESTCatalog client = new RESTCatalog();
    client.setConf(new Configuration());
    client.initialize("reference", Map.of("uri", server.uri()));
    return new Target(
        "Iceberg reference REST server", "SQLite", server.uri() + "/v1", null, client);
  }

  private static Target ours(CatalogServer server, String store) {
    return new Target(
        "Insight Mesh catalog",
        store,
        server.uri() + CatalogClients.ICEBERG_PATH,
        server.token("admin"),
        CatalogClients.iceberg(server, "admin"));
  }

  private void prepare(Target target) {
    RESTCatalog catalog = target.setup();
    if (!catalog.namespaceExists(NAMESPACE)) {
      catalog.createNamespace(NAMESPACE);
    }
    for (int index = 0; index < threads; index++) {
      TableIdentifier id = TableIdentifier.of(NAMESPACE, "claims_" + index);
      if (catalog.tableExists(id)) {
        catalog.dropTable(id, false);
      }
      Table table = catalog.createTable(id, SCHEMA, PartitionSpec.unpartitioned());
      for (int snapshot = 0; snapshot < history; snapshot++) {
        table
            .newFastAppend()
            .appendFile(
                DataFiles.builder(table.spec())
                    .withPath(table.location() + "/data/file-" + snapshot + ".parquet")
                    .withFileSizeInBytes(64 << 20)
                    .withRecordCount(250_000)
                    .build())
            .commit();
      }
    }
  }

  /**
   * Drives the server with wrk (one connection per thread, one table per connection): a C load
   * generator, so the client's own cost does not cap what the servers can show on 2 cores.
   */
  private Result measure(String operation, Target target) throws IOException, InterruptedException {
    List<String> uuids = new ArrayList<>();
    for (int index = 0; index < threads; index++) {
      uuids.add(
          target
              .setup()
              .loadTable(TableIdentifier.of(NAMESPACE, "claims_" + index))
              .uuid()
              .toString());
    }
    wrk(operation, target, uuids, warmup);
    String[] fields = wrk(operation, target, uuids, measure);
    long requests = Long.parseLong(fields[1]);
    long errors = Long.parseLong(fields[2]);
    double seconds = Long.parseLong(fields[3]) / 1_000_000.0;
    return new Result(
        operation,
        target.server(),
        target.store(),
        threads,
        requests,
        errors,
        requests / seconds,
        Long.parseLong(fields[4]) / 1000.0,
        Long.parseLong(fields[5]) / 1000.0);
  }

  private String[] wrk(String operation, Target target, List<String> uuids, Duration duration)
      throws IOException, InterruptedException {
    URI base = URI.create(target.tablesBase());
    List<String> command = new ArrayList<>();
    command.addAll(
        List.of(
            "wrk",
            "-t" + threads,
            "-c" + threads,
            "-d" + duration.toSeconds() + "s",
            "--timeout",
            "30s",
            "-s",
            script.toString(),
            base.getScheme() + "://" + base.getAuthority(),
            "--",
            base.getPath(),
            operation.equals("load-table") ? "load" : "commit",
            target.token() == null ? "-" : target.token()));
    command.addAll(uuids);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    if (process.waitFor() != 0) {
      throw new IllegalStateException("wrk failed: " + output);
    }
    return output
        .lines()
        .filter(line -> line.startsWith("RESULT "))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("wrk printed no result: " + output))
        .split(" ");
  }

  private static void progress(String format, Object... args) {
    System.out.printf(Locale.ROOT, "[bench catalog] " + format + "%n", args);
  }

  private static Schema claimLikeSchema() {
    List<Types.NestedField> fields = new ArrayList<>();
    fields.add(Types.NestedField.required(1, "claim_id", Types.StringType.get()));
    fields.add(Types.NestedField.required(2, "scheme", Types.StringType.get()));
    fields.add(Types.NestedField.required(3, "submitted_at", Types.TimestampType.withZone()));
    fields.add(Types.NestedField.required(4, "amount_claimed", Types.DecimalType.of(12, 2)));
    for (int index = 5; index <= 24; index++) {
      fields.add(Types.NestedField.optional(index, "attribute_" + index, Types.StringType.get()));
    }
    return new Schema(fields);
  }
}
