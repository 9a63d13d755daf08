package io.insightmesh.it.bench;

import io.insightmesh.contracts.spec.ProductDescriptor;
import io.insightmesh.contracts.spec.ProductDescriptors;
import io.insightmesh.it.harness.CatalogServer;
import io.insightmesh.it.harness.PostgresCluster;
import io.insightmesh.it.harness.TrinoServer;
import io.insightmesh.sdk.launcher.TrinoNode;
import io.insightmesh.sdk.publish.CatalogConnection;
import io.insightmesh.sdk.publish.ProductTables;
import io.insightmesh.sdk.publish.RegistryClient;
import io.trino.jdbc.TrinoResultSet;
import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.PartitionSpecParser;
import org.apache.iceberg.SchemaParser;
import org.apache.iceberg.SortOrderParser;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.inmemory.InMemoryCatalog;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.spark.sql.SparkSession;

/**
 * {@code ./mesh bench query}: what analysts wait for. The {@code risk.decisions} product's table
 * ({@code risk.decisions_v1}: its contract's schema and the layout its descriptor declares) with N
 * decisions is written once, with Spark through our catalog; the same table (the same metadata and
 * data files) is then registered in Iceberg's reference REST server. Two Trino servers with the
 * platform's configuration ({@code TrinoNode}) read it: ours as {@code ./mesh up} runs it, asking
 * the catalog's policy for every access decision, and one whose {@code mesh} catalog is the
 * reference server, without access control. A point lookup by {@code claim_id} and an analyst's
 * aggregate (flag rate by scheme per day) run as {@code analyst} ({@code --user}), alternating
 * between the servers. Writes {@code docs/benchmarks/query.md} and {@code query.svg}, with the
 * catalog's requests per query and the time it spent on them, from its own metrics.
 */
public final class QueryBenchmark {
  static final String OURS = "Insight Mesh catalog";
  static final String REFERENCE = "Iceberg reference REST server";
  private static final TableIdentifier TABLE = TableIdentifier.of("risk", "decisions_v1");

  /**
   * Who the queries run as: {@code analyst} reads the decisions' PII columns masked, {@code
   * pii-analyst} in the clear, so the two runs tell the masks' share.
   */
  private static final Set<String> USERS = Set.of("analyst", "pii-analyst");

  private static final String USAGE =
      "--rows=N --lookups=N --aggregates=N --warmup=N --user=analyst|pii-analyst --out=DIR"
          + " --work=DIR";

  /** Decisions are spread over the first eight weeks of the schemes, as in the real case. */
  private static final int DAYS = 56;

  private static final long START_MICROS = 1_585_699_200_000_000L; // 2020-04-01T00:00:00Z

  private final long rows;
  private final int lookups;
  private final int aggregates;
  private final int warmup;
  private final String user;
  private final Path work;

  private QueryBenchmark(
      long rows, int lookups, int aggregates, int warmup, String user, Path work) {
    this.rows = rows;
    this.lookups = lookups;
    this.aggregates = aggregates;
    this.warmup = warmup;
    this.user = user;
    this.work = work;
  }

  /** One query through one catalog: its latencies in milliseconds, sorted. */
  record Result(String query, String catalog, double[] millis) {
    double percentile(double p) {
      int index = (int) Math.ceil(p / 100.0 * millis.length) - 1;
      return millis[Math.max(0, Math.min(millis.length - 1, index))];
    }
  }

  /** What one query cost our catalog, per run: its requests by endpoint, from its metrics. */
  record CatalogCost(String query, int runs, List<CatalogRequests.Endpoint> endpoints) {
    CatalogCost {
      endpoints = List.copyOf(endpoints);
    }
  }

  /**
   * Medians of Trino's own timeline of one query on one server ({@code system.runtime.queries}):
   * where the server spent the time, in milliseconds.
   */
  record Phases(
      String query,
      String catalog,
      double queued,
      double analysis,
      double planning,
      double total) {}

  /** What the run measured and under which conditions. */
  record Run(
      long rows,
      int dataFiles,
      long dataBytes,
      int lookupFiles,
      String partitioning,
      List<String> bloomFilterColumns,
      String user,
      int warmup,
      String loadBefore,
      String loadAfter,
      List<Result> results,
      List<CatalogCost> catalogCosts,
      List<Phases> phases) {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = BenchmarkOptions.parseOrExit(args, USAGE);
    long rows = Long.parseLong(options.getOrDefault("rows", "8000000"));
    if (rows < 10_000) {
      throw new IllegalArgumentException("Invalid --rows=" + rows + ": at least 10000");
    }
    String user = options.getOrDefault("user", "analyst");
    if (!USERS.contains(user)) {
      throw new IllegalArgumentException(
          "Invalid --user=" + user + ": one of " + new java.util.TreeSet<>(USERS));
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
    new QueryBenchmark(
            rows,
            count(options, "lookups", "200", 1),
            count(options, "aggregates", "10", 1),
            count(options, "warmup", "50", 0),
            user,
            work)
        .run(out);
    System.exit(0);
  }

  private static int count(Map<String, String> options, String name, String fallback, int min) {
    String value = options.getOrDefault(name, fallback);
    try {
      int count = Integer.parseInt(value);
      if (count >= min) {
        return count;
      }
    } catch (NumberFormatException notANumber) {
      // Reported below, with the rule.
    }
    throw new IllegalArgumentException(
        "Invalid --" + name + "=" + value + ": a whole number of at least " + min);
  }

  private void run(Path out) throws Exception {
    String loadBefore = loadAverage();
    ProductDescriptor product = ProductDescriptors.builtIn("risk.decisions");
    // The table is built once per size and layout and kept: our catalog restarts on the same data
    // directory. A layout the product (or this benchmark's data) no longer has is rebuilt.
    String layout = layoutFingerprint(product, insertStatement());
    Path table = tableDirectory(layout);
    Path built = table.resolve("built");
    if (!Files.exists(built)) {
      delete(table);
      Files.createDirectories(table);
    }
    CatalogServer ours = CatalogServer.start("bench-query", table.resolve("catalog"), Map.of());
    try (ReferenceCatalogServer reference =
        ReferenceCatalogServer.start(freshDirectory(table.resolve("reference")))) {
      if (!Files.exists(built)) {
        build(ours, product);
        Files.writeString(built, rows + " rows, layout " + layout + "\n");
      }
      int dataFiles = 0;
      long dataBytes = 0;
      int lookupFiles;
      String partitioning;
      List<String> bloomFilterColumns;
      try (RESTCatalog ourCatalog = rest(ours, "risk-team")) {
        Table decisions = ourCatalog.loadTable(TABLE);
        partitioning =
            decisions.spec().fields().stream()
                .map(
                    field ->
                        "`"
                            + field.transform()
                            + "("
                            + decisions.schema().findColumnName(field.sourceId())
                            + ")`")
                .collect(Collectors.joining(", "));
        bloomFilterColumns =
            decisions.properties().entrySet().stream()
                .filter(
                    property ->
                        property
                                .getKey()
                                .startsWith(
                                    TableProperties.PARQUET_BLOOM_FILTER_COLUMN_ENABLED_PREFIX)
                            && Boolean.parseBoolean(property.getValue()))
                .map(
                    property ->
                        property
                            .getKey()
                            .substring(
                                TableProperties.PARQUET_BLOOM_FILTER_COLUMN_ENABLED_PREFIX
                                    .length()))
                .sorted()
                .toList();
        // Scans report their metrics to the catalog: plan while the client is open.
        try (var tasks = decisions.newScan().planFiles()) {
          for (var task : tasks) {
            dataFiles++;
            dataBytes += task.file().fileSizeInBytes();
          }
        }
        lookupFiles = lookupFiles(decisions);
        register(reference, metadataLocation(decisions));
      }
      progress(
          "table %s: %,d rows in %d data files (%,d MiB), bloom filters on %s, a point lookup"
              + " plans at most %d of the files; registered in both catalogs",
          TABLE, rows, dataFiles, dataBytes >> 20, bloomFilterColumns, lookupFiles);

      // Trino's access control is one per server, and the catalog's policy answers only for its
      // own catalog: the reference gets a server of its own, configured the same but open.
      try (TrinoServer oursTrino = TrinoServer.start(freshDirectory(table.resolve("trino")), ours);
          TrinoServer referenceTrino =
              TrinoServer.startWithoutAccessControl(
                  freshDirectory(table.resolve("trino-reference")),
                  ours,
                  Map.of(TrinoNode.CATALOG_NAME, referenceCatalog(reference)))) {
        List<Result> results = new ArrayList<>();
        List<CatalogCost> costs = new ArrayList<>();
        List<Phases> phases = new ArrayList<>();
        measure(ours, oursTrino, referenceTrino, results, costs, phases);
        Run run =
            new Run(
                rows,
                dataFiles,
                dataBytes,
                lookupFiles,
                partitioning,
                bloomFilterColumns,
                user,
                warmup,
                loadBefore,
                loadAverage(),
                results,
                costs,
                phases);
        QueryReport.write(out, run);
        progress("wrote %s", out);
      }
    } finally {
      ours.close();
    }
  }

  /**
   * What the layout leaves a point lookup to read: the most data files Iceberg's scan plan keeps
   * for one claim id (the manifests' column bounds; bloom filters are read later, per file), over
   * 20 ids.
   */
  private int lookupFiles(Table decisions) throws IOException {
    Random random = new Random(7);
    int most = 0;
    for (int lookup = 0; lookup < 20; lookup++) {
      String claimId = claimId(Math.floorMod(random.nextLong(), rows));
      int files = 0;
      try (var tasks =
          decisions.newScan().filter(Expressions.equal("claim_id", claimId)).planFiles()) {
        for (var ignored : tasks) {
          files++;
        }
      }
      most = Math.max(most, files);
    }
    return most;
  }

  /** Where the table of this size and layout is kept; other layouts' tables are removed. */
  private Path tableDirectory(String layout) throws IOException {
    String name = "rows-" + rows + "-" + layout;
    if (Files.isDirectory(work)) {
      try (Stream<Path> kept = Files.list(work)) {
        for (Path stale :
            kept.filter(path -> path.getFileName().toString().startsWith("rows-"))
                .filter(path -> !path.getFileName().toString().endsWith("-" + layout))
                .toList()) {
          progress("removing %s: built with another layout", stale.getFileName());
          delete(stale);
        }
      }
    }
    return work.resolve(name);
  }

  /**
   * What makes a kept table stale: the schema, partitioning, sort order and properties the SDK
   * gives the product's table (a table made in memory, the way a publish makes it) and the
   * statement that writes its rows.
   */
  static String layoutFingerprint(ProductDescriptor product, String insert) {
    InMemoryCatalog catalog = new InMemoryCatalog();
    catalog.initialize("layout", Map.of());
    Table table = ProductTables.createOrLoad(catalog, product, product.version());
    StringBuilder text =
        new StringBuilder()
            .append(SchemaParser.toJson(table.schema()))
            .append('\n')
            .append(PartitionSpecParser.toJson(table.spec()))
            .append('\n')
            .append(SortOrderParser.toJson(table.sortOrder()))
            .append('\n');
    new TreeMap<>(table.properties())
        .forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
    text.append(insert);
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256")
                  .digest(text.toString().getBytes(StandardCharsets.UTF_8)))
          .substring(0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    } finally {
      try {
        catalog.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Writes the decisions with Spark through our catalog, as the risk team. */
  private void build(CatalogServer ours, ProductDescriptor product) {
    CatalogConnection riskTeam =
        new CatalogConnection(ours.uri(), "risk-team", ours.secret("risk-team"));
    new RegistryClient(riskTeam).register(product, product.version());
    // The product's layout as a publish makes it: partitioning and bloom filters from the
    // descriptor.
    try (RESTCatalog catalog = rest(ours, "risk-team")) {
      ProductTables.createOrLoad(catalog, product, product.version());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    progress("writing %,d decisions with Spark through our catalog", rows);
    long startedAt = System.nanoTime();
    SparkSession spark = riskTeam.localSpark("mesh-bench-query");
    try {
      // Expressions of the row number; the contract's required columns are never null here.
      spark.conf().set("spark.sql.iceberg.check-nullability", "false");
      spark.sql(insertStatement());
    } finally {
      spark.stop();
    }
    progress("wrote %,d decisions in %.0f s", rows, (System.nanoTime() - startedAt) / 1e9);
  }

  /**
   * N decisions in decision-time order, as the scoring engine appends them: 78% accepted, 20.5%
   * flagged, the rest rejected. Claim ids are version 7 UUIDs of the submission time, as the claims
   * source assigns them, and the engine assesses a claim as it is submitted: an id's time is its
   * decision's millisecond (the random bits from an MD5 of the row number).
   */
  private String insertStatement() {
    long step = step();
    return "INSERT INTO mesh.risk.decisions_v1 SELECT claim_id, claimant_id, scheme, decision,"
        + " risk_score, reasons, ruleset_version, profile_release, profile_snapshot_id,"
        + " decided_at,"
        // Decisions made before contract 1.1.0 carry no live features.
        + " CAST(NULL AS STRUCT<velocity: MAP<STRING, INT>, blocked: ARRAY<STRING>>)"
        + " AS live_features FROM (SELECT *,"
        + "  CASE WHEN r < 0.78 THEN 'ACCEPT' WHEN r < 0.985 THEN 'FLAG' ELSE 'REJECT' END"
        + "   AS decision FROM (SELECT"
        + "  concat(substr(t, 1, 8), '-', substr(t, 9, 4), '-7', substr(h, 1, 3), '-',"
        + "   substr('89ab', pmod(cast(conv(substr(h, 19, 1), 16, 10) AS int), 4) + 1, 1),"
        + "   substr(h, 4, 3), '-', substr(h, 7, 12)) AS claim_id,"
        + "  concat('CLT-', lpad(cast(pmod(xxhash64(id, 11), "
        + Math.max(1, rows * 9 / 10)
        + ") AS string), 10, '0')) AS claimant_id,"
        + "  element_at(array('SEISS', 'CJRS', 'SSP_REBATE', 'BBL'),"
        + "   cast(pmod(xxhash64(id, 13), 4) AS int) + 1) AS scheme,"
        + "  r, round(r, 4) AS risk_score,"
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
        + "  lower(lpad(hex(("
        + START_MICROS
        + " + id * "
        + step
        + ") div 1000), 12, '0')) AS t,"
        + "  pmod(xxhash64(id, 7), 1000000) / 1000000.0 AS r FROM range("
        + rows
        + "))))";
  }

  /** Microseconds between consecutive decisions: N decisions over {@link #DAYS} days. */
  private long step() {
    return DAYS * 86_400_000_000L / rows;
  }

  /** The claim id of decision {@code index}, as the Spark expression above makes it. */
  private String claimId(long index) {
    try {
      String hex =
          HexFormat.of()
              .formatHex(
                  MessageDigest.getInstance("MD5")
                      .digest(("claim-" + index).getBytes(StandardCharsets.UTF_8)));
      long millis = (START_MICROS + index * step()) / 1000;
      String time = String.format(Locale.ROOT, "%012x", millis);
      return String.join(
          "-",
          time.substring(0, 8),
          time.substring(8, 12),
          "7" + hex.substring(0, 3),
          "89ab".charAt(Character.digit(hex.charAt(18), 16) % 4) + hex.substring(3, 6),
          hex.substring(6, 18));
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

  private static List<String> referenceCatalog(ReferenceCatalogServer reference) {
    return List.of(
        "connector.name=iceberg",
        "iceberg.catalog.type=rest",
        "iceberg.rest-catalog.uri=" + reference.uri(),
        "fs.native-local.enabled=true",
        "local.location=/");
  }

  private void measure(
      CatalogServer ours,
      TrinoServer oursTrino,
      TrinoServer referenceTrino,
      List<Result> results,
      List<CatalogCost> costs,
      List<Phases> phases)
      throws SQLException {
    Random random = new Random(42);
    Map<String, Map<String, List<String>>> queryIds = new LinkedHashMap<>();
    try (Connection oursConnection = oursTrino.connection(user);
        Connection referenceConnection = referenceTrino.connection(user)) {
      Map<String, Connection> connections =
          Map.of(OURS, oursConnection, REFERENCE, referenceConnection);
      awaitActiveNode(oursConnection);
      awaitActiveNode(referenceConnection);
      // The same text on both servers: each names its catalog mesh.
      String aggregate =
          "SELECT scheme, date_trunc('day', decided_at) AS day, count(*) AS decisions,"
              + " avg(CASE WHEN decision = 'FLAG' THEN 1e0 ELSE 0e0 END) AS flag_rate"
              + " FROM mesh.risk.decisions_v1 GROUP BY 1, 2 ORDER BY 2, 1";
      String lookup = "SELECT * FROM mesh.risk.decisions_v1 WHERE claim_id = '%s'";
      progress("point lookups: %d warm-up and %d measured per catalog", warmup, lookups);
      interleaved(
          ours,
          connections,
          "point lookup by claim_id",
          lookups,
          () -> lookup.formatted(claimId(Math.floorMod(random.nextLong(), rows))),
          1,
          results,
          costs,
          queryIds);
      progress("aggregates: %d warm-up and %d measured per catalog", warmup, aggregates);
      interleaved(
          ours,
          connections,
          "flag rate by scheme per day",
          aggregates,
          () -> aggregate,
          4 * DAYS,
          results,
          costs,
          queryIds);
      for (Map.Entry<String, Map<String, List<String>>> query : queryIds.entrySet()) {
        for (Map.Entry<String, List<String>> side : query.getValue().entrySet()) {
          phases.add(
              phases(
                  connections.get(side.getKey()), query.getKey(), side.getKey(), side.getValue()));
        }
      }
    }
  }

  /** Trino's timeline of the measured runs, from the server that ran them. */
  private static Phases phases(
      Connection connection, String query, String catalog, List<String> queryIds)
      throws SQLException {
    String sql =
        "SELECT queued_time_ms, analysis_time_ms, planning_time_ms,"
            + " date_diff('millisecond', created, \"end\") FROM system.runtime.queries"
            + " WHERE query_id IN ("
            + queryIds.stream().map(id -> "'" + id + "'").collect(Collectors.joining(", "))
            + ")";
    List<double[]> rows = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      while (result.next()) {
        rows.add(
            new double[] {
              result.getDouble(1), result.getDouble(2), result.getDouble(3), result.getDouble(4)
            });
      }
    }
    if (rows.size() != queryIds.size()) {
      throw new IllegalStateException(
          "Trino remembers "
              + rows.size()
              + " of the "
              + queryIds.size()
              + " "
              + query
              + " queries via "
              + catalog);
    }
    double[] medians = new double[4];
    for (int column = 0; column < 4; column++) {
      int c = column;
      double[] values = rows.stream().mapToDouble(row -> row[c]).sorted().toArray();
      medians[column] = new Result(query, catalog, values).percentile(50);
    }
    return new Phases(query, catalog, medians[0], medians[1], medians[2], medians[3]);
  }

  /**
   * Runs the query alternately on each server, which goes first alternating too, after the warm-up;
   * our catalog's requests are counted over the measured runs only.
   */
  private void interleaved(
      CatalogServer ours,
      Map<String, Connection> connections,
      String name,
      int runs,
      Supplier<String> sql,
      long expectedRows,
      List<Result> results,
      List<CatalogCost> costs,
      Map<String, Map<String, List<String>>> queryIds)
      throws SQLException {
    Map<String, List<String>> ids =
        queryIds.computeIfAbsent(name, ignored -> new LinkedHashMap<>());
    double[] oursMillis = new double[runs];
    double[] referenceMillis = new double[runs];
    CatalogRequests before = null;
    for (int run = -warmup; run < runs; run++) {
      if (run == 0) {
        before = CatalogRequests.scrape(ours.uri());
      }
      boolean oursFirst = Math.floorMod(run, 2) == 0;
      String query = sql.get();
      for (String catalog : oursFirst ? List.of(OURS, REFERENCE) : List.of(REFERENCE, OURS)) {
        Timed timed = time(connections.get(catalog), query, expectedRows);
        if (run >= 0) {
          (catalog.equals(OURS) ? oursMillis : referenceMillis)[run] = timed.millis();
          ids.computeIfAbsent(catalog, ignored -> new ArrayList<>()).add(timed.queryId());
        }
      }
    }
    CatalogCost cost =
        new CatalogCost(name, runs, CatalogRequests.scrape(ours.uri()).since(before));
    Arrays.sort(oursMillis);
    Arrays.sort(referenceMillis);
    List<Result> measured =
        List.of(new Result(name, OURS, oursMillis), new Result(name, REFERENCE, referenceMillis));
    for (Result result : measured) {
      progress(
          "  %s via %s: p50 %.0f ms, p95 %.0f ms",
          name, result.catalog(), result.percentile(50), result.percentile(95));
    }
    for (CatalogRequests.Endpoint endpoint : cost.endpoints()) {
      progress(
          "  our catalog per query: %s %.1f requests, %.1f ms",
          endpoint.label(), endpoint.count() / runs, 1000 * endpoint.seconds() / runs);
    }
    results.addAll(measured);
    costs.add(cost);
  }

  /** One query's wall time, from submission to its last row, and Trino's id of it. */
  private record Timed(double millis, String queryId) {}

  /**
   * Waits until the server can schedule a query: Trino reports itself started before the
   * coordinator has announced itself as a worker, and a query sent in between fails with "No nodes
   * available to run query".
   */
  private static void awaitActiveNode(Connection connection) throws SQLException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      try (Statement statement = connection.createStatement();
          ResultSet rows =
              statement.executeQuery(
                  "SELECT count(*) FROM system.runtime.nodes WHERE state = 'active'")) {
        if (rows.next() && rows.getLong(1) > 0) {
          return;
        }
      } catch (SQLException e) {
        if (!String.valueOf(e.getMessage()).contains("No nodes available")
            || System.nanoTime() > deadline) {
          throw e;
        }
      }
      if (System.nanoTime() > deadline) {
        throw new SQLException("Trino has no active node after 60 s");
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SQLException("interrupted while waiting for an active Trino node", e);
      }
    }
  }

  private static Timed time(Connection connection, String sql, long expectedRows)
      throws SQLException {
    long startedAt = System.nanoTime();
    long count = 0;
    String queryId;
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      queryId = rows.unwrap(TrinoResultSet.class).getQueryId();
      while (rows.next()) {
        count++;
      }
    }
    double millis = (System.nanoTime() - startedAt) / 1e6;
    if (count != expectedRows) {
      throw new IllegalStateException(
          "Expected " + expectedRows + " rows but got " + count + " from " + sql);
    }
    return new Timed(millis, queryId);
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
