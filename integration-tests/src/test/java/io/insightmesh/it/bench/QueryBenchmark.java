package io.insightmesh.it.bench;

import io.insightmesh.contracts.spec.ProductDescriptor;
import io.insightmesh.contracts.spec.ProductDescriptors;
import io.insightmesh.it.harness.CatalogClients;
import io.insightmesh.it.harness.CatalogServer;
import io.insightmesh.it.harness.PostgresCluster;
import io.insightmesh.it.harness.TrinoServer;
import io.insightmesh.sdk.publish.CatalogConnection;
import io.insightmesh.sdk.publish.ProductTables;
import io.insightmesh.sdk.publish.RegistryClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.spark.sql.SparkSession;

/**
 * {@code ./mesh bench query}: what analysts wait for. The {@code risk.decisions} product's table
 * ({@code risk.decisions_v1}, its contract's schema and partitioning) with N decisions is written
 * once, with Spark through our catalog; the same table (the same metadata and data files) is then
 * registered in Iceberg's reference REST server, and one Trino server reads it through both
 * catalogs: a point lookup by {@code claim_id} and an analyst's aggregate (flag rate by scheme per
 * day), interleaved so that both see the same caches. Writes {@code docs/benchmarks/query.md} and
 * {@code query.svg}.
 */
public final class QueryBenchmark {
  static final String OURS = "Insight Mesh catalog";
  static final String REFERENCE = "Iceberg reference REST server";
  private static final TableIdentifier TABLE = TableIdentifier.of("risk", "decisions_v1");
  private static final String PRINCIPAL = "analyst";
  private static final Pattern ACCESS_TOKEN =
      Pattern.compile("\"accessToken\"\\s*:\\s*\"([^\"]+)\"");

  /** Decisions are spread over the first eight weeks of the schemes, as in the real case. */
  private static final int DAYS = 56;

  private static final long START_MICROS = 1_585_699_200_000_000L; // 2020-04-01T00:00:00Z

  private final long rows;
  private final int lookups;
  private final int aggregates;
  private final int warmup;
  private final boolean claimIdBloomFilter;
  private final boolean serviceToken;
  private final Path work;

  private QueryBenchmark(
      long rows,
      int lookups,
      int aggregates,
      int warmup,
      boolean claimIdBloomFilter,
      boolean serviceToken,
      Path work) {
    this.rows = rows;
    this.claimIdBloomFilter = claimIdBloomFilter;
    this.serviceToken = serviceToken;
    this.lookups = lookups;
    this.aggregates = aggregates;
    this.warmup = warmup;
    this.work = work;
  }

  /** One query through one catalog: its latencies in milliseconds, sorted. */
  record Result(String query, String catalog, double[] millis) {
    double percentile(double p) {
      int index = (int) Math.ceil(p / 100.0 * millis.length) - 1;
      return millis[Math.max(0, Math.min(millis.length - 1, index))];
    }
  }

  /** What the run measured and under which conditions. */
  record Run(
      long rows,
      int dataFiles,
      long dataBytes,
      String loadBefore,
      String loadAfter,
      boolean withPolicy,
      boolean claimIdBloomFilter,
      boolean serviceToken,
      List<Result> results) {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options =
        BenchmarkOptions.parse(
            args,
            "--rows=N --lookups=N --aggregates=N --warmup=N --claim-id-bloom-filter=true|false"
                + " --trino-service-token=true|false --out=DIR --work=DIR");
    long rows = Long.parseLong(options.getOrDefault("rows", "8000000"));
    if (rows < 10_000) {
      throw new IllegalArgumentException("Invalid --rows=" + rows + ": at least 10000");
    }
    Path out =
        PostgresCluster.repositoryRoot().resolve(options.getOrDefault("out", "docs/benchmarks"));
    Path work =
        Path.of(
            options.getOrDefault(
                "work",
                PostgresCluster.repositoryRoot()
                    .resolve("integration-tests/target/bench-query")
                    .toString()));
    boolean bloomFilter =
        Boolean.parseBoolean(options.getOrDefault("claim-id-bloom-filter", "false"));
    new QueryBenchmark(
            rows,
            Integer.parseInt(options.getOrDefault("lookups", "40")),
            Integer.parseInt(options.getOrDefault("aggregates", "10")),
            Integer.parseInt(options.getOrDefault("warmup", "3")),
            bloomFilter,
            Boolean.parseBoolean(options.getOrDefault("trino-service-token", "false")),
            work.resolve("rows-" + rows + (bloomFilter ? "-bloom" : "")))
        .run(out);
    System.exit(0);
  }

  private void run(Path out) throws Exception {
    String loadBefore = loadAverage();
    // The table is built once per size and kept: our catalog restarts on the same data directory.
    Path built = work.resolve("built");
    if (!Files.exists(built)) {
      delete(work);
      Files.createDirectories(work);
    }
    CatalogServer ours = CatalogServer.start("bench-query", work.resolve("catalog"), Map.of());
    try (ReferenceCatalogServer reference =
        ReferenceCatalogServer.start(freshDirectory(work.resolve("reference")))) {
      if (!Files.exists(built)) {
        build(ours);
        Files.writeString(built, rows + "\n");
      }
      int dataFiles = 0;
      long dataBytes = 0;
      try (RESTCatalog ourCatalog = rest(ours, "risk-team")) {
        Table table = ourCatalog.loadTable(TABLE);
        // Scans report their metrics to the catalog: plan while the client is open.
        try (var tasks = table.newScan().planFiles()) {
          for (var task : tasks) {
            dataFiles++;
            dataBytes += task.file().fileSizeInBytes();
          }
        }
        register(reference, metadataLocation(table));
      }
      progress(
          "table %s: %,d rows in %d data files (%,d MiB), registered in both catalogs",
          TABLE, rows, dataFiles, dataBytes >> 20);

      // The catalog's policy knows only its own catalog and would refuse the reference: both are
      // read without access control, as the report says.
      try (AllowAllPolicy policy = AllowAllPolicy.start();
          TrinoServer trino =
              TrinoServer.start(
                  freshDirectory(work.resolve("trino")),
                  ours,
                  new TrinoServer.Extras(0, catalogs(ours, reference), false, policy.uri()))) {
        List<Result> results = measure(trino);
        Run run =
            new Run(
                rows,
                dataFiles,
                dataBytes,
                loadBefore,
                loadAverage(),
                false,
                claimIdBloomFilter,
                serviceToken,
                results);
        QueryReport.write(out, run);
        progress("wrote %s", out);
      }
    } finally {
      ours.close();
    }
  }

  /** Writes the decisions with Spark through our catalog, as the risk team. */
  private void build(CatalogServer ours) {
    CatalogConnection riskTeam =
        new CatalogConnection(ours.uri(), "risk-team", ours.secret("risk-team"));
    ProductDescriptor product = ProductDescriptors.builtIn("risk.decisions");
    new RegistryClient(riskTeam).register(product, product.version());
    try (RESTCatalog catalog = rest(ours, "risk-team")) {
      Table table = ProductTables.createOrLoad(catalog, product, product.version());
      if (claimIdBloomFilter) {
        // What a point lookup needs from the layout: each file says whether it may hold the id.
        table
            .updateProperties()
            .set("write.parquet.bloom-filter-enabled.column.claim_id", "true")
            .commit();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    progress("writing %,d decisions with Spark through our catalog", rows);
    long startedAt = System.nanoTime();
    SparkSession spark = riskTeam.localSpark("mesh-bench-query");
    try {
      // Expressions of the row number; the contract's required columns are never null here.
      spark.conf().set("spark.sql.iceberg.check-nullability", "false");
      long step = DAYS * 86_400_000_000L / rows;
      spark.sql(
          "INSERT INTO mesh.risk.decisions_v1 SELECT claim_id, claimant_id, scheme, decision,"
              + " risk_score, reasons, ruleset_version, profile_release, profile_snapshot_id,"
              + " decided_at FROM (SELECT *,"
              + "  CASE WHEN r < 0.78 THEN 'ACCEPT' WHEN r < 0.985 THEN 'FLAG' ELSE 'REJECT' END"
              + "   AS decision FROM (SELECT"
              + "  concat_ws('-', substr(h, 1, 8), substr(h, 9, 4), substr(h, 13, 4),"
              + "   substr(h, 17, 4), substr(h, 21, 12)) AS claim_id,"
              + "  concat('CLT-', lpad(cast(pmod(xxhash64(id, 11), "
              + Math.max(1, rows * 9 / 10)
              + ") AS string), 10, '0')) AS claimant_id,"
              + "  element_at(array('SEISS', 'CJRS', 'SSP_REBATE', 'BBL'),"
              + "   cast(pmod(xxhash64(id, 13), 4) AS int) + 1) AS scheme,"
              + "  r, round(r * 100, 2) AS risk_score,"
              + "  CASE WHEN r < 0.78 THEN array()"
              + "   ELSE array(named_struct('rule_id', concat('R', cast(pmod(id, 40) AS string)),"
              + "    'code', element_at(array('SHARED_BANK_ACCOUNT', 'OVER_SCHEME_CAP',"
              + "     'IDENTITY_REUSE', 'DEVICE_BURST'), cast(pmod(id, 4) AS int) + 1),"
              + "    'text', 'A rule of the ruleset fired for this claim.')) END AS reasons,"
              + "  '2020.05.1' AS ruleset_version, 'v1.0.0' AS profile_release,"
              + "  CAST(4242 AS bigint) AS profile_snapshot_id,"
              + "  timestamp_micros("
              + START_MICROS
              + " + id * "
              + step
              + ") AS decided_at"
              + " FROM (SELECT id, md5(concat('claim-', cast(id AS string))) AS h,"
              + "  pmod(xxhash64(id, 7), 1000000) / 1000000.0 AS r FROM range("
              + rows
              + "))))");
    } finally {
      spark.stop();
    }
    progress("wrote %,d decisions in %.0f s", rows, (System.nanoTime() - startedAt) / 1e9);
  }

  /** The claim id of decision {@code index}, as the Spark expression above makes it. */
  static String claimId(long index) {
    try {
      String hex =
          HexFormat.of()
              .formatHex(
                  MessageDigest.getInstance("MD5")
                      .digest(("claim-" + index).getBytes(StandardCharsets.UTF_8)));
      return String.join(
          "-",
          hex.substring(0, 8),
          hex.substring(8, 12),
          hex.substring(12, 16),
          hex.substring(16, 20),
          hex.substring(20, 32));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String metadataLocation(Table table) {
    return ((org.apache.iceberg.HasTableOperations) table)
        .operations()
        .current()
        .metadataFileLocation();
  }

  private static void register(ReferenceCatalogServer reference, String metadataLocation)
      throws IOException {
    try (RESTCatalog catalog = new RESTCatalog()) {
      catalog.setConf(new Configuration());
      catalog.initialize("reference", Map.of("uri", reference.uri()));
      if (!catalog.namespaceExists(Namespace.of("risk"))) {
        catalog.createNamespace(Namespace.of("risk"));
      }
      catalog.registerTable(TABLE, metadataLocation);
    }
  }

  private static RESTCatalog rest(CatalogServer server, String principal) {
    RESTCatalog catalog = new RESTCatalog();
    catalog.setConf(new Configuration());
    catalog.initialize(
        "bench",
        new CatalogConnection(server.uri(), principal, server.secret(principal))
            .icebergProperties());
    return catalog;
  }

  /**
   * The reference catalog, and with {@code --trino-service-token=true} our catalog signed in with a
   * long-lived service token instead of client credentials: Trino's Iceberg connector asks for a
   * new token on every catalog call when it holds credentials, but uses a token as it is.
   */
  private Map<String, List<String>> catalogs(CatalogServer ours, ReferenceCatalogServer reference) {
    if (!serviceToken) {
      return Map.of("reference", referenceCatalog(reference));
    }
    HttpResponse<String> response =
        CatalogClients.send(
            ours,
            "POST",
            "/api/v1/admin/principals/" + PRINCIPAL + "/tokens",
            "{\"lifetime\":\"P1D\"}",
            ours.token("admin"));
    Matcher token = ACCESS_TOKEN.matcher(response.body());
    if (response.statusCode() != 200 || !token.find()) {
      throw new IllegalStateException("No service token: " + response.body());
    }
    return Map.of(
        "reference",
        referenceCatalog(reference),
        "mesh",
        List.of(
            "connector.name=iceberg",
            "iceberg.catalog.type=rest",
            "iceberg.rest-catalog.uri=" + ours.icebergUri(),
            "iceberg.rest-catalog.warehouse=mesh",
            "iceberg.rest-catalog.security=OAUTH2",
            "iceberg.rest-catalog.oauth2.token=" + token.group(1),
            "fs.native-local.enabled=true",
            "local.location=/"));
  }

  private static List<String> referenceCatalog(ReferenceCatalogServer reference) {
    return List.of(
        "connector.name=iceberg",
        "iceberg.catalog.type=rest",
        "iceberg.rest-catalog.uri=" + reference.uri(),
        "fs.native-local.enabled=true",
        "local.location=/");
  }

  private List<Result> measure(TrinoServer trino) throws SQLException {
    Random random = new Random(42);
    List<Result> results = new ArrayList<>();
    try (Connection connection = trino.connection(PRINCIPAL)) {
      String aggregate =
          "SELECT scheme, date_trunc('day', decided_at) AS day, count(*) AS decisions,"
              + " avg(CASE WHEN decision = 'FLAG' THEN 1e0 ELSE 0e0 END) AS flag_rate"
              + " FROM %s.risk.decisions_v1 GROUP BY 1, 2 ORDER BY 2, 1";
      String lookup = "SELECT * FROM %s.risk.decisions_v1 WHERE claim_id = '%s'";
      progress("point lookups: %d warm-up and %d measured per catalog", warmup, lookups);
      results.addAll(
          interleaved(
              connection,
              "point lookup by claim_id",
              warmup,
              lookups,
              catalog -> lookup.formatted(catalog, claimId(Math.floorMod(random.nextLong(), rows))),
              1));
      progress("aggregates: %d warm-up and %d measured per catalog", warmup, aggregates);
      results.addAll(
          interleaved(
              connection,
              "flag rate by scheme per day",
              warmup,
              aggregates,
              aggregate::formatted,
              4 * DAYS));
    }
    return results;
  }

  /** Runs the query alternately through each catalog; each run's first catalog alternates too. */
  private static List<Result> interleaved(
      Connection connection,
      String name,
      int warmup,
      int runs,
      java.util.function.Function<String, String> sql,
      long expectedRows)
      throws SQLException {
    double[] ours = new double[runs];
    double[] reference = new double[runs];
    for (int run = -warmup; run < runs; run++) {
      boolean oursFirst = Math.floorMod(run, 2) == 0;
      for (String catalog :
          oursFirst ? List.of("mesh", "reference") : List.of("reference", "mesh")) {
        double millis = time(connection, sql.apply(catalog), expectedRows);
        if (run >= 0) {
          (catalog.equals("mesh") ? ours : reference)[run] = millis;
        }
      }
    }
    Arrays.sort(ours);
    Arrays.sort(reference);
    List<Result> results =
        List.of(new Result(name, OURS, ours), new Result(name, REFERENCE, reference));
    for (Result result : results) {
      progress(
          "  %s via %s: p50 %.0f ms, p95 %.0f ms",
          name, result.catalog(), result.percentile(50), result.percentile(95));
    }
    return results;
  }

  /** Wall time of one query, from submission to its last row, in milliseconds. */
  private static double time(Connection connection, String sql, long expectedRows)
      throws SQLException {
    long startedAt = System.nanoTime();
    long count = 0;
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      while (rows.next()) {
        count++;
      }
    }
    double millis = (System.nanoTime() - startedAt) / 1e6;
    if (count != expectedRows) {
      throw new IllegalStateException(
          "Expected " + expectedRows + " rows but got " + count + " from " + sql);
    }
    return millis;
  }

  private static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return fields[0] + " / " + fields[1] + " / " + fields[2];
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static Path freshDirectory(Path directory) throws IOException {
    delete(directory);
    return Files.createDirectories(directory);
  }

  private static void delete(Path directory) throws IOException {
    if (Files.exists(directory)) {
      try (Stream<Path> paths = Files.walk(directory)) {
        paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    }
  }

  private static void progress(String format, Object... args) {
    System.out.printf(Locale.ROOT, "[bench query] " + format + "%n", args);
  }
}
