package io.insightmesh.it.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.insightmesh.it.harness.CatalogClients;
import io.insightmesh.it.harness.CatalogServer;
import io.insightmesh.it.harness.EngineServer;
import io.insightmesh.it.harness.PostgresCluster;
import io.insightmesh.it.harness.TableWatch;
import io.insightmesh.products.claims.generate.ClaimsGenerator;
import io.insightmesh.products.claims.generate.GeneratorSettings;
import io.insightmesh.products.claims.generate.ProgressListener;
import io.insightmesh.sdk.demo.DemoProducts;
import io.insightmesh.sdk.launcher.Component;
import io.insightmesh.sdk.publish.CatalogConnection;
import java.io.File;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * {@code ./mesh bench scoring}: the scoring engine against a plain Quarkus JSON echo endpoint, in
 * one run on this machine, with the same load generator ({@link LoadGenerator}, its own process)
 * pinned to one core and the server under test (with the catalog it commits to) to the other.
 *
 * <ol>
 *   <li>(a) E: the echo service's saturated requests/s;
 *   <li>(b) the engine's saturated claims/s, every decision fsynced to its log before the answer;
 *   <li>(c) latency percentiles at a constant arrival rate (open loop, measured from each request's
 *       intended send time);
 *   <li>(d) time from a claim's 2xx to its decision being visible in {@code risk.decisions_v1}: the
 *       table is polled through the catalog during (c), with its ETag so that an unchanged table
 *       costs a 304 ({@link TableWatch}), and each claim's answer time is matched to the first poll
 *       that saw the snapshot adding it.
 * </ol>
 *
 * Writes {@code docs/benchmarks/scoring.md} and {@code scoring.svg}.
 */
public final class ScoringBenchmark {
  private static final String RELEASE = "1.0.0+bench-scoring";
  private static final String ADMIN = "bench_admin";
  private static final TableIdentifier DECISIONS = TableIdentifier.of("risk", "decisions_v1");
  private static final long POLL_MILLIS = 50;
  private static final long TARGET_MICROS = (long) (ScoringReport.P99_TARGET_MILLIS * 1000);

  /** The engine's histogram of its decision log's fsyncs, read per window. */
  static final String LOG_FSYNC_HISTOGRAM = "mesh_engine_log_fsync_seconds";

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The engine's fixed heap in this benchmark; the other servers get 1 GB. At 3 GB the old
   * generation crossed G1's threshold after about five minutes of saturated warm-up on a slow
   * machine, and the measured window then ran beside continuous concurrent marking (a fifth of the
   * engine's core), measuring an undersized heap rather than the engine. A full run's saturated
   * rounds send the engine ten million claims or more, all of which it keeps: at 10 GB its old
   * generation passed the 80 % at which its G1 marks (ADR 0020) in the last round, and from then on
   * G1 marked at every new chunk, 133 times in three minutes (run of 73fbdd7, 2026-12-07 14:37 UTC:
   * (c) p99 81.99 ms); the same code at 13 GB stayed at 40 % with no pause in (c)'s window (16.74
   * ms). The kept claims' bytes are now off the heap ({@link #ENGINE_OFF_HEAP}, ADR 0027), and what
   * stays on it (their tables, the search index's postings, about 1.8 GB at (c) of a full run) fits
   * 6 GB at a third of it; the report names any window past the line ({@link
   * EngineHeap#pastMarkingLine}).
   */
  static final String ENGINE_HEAP = "6g";

  /**
   * The memory off the heap the engine may keep claims in, {@code MESH_ENGINE_OFF_HEAP}: a full run
   * keeps about 7.5 GB of them by (c). With {@link #ENGINE_HEAP}, 18 GB at most, which leaves the
   * load generator, the catalog, the echo service and the benchmark's own JVM their room in the
   * machine's 24 GB.
   */
  static final String ENGINE_OFF_HEAP = "12g";

  /**
   * The engine's event loops, {@code MESH_ENGINE_EVENT_LOOPS}: one, for the one core it is pinned
   * to, as {@code ./mesh up} gives it one for each core of its machine (ADR 0016). Set explicitly
   * because the engine starts before it is pinned, seeing every core.
   */
  static final String ENGINE_EVENT_LOOPS = "1";

  private final Settings settings;
  private final Path work;
  private long catalogPid;
  private URI catalogUri;
  private MetricsScraper engineScraper;
  private MetricsScraper catalogScraper;
  private final List<String> log = new ArrayList<>();
  private SparkSession spark;
  private CoreCanary canary;

  /** The run's options. */
  record Settings(
      int rounds,
      int seconds,
      int warmupSeconds,
      int warmupMaxSeconds,
      double rate,
      int connections,
      int claims,
      int clientCore,
      int serverCore,
      Path profile,
      List<String> engineJvmOptions,
      boolean quietClient) {}

  /**
   * What one load generator run measured.
   *
   * @param warmup the run's own warm-up
   * @param saturatedBefore the saturated warm-up before a constant-rate run; null for the others
   * @param logFsyncs the engine's decision-log fsyncs in the measured window, from its histogram;
   *     empty for the echo
   * @param serverPace how fast the server's core was in the measured window ({@link CoreCanary})
   */
  record Run(
      String name,
      String mode,
      double targetRate,
      double okPerSecond,
      double completedPerSecond,
      long measured,
      long ok,
      long non2xx,
      long ioErrors,
      long timeouts,
      String statuses,
      Map<Double, Long> latencyNanos,
      Warmup warmup,
      Warmup saturatedBefore,
      WindowHistogram logFsyncs,
      CoreCanary.Pace serverPace,
      EngineHeap heap) {
    long errors() {
      return non2xx + ioErrors + timeouts;
    }

    double millisAt(double percentile) {
      return latencyNanos.getOrDefault(percentile, 0L) / 1e6;
    }
  }

  /**
   * The engine's heap over a window: what its old generation held after the last collection at the
   * window's end, of the most it may hold, and what G1 stopped the engine for in the window (null
   * without a GC log). Null for the echo service.
   */
  record EngineHeap(double oldGenerationBytes, double maxBytes, GcLog.Window gc) {
    /**
     * Whether the old generation is at or past the occupancy at which the engine's G1 starts
     * marking ({@link Component#ENGINE_MARKING_OCCUPANCY_PERCENT}, ADR 0020). Past it, each of the
     * engine's region-sized chunks of what it keeps per claim (the search index's postings; the
     * claims' bytes are off the heap, ADR 0027) starts a concurrent cycle that finds nothing to
     * free, so the window's pauses and marking are the kept claims' doing, not the claims in
     * flight.
     */
    boolean pastMarkingLine() {
      return maxBytes > 0
          && oldGenerationBytes * 100 >= Component.ENGINE_MARKING_OCCUPANCY_PERCENT * maxBytes;
    }

    /** E.g. "8.63 of 10.74 GB, 80 %". */
    String describe() {
      if (maxBytes <= 0) {
        return String.format("%.2f GB of an unknown most", oldGenerationBytes / 1e9);
      }
      return String.format(
          "%.2f of %.2f GB, %.0f %%",
          oldGenerationBytes / 1e9, maxBytes / 1e9, 100 * oldGenerationBytes / maxBytes);
    }
  }

  /**
   * How long a run warmed the server before its measured window, and how that ended: {@code fixed}
   * ({@code --warmup-seconds}), {@code steady} (three consecutive windows agreed) or {@code cap}
   * ({@code --warmup-max-seconds} reached first); with each window's 2xx/s.
   */
  record Warmup(double seconds, String outcome, List<Double> windows) {
    Warmup {
      java.util.Objects.requireNonNull(outcome, "outcome is null");
      windows = List.copyOf(windows);
    }

    boolean capped() {
      return outcome.equals("cap");
    }

    String describe() {
      String last =
          windows.size() < 2
              ? ""
              : String.format(
                  Locale.ROOT,
                  " (last two windows %,.0f and %,.0f 2xx/s)",
                  windows.get(windows.size() - 2),
                  windows.get(windows.size() - 1));
      return switch (outcome) {
        case "steady" -> String.format(Locale.ROOT, "%.0f s, steady%s", seconds, last);
        case "cap" ->
            String.format(
                Locale.ROOT, "%.0f s, stopped by the cap before steady state%s", seconds, last);
        default -> String.format(Locale.ROOT, "%.0f s (fixed)", seconds);
      };
    }
  }

  /** The 2xx-to-visible distribution. */
  record Visibility(long claims, long unseen, Histogram micros, int snapshots) {}

  /** The machine and its load, for the report. */
  record Machine(
      String cpu,
      int cores,
      String loadBefore,
      String loadAfter,
      String java,
      MachineProbe.Fingerprint fingerprint) {}

  static boolean quietClient(String value) {
    return switch (value) {
      case "true" -> true;
      case "false" -> false;
      default ->
          throw new IllegalArgumentException(
              "Invalid --quiet-client=" + value + ": must be true or false");
    };
  }

  private ScoringBenchmark(Settings settings, Path work) {
    this.settings = settings;
    this.work = work;
  }

  /**
   * The options the engine will start with, as the report names them: paths relative to the
   * checkout, so a reader can repeat the run in theirs.
   */
  static List<String> engineJvmOptions() {
    String root = PostgresCluster.repositoryRoot() + File.separator;
    return EngineServer.jvmOptions().stream().map(option -> option.replace(root, "")).toList();
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options =
        BenchmarkOptions.parseOrExit(
            args,
            "--rounds=3 --seconds=20 --warmup-seconds=30 --warmup-max-seconds=300 --rate=6300"
                + " --connections=64 --claims=20000 --client-core=0 --server-core=1 --out=DIR --profile=FILE.jfr"
                + " --engine-jvm-options=OPTION,OPTION --quiet-client=true|false");
    // The engine holds every claim it decides (idempotency records, search index, per-claim-id
    // velocity counter), about 0.2 KB a claim on its heap and 0.9 KB off it (ADR 0027), and a full
    // run decides ten million or more: far past the tests' 1 GB.
    System.setProperty(EngineServer.HEAP_PROPERTY, ENGINE_HEAP);
    System.setProperty(EngineServer.OFF_HEAP_PROPERTY, ENGINE_OFF_HEAP);
    System.setProperty(EngineServer.EVENT_LOOPS_PROPERTY, ENGINE_EVENT_LOOPS);
    if (options.containsKey("engine-jvm-options")) {
      System.setProperty(
          EngineServer.JVM_OPTIONS_PROPERTY,
          String.join(" ", BenchmarkOptions.jvmOptions(options.get("engine-jvm-options"))));
    }
    Settings settings =
        new Settings(
            Integer.parseInt(options.getOrDefault("rounds", "3")),
            Integer.parseInt(options.getOrDefault("seconds", "20")),
            Integer.parseInt(options.getOrDefault("warmup-seconds", "30")),
            Integer.parseInt(options.getOrDefault("warmup-max-seconds", "300")),
            Double.parseDouble(options.getOrDefault("rate", "6300")),
            Integer.parseInt(options.getOrDefault("connections", "64")),
            Integer.parseInt(options.getOrDefault("claims", "20000")),
            Integer.parseInt(options.getOrDefault("client-core", "0")),
            Integer.parseInt(options.getOrDefault("server-core", "1")),
            options.containsKey("profile") ? Path.of(options.get("profile")) : null,
            engineJvmOptions(),
            quietClient(options.getOrDefault("quiet-client", "true")));
    Path out =
        PostgresCluster.repositoryRoot().resolve(options.getOrDefault("out", "docs/benchmarks"));
    Path work = PostgresCluster.repositoryRoot().resolve("integration-tests/target/bench-scoring");
    new ScoringBenchmark(settings, work).run(out);
    System.exit(0);
  }

  private void run(Path out) throws Exception {
    delete(work);
    Files.createDirectories(work);
    String loadBefore = loadAverage();
    // Before this JVM pins itself to one core.
    int cores = Runtime.getRuntime().availableProcessors();
    progress(
        "load average before: %s; load generator on core %d, servers on core %d",
        loadBefore, settings.clientCore(), settings.serverCore());
    // Before any server starts, so that only the machine's other tenants disturb it.
    // The disk's floor over as long as (c)'s window, so that the two are read over the same span.
    MachineProbe.Fingerprint fingerprint =
        MachineProbe.measure(
            work,
            settings.clientCore(),
            settings.serverCore(),
            settings.rate(),
            Duration.ofSeconds(settings.seconds()));
    progress("machine: %s", fingerprint.describe());
    progress("%s", fingerprint.disk().describe());
    // Also before any server starts: each window's pace is against this.
    canary = CoreCanary.start(settings.clientCore(), settings.serverCore());
    progress("core canary: %s", canary.describeReferences());
    try {
      measure(out, loadBefore, cores, fingerprint);
    } finally {
      canary.close();
    }
  }

  private void measure(Path out, String loadBefore, int cores, MachineProbe.Fingerprint fingerprint)
      throws Exception {
    CatalogServer catalog = CatalogServer.start("bench-scoring", work.resolve("catalog"), Map.of());
    Run echo;
    Run saturated;
    Run constant;
    Visibility visibility;
    List<Run> echoRounds;
    List<Run> engineRounds;
    try {
      pin(catalog.uri().getPort(), settings.serverCore());
      catalogPid = pidOf(catalog.uri().getPort());
      catalogUri = catalog.uri();
      Path templates = publish(catalog);

      // --rounds=0 measures (c) and (d) alone, for side-by-side runs of engine changes; it writes
      // no report, since (a) and (b) are missing.
      EchoServer echoServer =
          settings.rounds() > 0 ? EchoServer.start(work, settings.serverCore(), templates) : null;
      EngineServer engine =
          EngineServer.start("bench", catalog, Map.of("mesh.engine.profile-release", RELEASE));
      try {
        pin(engine.uri().getPort(), settings.serverCore());
        // Every stop-the-world pause, remark and cleanup included (GcLog), without adding to the
        // engine's options what ./mesh up does not give it.
        jcmd(
            engine.uri().getPort(),
            "VM.log",
            "output=file=" + engineGcLog(),
            "what=gc",
            "decorators=time");
        engine.awaitProfileRelease(RELEASE, Duration.ofSeconds(120));
        // Both monitored from the first claim, as in production, so that the window's own reads
        // of their metrics are nothing new to their JITs (MetricsScraper).
        engineScraper = MetricsScraper.start(engine.uri());
        catalogScraper = MetricsScraper.start(catalogUri);
        if (settings.profile() != null) {
          // JFR's own sampling profiler: where the engine's time goes under (b) and (c).
          jcmd(engine.uri().getPort(), "JFR.start", "name=bench", "settings=profile");
        }
        // From here on the orchestrator (Spark idle, the table poller) shares the client's core.
        pinSelf(settings.clientCore());
        canary.pin();
        String token = catalog.token("claims-team");
        String assessments = engine.uri() + "/api/v1/assessments";
        // Rounds alternate echo and engine, so a change in the machine's load hits both alike;
        // each side is judged by its median round.
        List<Run> echoes = new ArrayList<>();
        List<Run> engines = new ArrayList<>();
        for (int round = 1; round <= settings.rounds(); round++) {
          progress(
              "round %d of %d: (a) echo service, then (b) engine, saturated: %ds measured each"
                  + " after a warm-up of %d s or more, until steady (at most %d s)",
              round,
              settings.rounds(),
              settings.seconds(),
              settings.warmupSeconds(),
              settings.warmupMaxSeconds());
          echoes.add(
              load(
                  "echo, saturated",
                  echoServer.uri() + "/echo",
                  "-",
                  templates,
                  "saturate",
                  100 + round,
                  null,
                  null));
          engines.add(
              load(
                  "engine, saturated",
                  assessments,
                  token,
                  templates,
                  "saturate",
                  200 + round,
                  null,
                  null));
        }
        if (echoServer != null) {
          echoServer.close();
        }
        echo = echoes.isEmpty() ? null : median(echoes);
        saturated = engines.isEmpty() ? null : median(engines);
        echoRounds = echoes;
        engineRounds = engines;
        // Saturated first, so that the JIT has finished with the engine before the constant rate:
        // below saturation it would compile for minutes on a slow machine, on the engine's core.
        progress(
            "(c) engine warmed saturated until steady (%d to %d s), then at %,.0f claims/s until"
                + " steady again (%d to %d s), %ds measured; (d) polling the table every %d ms",
            settings.warmupSeconds(),
            settings.warmupMaxSeconds(),
            settings.rate(),
            settings.warmupSeconds(),
            settings.warmupMaxSeconds(),
            settings.seconds(),
            POLL_MILLIS);
        Warmup preWarm =
            warm("engine, saturated before the constant rate", assessments, token, templates, 290);
        RESTCatalog reader = CatalogClients.iceberg(catalog, "admin");
        Table table = reader.loadTable(DECISIONS);
        awaitCommitted(table);

        Path acks = work.resolve("acks.txt");
        // This JVM's threads (the table poller, idle Spark, their JIT) share the load generator's
        // core, and in an open-loop window a request the generator sends or reads late is charged
        // to the engine. At nice 10 they still kept it waiting (EEVDF lets the running thread
        // finish its slice); a thread of the default policy that wakes takes the core from a
        // SCHED_IDLE one at once. At 6,300 claims/s the generator leaves most of its core idle, so
        // the poller of (d) still polls on time.
        if (settings.quietClient()) {
          schedulingPolicySelf("--idle");
        }
        SnapshotPoller poller =
            new SnapshotPoller(new TableWatch(catalog, DECISIONS, catalog.token("admin")));
        Thread polling = new Thread(poller, "snapshot-poller");
        polling.start();
        try {
          constant =
              load(
                  "engine, constant rate",
                  assessments,
                  token,
                  templates,
                  "rate",
                  300,
                  acks,
                  preWarm);
        } finally {
          if (settings.quietClient()) {
            schedulingPolicySelf("--other");
          }
        }
        awaitCommitted(table);
        poller.stop();
        polling.join();
        visibility = visibility(table, poller.firstSeen(), acks);
        if (settings.profile() != null) {
          Path recording = settings.profile().toAbsolutePath();
          jcmd(engine.uri().getPort(), "JFR.dump", "name=bench", "filename=" + recording);
          progress("engine flight recording: %s", recording);
        }
        progress(
            "engine's and catalog's metrics scraped every %d s throughout: %,d and %,d answered,"
                + " %,d and %,d failed",
            MetricsScraper.INTERVAL_SECONDS,
            engineScraper.scrapes(),
            catalogScraper.scrapes(),
            engineScraper.failures(),
            catalogScraper.failures());
        reader.close();
      } finally {
        if (engineScraper != null) {
          engineScraper.close();
        }
        if (catalogScraper != null) {
          catalogScraper.close();
        }
        engine.close();
        if (echoServer != null) {
          echoServer.close();
        }
      }
    } finally {
      catalog.close();
    }
    String loadAfter = loadAverage();
    progress("load average after: %s", loadAfter);
    if (echo == null) {
      return;
    }
    Machine machine =
        new Machine(
            cpuModel(),
            cores,
            loadBefore,
            loadAfter,
            System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
            fingerprint);
    ScoringReport.write(
        out,
        settings,
        machine,
        echo,
        saturated,
        constant,
        visibility,
        echoRounds,
        engineRounds,
        log);
    progress("wrote %s", out.resolve("scoring.md"));
  }

  /**
   * Generates claims, publishes the claims and claimant-profiles releases the engine assesses
   * against, and returns the file of claim templates the load generator sends.
   */
  private Path publish(CatalogServer catalog) throws IOException {
    Path generated = work.resolve("generated");
    progress(
        "generating %,d claims and publishing the claims and profiles releases", settings.claims());
    new ClaimsGenerator(GeneratorSettings.of(settings.claims(), 5, generated).withBadRate(0))
        .generate(ProgressListener.none());
    CatalogConnection claimsTeam =
        new CatalogConnection(catalog.uri(), "claims-team", catalog.secret("claims-team"));
    spark = claimsTeam.localSpark("mesh-bench-scoring");
    new DemoProducts(spark, catalog.uri(), catalog::secret, line -> {}).publish(generated, RELEASE);
    new CatalogConnection(catalog.uri(), "admin", catalog.secret("admin")).register(spark, ADMIN);
    Path templates = work.resolve("claims.jsonl");
    List<String> lines = new ArrayList<>();
    try (Stream<Path> files = Files.list(generated.resolve("landing/claims"))) {
      for (Path file : files.sorted().toList()) {
        Files.readAllLines(file).stream().filter(line -> !line.isBlank()).forEach(lines::add);
      }
    }
    Files.write(templates, lines);
    progress("%,d claim templates in %s", lines.size(), templates);
    return templates;
  }

  /**
   * Runs the load generator pinned to the client core and reads back what it measured. Every run
   * warms until steady; the constant-rate run does so at its rate, after the saturated warm-up
   * {@code preWarm} (null for the saturated runs).
   */
  private Run load(
      String name,
      String url,
      String token,
      Path templates,
      String mode,
      long idSeed,
      Path acks,
      Warmup preWarm)
      throws IOException, InterruptedException {
    List<Long> servers = serverProcesses(url);
    Path result = work.resolve("run-" + idSeed + ".properties");
    Path measuring = work.resolve("run-" + idSeed + ".measuring");
    List<String> command =
        generator(
            url,
            token,
            templates,
            mode,
            idSeed,
            settings.warmupMaxSeconds(),
            settings.seconds(),
            result);
    command.add("--measuring=" + measuring);
    if (acks != null) {
      command.add("--acks=" + acks);
    }
    Process process = new ProcessBuilder(command).inheritIO().start();
    // CPU over the measured window only (from the end of the warm-up), so per-claim CPU is not
    // diluted by the JIT's warm-up work: the generator marks its start, seen within one poll.
    awaitMeasuring(process, measuring, name);
    boolean engine = !url.endsWith("/echo");
    Map<String, Double> metricsBefore = engine ? engineScraper.scrape() : Map.of();
    CatalogRequests catalogBefore =
        engine ? CatalogRequests.parse(catalogScraper.exposition()) : null;
    long[] cpuBefore = cpuTicks(servers);
    Map<Long, OtherProcesses.Usage> processesBefore = OtherProcesses.now();
    Map<String, Long> threadsBefore = ThreadCpu.byGroup(servers.get(0));
    Map<String, Long> catalogThreadsBefore = engine ? ThreadCpu.byGroup(catalogPid) : Map.of();
    long windowStart = System.nanoTime();
    Instant windowFrom = Instant.now();
    Thread.sleep(settings.seconds() * 1_000L);
    long[] cpuAfter = cpuTicks(servers);
    Map<Long, OtherProcesses.Usage> processesAfter = OtherProcesses.now();
    Map<String, Long> threadsAfter = ThreadCpu.byGroup(servers.get(0));
    Map<String, Long> catalogThreadsAfter = engine ? ThreadCpu.byGroup(catalogPid) : Map.of();
    Map<String, Double> metricsAfter = engine ? engineScraper.scrape() : Map.of();
    List<CatalogRequests.Endpoint> catalogServed =
        engine
            ? CatalogRequests.parse(catalogScraper.exposition()).since(catalogBefore)
            : List.of();
    double windowSeconds = (System.nanoTime() - windowStart) / 1e9;
    Instant windowTo = Instant.now();
    if (process.waitFor() != 0) {
      throw new IllegalStateException("The load generator failed for " + name);
    }
    Map<String, Double> delta = new LinkedHashMap<>();
    metricsAfter.forEach(
        (metric, value) -> delta.put(metric, value - metricsBefore.getOrDefault(metric, 0.0)));
    WindowHistogram logFsyncs = WindowHistogram.of(delta, LOG_FSYNC_HISTOGRAM);
    Properties properties = properties(result);
    Warmup warmup = warmup(properties);
    EngineHeap heap =
        engine
            ? new EngineHeap(
                metricsAfter.getOrDefault("jvm_gc_live_data_size_bytes", 0.0),
                metricsAfter.getOrDefault("jvm_gc_max_data_size_bytes", 0.0),
                GcLog.window(engineGcLog(), windowFrom, windowTo))
            : null;
    Map<Double, Long> latency = new LinkedHashMap<>();
    for (String point : properties.getProperty("latency-nanos").split(",")) {
      String[] parts = point.split(":");
      latency.put(Double.parseDouble(parts[0]), Long.parseLong(parts[1]));
    }
    Run run =
        new Run(
            name,
            mode,
            settings.rate(),
            Double.parseDouble(properties.getProperty("ok-per-second")),
            Double.parseDouble(properties.getProperty("completed-per-second")),
            Long.parseLong(properties.getProperty("measured")),
            Long.parseLong(properties.getProperty("ok")),
            Long.parseLong(properties.getProperty("non-2xx")),
            Long.parseLong(properties.getProperty("io-errors")),
            Long.parseLong(properties.getProperty("timeouts")),
            properties.getProperty("statuses"),
            latency,
            warmup,
            preWarm,
            logFsyncs,
            serverPace(windowFrom, windowTo),
            heap);
    progress(
        "  %s: %,.0f 2xx/s, p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms, statuses %s,"
            + " %d I/O errors, %d timeouts",
        name,
        run.okPerSecond(),
        run.millisAt(50),
        run.millisAt(99),
        run.millisAt(99.9),
        run.millisAt(100),
        run.statuses(),
        run.ioErrors(),
        run.timeouts());
    progress("  %s: warm-up %s", name, warmup.describe());
    // A pause of the generator is charged to the server: its late requests count from their
    // intended times. It collects before each window so that none falls inside; this says if one
    // did.
    progress(
        "  %s: the load generator's own collections in the window: %s, %s ms",
        name,
        properties.getProperty("generator-collections", "?"),
        properties.getProperty("generator-collection-millis", "?"));
    double[] cpuSeconds = new double[servers.size()];
    double cpuTotal = 0;
    for (int i = 0; i < servers.size(); i++) {
      cpuSeconds[i] = (cpuAfter[i] - cpuBefore[i]) / ThreadCpu.TICKS_PER_SECOND;
      cpuTotal += cpuSeconds[i];
    }
    // The catalog's share apart: the engine's commits cost it CPU on the same core, and so do the
    // table polls of (d) during the constant-rate run.
    String split =
        engine ? String.format(" (engine %.2f, catalog %.2f)", cpuSeconds[0], cpuSeconds[1]) : "";
    progress(
        "  %s: server-core processes used %.2f CPU s%s in the %.1f s window: %.0f µs per 2xx",
        name, cpuTotal, split, windowSeconds, cpuTotal * 1e6 / Math.max(1, run.ok()));
    Set<Long> own = new HashSet<>(servers);
    own.add(process.pid());
    own.add(ProcessHandle.current().pid());
    progress(
        "  %s: %s",
        name, OtherProcesses.describe(OtherProcesses.used(processesBefore, processesAfter, own)));
    progress(
        "  %s: %s threads' CPU s (µs a 2xx): %s",
        name,
        engine ? "engine" : "echo",
        threadShares(ThreadCpu.used(threadsBefore, threadsAfter), run.ok()));
    if (engine) {
      progress("  %s: %s", name, ThreadCpu.eventLoopSlices(servers.get(0)));
      progress(
          "  %s: the catalog served %s; its threads' CPU s (µs a 2xx): %s",
          name,
          catalogShares(catalogServed),
          threadShares(ThreadCpu.used(catalogThreadsBefore, catalogThreadsAfter), run.ok()));
    }
    progress("  %s: %s", name, CoreCanary.describe(canary.window(windowFrom, windowTo)));
    if (mode.equals("rate")) {
      String windowStartMicros = Files.readString(measuring).trim();
      String slowestBySlice = properties.getProperty("slowest-micros-by-slice", "");
      progress("  %s: %s", name, describeStalls(windowStartMicros, slowestBySlice));
      if (!slowestBySlice.isEmpty()) {
        long[] slowest = slowestMicros(slowestBySlice);
        boolean[] overTarget = new boolean[slowest.length];
        for (int slice = 0; slice < slowest.length; slice++) {
          overTarget[slice] = slowest[slice] > TARGET_MICROS;
        }
        progress(
            "  %s: %s",
            name,
            canary.bySlices(
                settings.serverCore(),
                Instant.EPOCH.plus(Long.parseLong(windowStartMicros), ChronoUnit.MICROS),
                TimeUnit.NANOSECONDS.toMillis(LoadGenerator.SLICE_NANOS),
                overTarget));
      }
    }
    if (engine) {
      double decisions = delta.getOrDefault("mesh_engine_decisions", 0.0);
      double fsyncs = delta.getOrDefault("mesh_engine_log_fsyncs", 0.0);
      progress(
          "  %s: in the window the log fsynced %,.0f times a second (%.1f decisions each);"
              + " the answering threads indexed %,.0f decisions for search themselves (the"
              + " indexer behind)",
          name,
          fsyncs / windowSeconds,
          decisions / Math.max(1, fsyncs),
          delta.getOrDefault("mesh_engine_search_indexed_by_deciders_total", 0.0));
      // ADR 0021: a saturated window should lower them (and keep them lowered), a steady one not.
      progress(
          "  %s: the answering threads went back to their ordinary policy %,.0f times in the"
              + " window; %,.0f on SCHED_FIFO at its end",
          name,
          delta.getOrDefault("mesh_engine_answers_realtime_lowerings_total", 0.0),
          metricsAfter.getOrDefault("mesh_engine_answers_realtime_threads", 0.0));
      progress(
          "  %s: the engine's stop-the-world pauses in the window (its GC log): %s",
          name, heap.gc() == null ? "no GC log" : heap.gc().describe());
    }
    if (logFsyncs.count() > 0) {
      progress("  %s: the log's fsyncs in the window: %s", name, logFsyncs.describe("fsyncs"));
    }
    if (engine) {
      // Gauges, as the last expiry left them: what each commit writes and each planning parses.
      progress(
          "  %s: the decisions table at the window's end: %,.0f snapshots, %,.0f KB of"
              + " metadata.json, %,.0f expired files waiting for deletion",
          name,
          metricsAfter.getOrDefault("mesh_engine_table_snapshots", 0.0),
          metricsAfter.getOrDefault("mesh_engine_table_metadata_bytes", 0.0) / 1024,
          metricsAfter.getOrDefault("mesh_engine_expired_files_pending", 0.0));
      // The claims the engine keeps are in buffers off the heap; the old generation holds their
      // tables and the search index's postings. The fuller it is, the smaller the young generation
      // G1 can give the allocations, and past 80 % it marks again and again (EngineHeap).
      progress(
          "  %s: the engine's old generation after the last collection: %s; its buffers off the"
              + " heap (the claims it keeps): %.2f GB",
          name,
          heap.describe(),
          metricsAfter.getOrDefault("jvm_buffer_memory_used_bytes", 0.0) / 1e9);
    }
    return run;
  }

  private CoreCanary.Pace serverPace(Instant from, Instant to) {
    return canary.window(from, to).stream()
        .filter(pace -> pace.core() == settings.serverCore())
        .findFirst()
        .orElseThrow();
  }

  /**
   * Drives the server saturated, as the saturated runs do, until three consecutive windows agree
   * (or the cap), and measures nothing: the warm-up before the constant-rate run.
   */
  private Warmup warm(String name, String url, String token, Path templates, long idSeed)
      throws IOException, InterruptedException {
    Path result = work.resolve("run-" + idSeed + ".properties");
    List<String> command =
        generator(
            url, token, templates, "saturate", idSeed, settings.warmupMaxSeconds(), 0, result);
    Process process = new ProcessBuilder(command).inheritIO().start();
    if (process.waitFor() != 0) {
      throw new IllegalStateException("The load generator failed for " + name);
    }
    Warmup warmup = warmup(properties(result));
    progress("  %s: %s", name, warmup.describe());
    return warmup;
  }

  /**
   * The server core's processes: the echo service, or the engine with the catalog it commits to.
   * Both count for the warm-up's quiet JIT: the catalog's C2 took up to 2.9 CPU s of a
   * constant-rate window on that core while the engine's own compiler was quiet.
   */
  private List<Long> serverProcesses(String url) {
    List<Long> servers = new ArrayList<>(List.of(pidOf(URI.create(url).getPort())));
    if (!url.endsWith("/echo")) {
      servers.add(catalogPid);
    }
    return servers;
  }

  /** The load generator's command line, pinned to the client core. */
  private List<String> generator(
      String url,
      String token,
      Path templates,
      String mode,
      long idSeed,
      int warmupMaxSeconds,
      int seconds,
      Path result) {
    return new ArrayList<>(
        List.of(
            // The default policy whatever this JVM's, which (c) sets to SCHED_IDLE.
            "chrt",
            "--other",
            "0",
            "taskset",
            "-c",
            Integer.toString(settings.clientCore()),
            ProcessHandle.current().info().command().orElse("java"),
            // Pinned to one core the JVM would pick the serial collector anyway; said here, with a
            // young generation that a constant-rate window's garbage does not fill after the
            // collection the generator makes before it (LoadGenerator.SETTLE_NANOS).
            "-XX:+UseSerialGC",
            "-Xms3g",
            "-Xmx3g",
            "-Xmn2g",
            "-cp",
            System.getProperty("java.class.path"),
            LoadGenerator.class.getName(),
            "--url=" + url,
            "--token=" + token,
            "--templates=" + templates,
            "--mode=" + mode,
            "--rate=" + settings.rate(),
            "--connections=" + settings.connections(),
            "--warmup-seconds=" + settings.warmupSeconds(),
            "--warmup-max-seconds=" + warmupMaxSeconds,
            "--seconds=" + seconds,
            "--id-seed=" + idSeed,
            "--server-pids="
                + serverProcesses(url).stream()
                    .map(String::valueOf)
                    .collect(java.util.stream.Collectors.joining(",")),
            "--out=" + result));
  }

  /** Requests per endpoint and the server's milliseconds on each, busiest endpoint first. */
  static String catalogShares(List<CatalogRequests.Endpoint> served) {
    if (served.isEmpty()) {
      return "nothing";
    }
    return served.stream()
        .sorted(java.util.Comparator.comparingDouble(CatalogRequests.Endpoint::seconds).reversed())
        .map(
            e ->
                String.format(
                    Locale.ROOT,
                    "%s %,.0f × %.2f ms",
                    e.label(),
                    e.count(),
                    e.seconds() * 1e3 / e.count()))
        .collect(java.util.stream.Collectors.joining(", "));
  }

  /**
   * The threads that used at least 1% of the window's server CPU, busiest first, each with its CPU
   * seconds and, if {@code answered} is above 0, its µs of CPU per 2xx: a claim's cost to the event
   * loop has differed by half between runs of the same code (docs/benchmarks/scoring.md).
   */
  static String threadShares(Map<String, Long> ticks, long answered) {
    long total = ticks.values().stream().mapToLong(Long::longValue).sum();
    StringBuilder text = new StringBuilder();
    ticks.entrySet().stream()
        .filter(group -> group.getValue() * 100 >= total)
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .forEach(
            group -> {
              double seconds = group.getValue() / ThreadCpu.TICKS_PER_SECOND;
              text.append(text.length() == 0 ? "" : ", ")
                  .append(group.getKey())
                  .append(' ')
                  .append(String.format(Locale.ROOT, "%.2f", seconds));
              if (answered > 0) {
                text.append(String.format(Locale.ROOT, " (%.1f)", seconds * 1e6 / answered));
              }
            });
    return text.length() == 0 ? "none measured" : text.toString();
  }

  /** The load generator's {@code slowest-micros-by-slice}: each slice's longest wait, in µs. */
  private static long[] slowestMicros(String slowestBySlice) {
    return Arrays.stream(slowestBySlice.split(",")).mapToLong(Long::parseLong).toArray();
  }

  /**
   * The stretches of the constant-rate window whose arrivals waited longer than the p99 target,
   * with the wall-clock time each began, to set beside the engine's log; the slowest first.
   *
   * @param windowStartMicros the window's start, microseconds since the epoch
   * @param slowestBySlice each {@link LoadGenerator#SLICE_NANOS} slice's slowest latency, in µs
   */
  static String describeStalls(String windowStartMicros, String slowestBySlice) {
    if (slowestBySlice.isEmpty()) {
      return "no latencies by arrival time";
    }
    long sliceMillis = TimeUnit.NANOSECONDS.toMillis(LoadGenerator.SLICE_NANOS);
    long[] slowest = slowestMicros(slowestBySlice);
    Instant windowStart = Instant.EPOCH.plus(Long.parseLong(windowStartMicros), ChronoUnit.MICROS);
    // {first slice, last slice, slowest µs} of each run of slices over the target.
    List<long[]> stretches = new ArrayList<>();
    for (int slice = 0; slice < slowest.length; slice++) {
      if (slowest[slice] <= TARGET_MICROS) {
        continue;
      }
      long[] last = stretches.isEmpty() ? null : stretches.get(stretches.size() - 1);
      if (last != null && last[1] == slice - 1) {
        last[1] = slice;
        last[2] = Math.max(last[2], slowest[slice]);
      } else {
        stretches.add(new long[] {slice, slice, slowest[slice]});
      }
    }
    long over = stretches.stream().mapToLong(stretch -> stretch[1] - stretch[0] + 1).sum();
    StringBuilder text =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "arrivals waited over %.0f ms in %d of %d %d ms slices, in %d stretches",
                ScoringReport.P99_TARGET_MILLIS,
                over,
                slowest.length,
                sliceMillis,
                stretches.size()));
    stretches.sort((a, b) -> Long.compare(b[2], a[2]));
    DateTimeFormatter clock =
        DateTimeFormatter.ofPattern("HH:mm:ss.S", Locale.ROOT).withZone(ZoneOffset.UTC);
    for (int shown = 0; shown < Math.min(STALLS_SHOWN, stretches.size()); shown++) {
      long[] stretch = stretches.get(shown);
      text.append(
          String.format(
              Locale.ROOT,
              "%s %s UTC for %d ms, up to %.1f ms",
              shown == 0 ? "; slowest:" : ",",
              clock.format(windowStart.plusMillis(stretch[0] * sliceMillis)),
              (stretch[1] - stretch[0] + 1) * sliceMillis,
              stretch[2] / 1000.0));
    }
    return text.toString();
  }

  /** Waits for the load generator to start its measured window. */
  private static void awaitMeasuring(Process process, Path measuring, String name)
      throws InterruptedException {
    while (!Files.exists(measuring)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "The load generator for " + name + " exited before its measured window");
      }
      Thread.sleep(20);
    }
  }

  private static Properties properties(Path file) throws IOException {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file)) {
      properties.load(reader);
    }
    return properties;
  }

  private static Warmup warmup(Properties properties) {
    String windows = properties.getProperty("warmup-windows", "");
    return new Warmup(
        Double.parseDouble(properties.getProperty("warmup-taken-seconds")),
        properties.getProperty("warmup-outcome"),
        windows.isEmpty()
            ? List.of()
            : Arrays.stream(windows.split(",")).map(Double::valueOf).toList());
  }

  /** The run with the median 2xx rate (the lower of the middle two for an even count). */
  private static Run median(List<Run> runs) {
    List<Run> sorted =
        runs.stream().sorted(java.util.Comparator.comparingDouble(Run::okPerSecond)).toList();
    return sorted.get((sorted.size() - 1) / 2);
  }

  /** Waits until the engine's commits stop adding snapshots: its log is committed to the table. */
  private void awaitCommitted(Table table) throws InterruptedException {
    long quietSince = System.nanoTime();
    Long last = null;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      table.refresh();
      Long current = table.currentSnapshot() == null ? null : table.currentSnapshot().snapshotId();
      if (current != null && !current.equals(last)) {
        last = current;
        quietSince = System.nanoTime();
      } else if (System.nanoTime() - quietSince > TimeUnit.SECONDS.toNanos(4)) {
        return;
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("The engine kept committing for 2 minutes after the load");
  }

  /**
   * For each claim acknowledged in the measured window of (c): the first poll that saw the snapshot
   * adding its decision, minus the time its 2xx arrived.
   */
  private Visibility visibility(Table table, Map<Long, Long> firstSeenMicros, Path acks)
      throws IOException {
    table.refresh();
    Map<String, Long> fileSeen = new HashMap<>();
    int snapshots = 0;
    for (Snapshot snapshot : table.snapshots()) {
      Long seen = firstSeenMicros.get(snapshot.snapshotId());
      if (seen == null || !"append".equals(snapshot.operation())) {
        continue;
      }
      snapshots++;
      for (DataFile file : snapshot.addedDataFiles(table.io())) {
        fileSeen.put(normalize(file.path().toString()), seen);
      }
    }
    Map<String, Long> ackMicros = new HashMap<>();
    for (String line : Files.readAllLines(acks)) {
      String[] parts = line.split(" ");
      ackMicros.put(parts[0], Long.parseLong(parts[1]));
    }
    Histogram micros = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
    long found = 0;
    if (!fileSeen.isEmpty()) {
      List<Row> rows =
          spark
              .read()
              .parquet(fileSeen.keySet().toArray(String[]::new))
              .select(functions.col("claim_id"), functions.input_file_name())
              .collectAsList();
      for (Row row : rows) {
        Long ack = ackMicros.get(row.getString(0));
        Long seen = fileSeen.get(normalize(row.getString(1)));
        if (ack != null && seen != null) {
          found++;
          micros.recordValue(Math.min(Math.max(seen - ack, 0), micros.getHighestTrackableValue()));
        }
      }
    }
    Visibility visibility =
        new Visibility(ackMicros.size(), ackMicros.size() - found, micros, snapshots);
    progress(
        "(d) 2xx to visible: %,d claims, p50 %.0f ms, p99 %.0f ms, max %.0f ms, %,d not seen,"
            + " %d snapshots",
        found,
        micros.getValueAtPercentile(50) / 1000.0,
        micros.getValueAtPercentile(99) / 1000.0,
        micros.getMaxValue() / 1000.0,
        visibility.unseen(),
        snapshots);
    return visibility;
  }

  private static String normalize(String path) {
    return URI.create(path.startsWith("/") ? "file://" + path : path).getPath();
  }

  /**
   * Polls the decisions table through the catalog and notes when each snapshot was first seen: the
   * moment a reader could see it, within one poll interval.
   */
  private static final class SnapshotPoller implements Runnable {
    private final TableWatch table;
    private final Map<Long, Long> firstSeen = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile boolean running = true;

    SnapshotPoller(TableWatch table) {
      this.table = table;
    }

    @Override
    public void run() {
      // The snapshots there before the first poll hold no claim of (c), which starts after it: left
      // out, (d) reads only the files (c)'s run added, not every claim the saturated runs decided.
      java.util.Set<Long> before = null;
      while (running) {
        try {
          Optional<TableMetadata> changed = table.changed();
          long now = epochMicros();
          if (changed.isPresent()) {
            List<Snapshot> snapshots = changed.get().snapshots();
            if (before == null) {
              before = new java.util.HashSet<>();
              for (Snapshot snapshot : snapshots) {
                before.add(snapshot.snapshotId());
              }
            }
            for (Snapshot snapshot : snapshots) {
              if (!before.contains(snapshot.snapshotId())) {
                firstSeen.putIfAbsent(snapshot.snapshotId(), now);
              }
            }
          }
          Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
          return;
        } catch (RuntimeException e) {
          // A failed poll is a missed sample; the next one sees the same snapshots.
        }
      }
    }

    void stop() {
      running = false;
    }

    Map<Long, Long> firstSeen() {
      return firstSeen;
    }
  }

  /** The plain Quarkus echo service, packaged like the engine, pinned to {@code core}. */
  private static final class EchoServer implements AutoCloseable {
    private final Process process;
    private final int port;

    private EchoServer(Process process, int port) {
      this.process = process;
      this.port = port;
    }

    static EchoServer start(Path work, int core, Path templates)
        throws IOException, InterruptedException {
      String runner = System.getProperty("mesh.echo.runner");
      if (runner == null || !Files.exists(Path.of(runner))) {
        throw new IllegalStateException(
            "The packaged echo service is missing (" + runner + "); build benchmarks/echo-service");
      }
      int port = io.insightmesh.it.harness.ServiceProcess.freePort();
      Process process =
          new ProcessBuilder(
                  "taskset",
                  "-c",
                  Integer.toString(core),
                  ProcessHandle.current().info().command().orElse("java"),
                  "-Xmx1g",
                  "-Dquarkus.http.port=" + port,
                  "-jar",
                  runner)
              .redirectErrorStream(true)
              .redirectOutput(work.resolve("echo.log").toFile())
              .start();
      EchoServer server = new EchoServer(process, port);
      String claim = Files.readAllLines(templates).get(0);
      HttpClient client = HttpClient.newHttpClient();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (System.nanoTime() < deadline) {
        if (!process.isAlive()) {
          throw new IllegalStateException(
              "The echo service exited; see " + work.resolve("echo.log"));
        }
        try {
          HttpResponse<String> response =
              client.send(
                  HttpRequest.newBuilder(URI.create(server.uri() + "/echo"))
                      .header("Content-Type", "application/json")
                      .POST(HttpRequest.BodyPublishers.ofString(claim))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
          if (response.statusCode() == 200
              && JSON.readTree(response.body()).equals(JSON.readTree(claim))) {
            return server;
          }
        } catch (IOException notListeningYet) {
          // Starting.
        }
        Thread.sleep(200);
      }
      server.close();
      throw new IllegalStateException("The echo service did not answer within 60 s");
    }

    String uri() {
      return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() throws InterruptedException {
      if (process.isAlive()) {
        process.destroy();
        process.waitFor();
      }
    }
  }

  /** Pins every thread of the service process listening on {@code port} to {@code core}. */
  private void pin(int port, int core) throws IOException, InterruptedException {
    taskset(pidOf(port), core);
  }

  /** How many of the constant-rate window's slowest stretches the output names. */
  private static final int STALLS_SHOWN = 5;

  /**
   * CPU time of each of {@code pids} and their reaped children (the {@code chmod} processes
   * Hadoop's local file system starts), in clock ticks.
   */
  private static long[] cpuTicks(List<Long> pids) throws IOException {
    long[] ticks = new long[pids.size()];
    for (int i = 0; i < pids.size(); i++) {
      ticks[i] =
          OtherProcesses.parse(Files.readString(Path.of("/proc/" + pids.get(i) + "/stat"))).ticks();
    }
    return ticks;
  }

  /** The service process this benchmark started on {@code port}. */
  private static long pidOf(int port) {
    String flag = "-Dquarkus.http.port=" + port;
    return ProcessHandle.current()
        .descendants()
        .filter(
            process ->
                process
                    .info()
                    .arguments()
                    .map(arguments -> Arrays.asList(arguments).contains(flag))
                    .orElse(false))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("No service process on port " + port))
        .pid();
  }

  /** Where the engine's GC log goes; started at run time, so one file for the run's engine. */
  private Path engineGcLog() {
    return work.resolve("engine-gc.log");
  }

  /**
   * Runs {@code jcmd} on the process listening on {@code port}: a flight recording, or the GC log.
   */
  private void jcmd(int port, String... command) throws IOException, InterruptedException {
    List<String> line = new ArrayList<>(List.of("jcmd", Long.toString(pidOf(port))));
    line.addAll(List.of(command));
    execute(line);
  }

  private void pinSelf(int core) throws IOException, InterruptedException {
    taskset(ProcessHandle.current().pid(), core);
  }

  /** All threads of {@code pid}; threads they start later inherit the affinity. */
  private static void taskset(long pid, int core) throws IOException, InterruptedException {
    execute(List.of("taskset", "-a", "-p", "-c", Integer.toString(core), Long.toString(pid)));
  }

  /**
   * Every thread of this JVM to {@code policy} ({@code --idle} or {@code --other}, as {@code chrt}
   * names them); threads they start later inherit it, and so would processes, which is why the load
   * generator's command line sets its own.
   */
  private static void schedulingPolicySelf(String policy) throws IOException, InterruptedException {
    execute(List.of("chrt", policy, "-a", "-p", "0", Long.toString(ProcessHandle.current().pid())));
  }

  private static void execute(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    if (process.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
    }
  }

  private static String loadAverage() throws IOException {
    String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
    return fields[0] + " " + fields[1] + " " + fields[2];
  }

  private static String cpuModel() throws IOException {
    return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
        .filter(line -> line.startsWith("model name"))
        .map(line -> line.substring(line.indexOf(':') + 1).trim())
        .findFirst()
        .orElse("unknown CPU");
  }

  static long epochMicros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
  }

  private static void delete(Path directory) throws IOException {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  private void progress(String format, Object... args) {
    String line = String.format(Locale.ROOT, "[bench scoring] " + format, args);
    log.add(line);
    System.out.println(line);
  }
}
