package io.insightmesh.it.engines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.insightmesh.it.harness.CatalogServer;
import io.insightmesh.it.harness.EngineServer;
import io.insightmesh.it.harness.Engines;
import io.insightmesh.it.harness.ProcessThreads.ThreadStat;
import io.insightmesh.it.harness.Stores;
import io.insightmesh.products.claims.generate.ClaimsGenerator;
import io.insightmesh.products.claims.generate.GeneratorSettings;
import io.insightmesh.products.claims.generate.ProgressListener;
import io.insightmesh.sdk.demo.DemoProducts;
import io.insightmesh.sdk.publish.CatalogConnection;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The scoring engine as a process beside the catalog: generated claims assessed against a pinned
 * profiles release and committed to {@code risk.decisions_v1}; and the oracle test — the engine
 * killed with SIGKILL again and again under load, after which the table holds exactly the
 * acknowledged decisions.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScoringEngineIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String RELEASE = "1.0.0+engine-it";
  private static final int KILLS = 20;

  /** How long each of the oracle's four clients waits between submissions. */
  private static final Duration CLIENT_PACE = Duration.ofMillis(20);

  /**
   * For work the engine runs at nice 19 (table hygiene and its compactions, the decision releaser):
   * on a loaded machine those threads get a sliver of a core, and a round that takes seconds on an
   * idle one takes minutes.
   */
  private static final Duration BACKGROUND_PATIENCE = Duration.ofMinutes(5);

  private static final Pattern HYGIENE_ROUNDS =
      Pattern.compile("(?m)^mesh_engine_hygiene_rounds [1-9]");

  private static final Pattern RAISED_THREADS =
      Pattern.compile("(?m)^mesh_engine_answers_realtime_threads (\\S+)$");

  private CatalogServer catalog;
  private SparkSession spark;
  private Path generated;
  private EngineServer engine;

  @BeforeAll
  void publishProductsAndStartTheEngine() throws IOException {
    catalog = Engines.catalog();
    spark = Engines.spark();
    Path work = Path.of(System.getProperty("mesh.test.work-dir", "target/it-work"));
    generated = Files.createDirectories(work).resolve("engine-it-" + UUID.randomUUID());
    new ClaimsGenerator(GeneratorSettings.of(1_500, 11, generated).withBadRate(0.01))
        .generate(ProgressListener.none());
    new DemoProducts(spark, catalog.uri(), catalog::secret, line -> {}).publish(generated, RELEASE);
    new CatalogConnection(catalog.uri(), "admin", catalog.secret("admin"))
        .register(spark, "engine_admin");
    engine =
        EngineServer.start(
            "it",
            catalog,
            Map.of(
                "mesh.engine.profile-release",
                RELEASE,
                "mesh.engine.commit-interval",
                "PT0.5S",
                // Data-only releases every few seconds, so kills land between tag and record too.
                "mesh.engine.release-interval",
                "PT2S",
                // Small segments, so committed ones are deleted while the test runs and restarts
                // must take those decisions back from the table.
                "mesh.engine.log-segment-bytes",
                "131072",
                // Retired as soon as committed, not kept for the velocity counters' hour.
                "mesh.engine.log-retention",
                "PT0S",
                // Hygiene rounds every few seconds, so kills and commits land while it compacts.
                "mesh.engine.hygiene-interval",
                "PT3S"));
    engine.awaitProfileRelease(RELEASE, EngineServer.START_PATIENCE);
  }

  @AfterAll
  void stop() {
    if (engine != null) {
      engine.close();
    }
  }

  @Test
  void generatedClaimsAreAssessedAgainstThePinnedProfilesAndCommitted() throws IOException {
    String token = catalog.token("claims-team");
    Map<String, JsonNode> decisions = new HashMap<>();
    int refused = 0;
    for (String line : landingLines()) {
      HttpResponse<String> response = engine.post("/api/v1/assessments", line, token);
      if (response.statusCode() == 400) {
        // The generator's bad records: refused by field and rule, nothing logged.
        assertThat(response.body()).contains("\"code\":\"invalid-claim\"").contains("\"field\"");
        refused++;
        continue;
      }
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      JsonNode decision = JSON.readTree(response.body());
      decisions.putIfAbsent(decision.get("claim_id").asText(), decision);
    }
    assertThat(refused).isPositive();
    assertThat(decisions).hasSizeGreaterThan(1_000);
    assertThat(decisions.values())
        .allSatisfy(
            decision -> {
              assertThat(decision.get("profile_release").asText()).isEqualTo(RELEASE);
              assertThat(decision.get("decision").asText()).isIn("ACCEPT", "FLAG", "REJECT");
            });
    // Every claimant of the claims release has a profile: none is assessed without one.
    assertThat(decisions.values())
        .noneMatch(decision -> decision.toString().contains("PROFILE_MISSING"));

    // The rules catch what the generator injected: every claim over its scheme's cap is refused.
    Map<String, Set<String>> patterns = labelledPatterns();
    List<JsonNode> overCap =
        decisions.values().stream()
            .filter(
                d ->
                    patterns
                        .getOrDefault(d.get("claim_id").asText(), Set.of())
                        .contains("OVER_CAP"))
            .toList();
    assertThat(overCap).allSatisfy(d -> assertThat(d.get("decision").asText()).isEqualTo("REJECT"));

    // How well the shipped ruleset separates the injected fraud on this sample (FLAG or REJECT
    // counts as caught): printed for the report, asserted only where the rules are exact.
    long caught = 0;
    long flagged = 0;
    long fraud = 0;
    for (JsonNode decision : decisions.values()) {
      boolean labelled =
          !patterns.getOrDefault(decision.get("claim_id").asText(), Set.of()).isEmpty();
      boolean stopped = !decision.get("decision").asText().equals("ACCEPT");
      fraud += labelled ? 1 : 0;
      flagged += stopped ? 1 : 0;
      caught += labelled && stopped ? 1 : 0;
    }
    System.out.printf(
        java.util.Locale.ROOT,
        "[ScoringEngineIT] %d decisions: %d labelled fraud, %d stopped, precision %.2f, recall %.2f%n",
        decisions.size(),
        fraud,
        flagged,
        flagged == 0 ? 0.0 : (double) caught / flagged,
        fraud == 0 ? 0.0 : (double) caught / fraud);
    List<JsonNode> deceased =
        decisions.values().stream()
            .filter(
                d ->
                    patterns
                        .getOrDefault(d.get("claim_id").asText(), Set.of())
                        .contains("DECEASED"))
            .toList();
    assertThat(deceased)
        .allSatisfy(d -> assertThat(d.get("decision").asText()).isEqualTo("REJECT"));

    // Every acknowledged decision reaches the product, once.
    Awaitility.await("decisions committed to risk.decisions_v1")
        .atMost(Duration.ofSeconds(90))
        .until(() -> committedIds().containsAll(decisions.keySet()));
    List<Row> rows =
        spark
            .sql(
                "SELECT claim_id, decision, profile_release FROM engine_admin.risk.decisions_v1"
                    + " WHERE profile_release = '"
                    + RELEASE
                    + "'")
            .collectAsList();
    Map<String, Long> perClaim =
        rows.stream()
            .collect(Collectors.groupingBy(row -> row.getString(0), Collectors.counting()));
    assertThat(perClaim.values()).allMatch(count -> count == 1);
    for (Row row : rows) {
      JsonNode answered = decisions.get(row.getString(0));
      if (answered != null) {
        assertThat(row.getString(1)).isEqualTo(answered.get("decision").asText());
      }
    }
  }

  /**
   * The oracle: clients submit unique claims under load while the engine is killed with SIGKILL
   * {@value #KILLS} times. A claim whose answer was lost is resubmitted until answered, as a real
   * client would. In the end the table holds exactly the acknowledged decisions: none lost, none
   * twice.
   */
  @Test
  void killedRepeatedlyUnderLoadTheTableHoldsExactlyTheAcknowledgedDecisions() throws Exception {
    String token = catalog.token("claims-team");
    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    Set<String> inDoubt = ConcurrentHashMap.newKeySet();
    for (int kill = 0; kill < KILLS; kill++) {
      AtomicBoolean running = new AtomicBoolean(true);
      ExecutorService clients = Executors.newFixedThreadPool(4);
      for (int client = 0; client < 4; client++) {
        clients.execute(
            () -> {
              // A client whose answer was lost asks again with the same claim, as a real one
              // would, rather than leave it in doubt. Paced, so the engine's nice-19 work
              // (releases, hygiene) gets the idle time it waits for and kills land in it too.
              String claimId = UUID.randomUUID().toString();
              while (running.get()) {
                inDoubt.add(claimId);
                if (submit(claimId, token)) {
                  acknowledged.add(claimId);
                  inDoubt.remove(claimId);
                  claimId = UUID.randomUUID().toString();
                }
                LockSupport.parkNanos(CLIENT_PACE.toNanos());
              }
            });
      }
      int target = acknowledged.size() + 20 + ThreadLocalRandom.current().nextInt(200);
      long recovered = engine.healthFigure("durable-sequence").orElseThrow();
      // Killed only once the committer appends this round's claims, a random while later, so
      // the kills land in commits, releases and hygiene rounds rather than all in the restart.
      Awaitility.await("round " + kill + ": claims answered and being committed")
          .atMost(Duration.ofSeconds(90))
          .until(
              () ->
                  acknowledged.size() >= target
                      && engine.healthFigure("committed-sequence").orElse(0) > recovered);
      Thread.sleep(ThreadLocalRandom.current().nextLong(3_000));
      engine.kill();
      running.set(false);
      clients.shutdown();
      assertThat(clients.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
      engine.restart();
      // Answers lost with the process: ask again; a logged decision comes back unchanged.
      for (String claimId : List.copyOf(inDoubt)) {
        Awaitility.await("resubmitted " + claimId)
            .atMost(Duration.ofSeconds(90))
            .until(() -> submit(claimId, token));
        acknowledged.add(claimId);
        inDoubt.remove(claimId);
      }
    }

    Awaitility.await("every acknowledged decision committed")
        .atMost(Duration.ofSeconds(60))
        .until(() -> committedIds().containsAll(acknowledged));
    // Table hygiene compacts the small files of those many commits beside the committer, on a
    // thread of its own, kills or not; the rows below are counted after a compaction. Its files
    // are the witness, not its snapshot, which expiry may have taken by now.
    Awaitility.await("a compaction of risk.decisions_v1")
        .atMost(BACKGROUND_PATIENCE)
        .until(
            () ->
                spark
                        .sql(
                            "SELECT count(*) FROM engine_admin.risk.decisions_v1.files"
                                + " WHERE file_path LIKE '%/compacted-%'")
                        .first()
                        .getLong(0)
                    > 0);
    Awaitility.await("a hygiene round counted in the engine's metrics")
        .atMost(BACKGROUND_PATIENCE)
        .until(() -> HYGIENE_ROUNDS.matcher(engine.get("/q/metrics").body()).find());
    List<Row> rows =
        spark
            .sql(
                "SELECT claim_id, count(*) FROM engine_admin.risk.decisions_v1"
                    + " WHERE scheme = 'BBL' AND claimant_id LIKE 'ORACLE-%' GROUP BY claim_id")
            .collectAsList();
    Map<String, Long> counts =
        rows.stream().collect(Collectors.toMap(row -> row.getString(0), row -> row.getLong(1)));
    assertThat(counts.keySet()).isEqualTo(acknowledged);
    assertThat(counts.values()).allMatch(count -> count == 1L);
    assertThat(acknowledged).hasSizeGreaterThan(KILLS * 20);
  }

  /**
   * Releases and compaction wait for the core's idle time (nice 19), the search index keeps up at
   * nice 10, and the answers and the committer keep the engine's own priority: an operator's {@code
   * top -H} shows what the operator guide says.
   */
  @Test
  void backgroundWorkRunsBelowTheAnswers() {
    List<ThreadStat> threads =
        Awaitility.await("the engine's background threads")
            .atMost(Duration.ofSeconds(30))
            .until(
                engine::threads,
                running ->
                    running.stream()
                        .map(ThreadStat::name)
                        .toList()
                        .containsAll(
                            List.of("table-hygiene", "decision-releas", "search-indexer")));
    int engines = named(threads, "decision-commit").get(0).nice();
    assertThat(named(threads, "table-hygiene")).allMatch(t -> t.nice() == Math.max(engines, 19));
    assertThat(named(threads, "decision-releas")).allMatch(t -> t.nice() == Math.max(engines, 19));
    assertThat(named(threads, "search-indexer")).allMatch(t -> t.nice() == Math.max(engines, 10));
    assertThat(named(threads, "decision-commit")).allMatch(t -> t.nice() == engines);
    assertThat(named(threads, "decision-log-wr")).allMatch(t -> t.nice() == engines);
    assertThat(threads)
        .filteredOn(thread -> thread.name().startsWith("vert.x-eventloo"))
        .isNotEmpty()
        .allMatch(thread -> thread.nice() == engines);
  }

  /**
   * The packaged engine answers on one event loop per core (ADR 0016), not Quarkus's two. While
   * they use little of the cores, the loops and the log's writer run on SCHED_FIFO (ADR 0021), so a
   * claim gets the core as it arrives; lowered, the loops run on the 0.1 ms scheduler slice they
   * ask for (ADR 0015) and the writer on the kernel's default, as it gained nothing from the short
   * slice (ADR 0015's amendment). The committer and the manifest writers it starts run on a 20 ms
   * slice, so that the writer and the event loops preempt them when they wake (the second
   * amendment).
   */
  @Test
  void theEventLoopsAreOneACoreAndRaisedWhileTheEngineHasRoom() throws Exception {
    long committerSlice = 20_000_000L;
    List<ThreadStat> threads =
        Awaitility.await("the engine's answering threads raised and its committer on its slice")
            .atMost(Duration.ofSeconds(30))
            .until(
                engine::threads,
                running ->
                    running.stream()
                            .anyMatch(
                                t ->
                                    t.name().equals("decision-commit")
                                        && t.sliceNanos() == committerSlice)
                        && running.stream()
                            .filter(t -> t.name().startsWith("vert.x-eventloo"))
                            .allMatch(t -> t.policy() == ThreadStat.FIFO)
                        && running.stream()
                            .filter(t -> t.name().equals("decision-log-wr"))
                            .allMatch(t -> t.policy() == ThreadStat.FIFO));
    assertThat(named(threads, "decision-log-wr")).hasSize(1);
    assertThat(named(threads, "decision-commit"))
        .allMatch(t -> t.sliceNanos() == committerSlice && t.policy() == 0);
    assertThat(threads)
        .filteredOn(thread -> thread.name().startsWith("vert.x-eventloo"))
        .hasSize(Runtime.getRuntime().availableProcessors())
        .allMatch(thread -> thread.policy() == ThreadStat.FIFO);
    // Only the answering threads: nothing they started, and nothing else of the engine's.
    assertThat(threads)
        .filteredOn(thread -> thread.policy() == ThreadStat.FIFO)
        .extracting(ThreadStat::name)
        .allMatch(
            name ->
                name.startsWith("vert.x-eventloo")
                    || name.equals("decision-log-wr")
                    || name.equals("realtime-govern"));
    Matcher raised = RAISED_THREADS.matcher(engine.get("/q/metrics").body());
    assertThat(raised.find()).as("mesh_engine_answers_realtime_threads served").isTrue();
    assertThat(Double.parseDouble(raised.group(1)))
        .isEqualTo(Runtime.getRuntime().availableProcessors() + 1.0);
  }

  /**
   * The engine's threads of this name: Linux cuts names to 15 characters, so "decision-commit" is
   * the committer and the manifest writers it starts.
   */
  private static List<ThreadStat> named(List<ThreadStat> threads, String name) {
    List<ThreadStat> named = threads.stream().filter(t -> t.name().equals(name)).toList();
    assertThat(named).as("the engine's threads named " + name).isNotEmpty();
    return named;
  }

  /**
   * An analyst changes the rules while claims stream in: no request fails, every claim is decided
   * wholly by one ruleset version, and claims submitted after the change get the new one.
   */
  @Test
  void aRuleChangeUnderLoadFailsNoRequest() throws Exception {
    String token = catalog.token("claims-team");
    java.util.concurrent.atomic.AtomicInteger failed =
        new java.util.concurrent.atomic.AtomicInteger();
    Set<String> versions = ConcurrentHashMap.newKeySet();
    AtomicBoolean running = new AtomicBoolean(true);
    ExecutorService clients = Executors.newFixedThreadPool(4);
    for (int client = 0; client < 4; client++) {
      clients.submit(
          () -> {
            while (running.get()) {
              HttpResponse<String> response =
                  engine.post(
                      "/api/v1/assessments", claim(UUID.randomUUID().toString(), "RULES-"), token);
              if (response.statusCode() != 200) {
                failed.incrementAndGet();
              } else {
                versions.add(JSON.readTree(response.body()).get("ruleset_version").asText());
              }
            }
            return null;
          });
    }
    String current = engine.readiness().findPath("ruleset").asText();
    String[] parts = current.split("\\.");
    String next = parts[0] + "." + parts[1] + "." + (Integer.parseInt(parts[2]) + 1);
    Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> versions.contains(current));

    HttpResponse<String> change =
        engine.post(
            "/api/v1/rules/changes",
            "{\"version\": \""
                + next
                + "\", \"upserts\": [{\"id\": \"very-large-bbl\", \"code\": \"VERY_LARGE_BBL\","
                + " \"action\": \"FLAG\", \"weight\": 0.5, \"text\": \"A bounce-back loan near"
                + " the maximum.\", \"expression\": \"claim.scheme == 'BBL' &&"
                + " claim.amount_claimed >= 45000.0\"}]}",
            catalog.token("analyst"));
    assertThat(change.statusCode()).as(change.body()).isEqualTo(200);
    Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> versions.contains(next));
    running.set(false);
    clients.shutdown();
    assertThat(clients.awaitTermination(90, TimeUnit.SECONDS)).isTrue();

    assertThat(failed.get()).isZero();
    assertThat(versions).containsExactlyInAnyOrder(current, next);
  }

  /**
   * A case worker searches after a restart for claims decided before the decision log's start: the
   * engine took their decisions back from the table and their claims from the claims release, so
   * every generated claim is found with its decision.
   */
  @Test
  void afterARestartPastTheLogsStartCommittedClaimsAreStillFound() throws Exception {
    String token = catalog.token("claims-team");
    Map<String, String> decided = new HashMap<>();
    for (String line : landingLines()) {
      // Decided before if another test ran first: a claim id answers with its first decision.
      HttpResponse<String> response = engine.post("/api/v1/assessments", line, token);
      if (response.statusCode() == 200) {
        JsonNode decision = JSON.readTree(response.body());
        decided.put(decision.get("claim_id").asText(), decision.get("decision").asText());
      }
    }
    // The claims the engine can find again: those the claims release published.
    Set<String> published =
        spark.sql("SELECT claim_id FROM engine_admin.claims.claims_v1").collectAsList().stream()
            .map(row -> row.getString(0))
            .collect(Collectors.toSet());
    decided.keySet().retainAll(published);
    assertThat(decided).hasSizeGreaterThan(1_000);
    Awaitility.await("decisions committed and their log segments deleted")
        .atMost(Duration.ofSeconds(90))
        .until(() -> committedIds().containsAll(decided.keySet()) && firstLogSequence() > 1);
    engine.kill();
    engine.restart();

    String caseWorker = catalog.token("case-worker");
    // Every search is audited durably: a sample keeps the check quick.
    List<String> sample = List.copyOf(decided.keySet()).subList(0, 100);
    Awaitility.await("decided claims searchable again")
        .atMost(Duration.ofSeconds(90))
        .until(
            () ->
                sample.stream()
                    .allMatch(
                        claimId ->
                            engine
                                .get(
                                    "/api/v1/search?reason=engine-it&claim_id=" + claimId,
                                    caseWorker)
                                .body()
                                .contains("\"claim_id\":\"" + claimId + "\"")));
    for (String claimId : sample.subList(0, 20)) {
      JsonNode hit =
          JSON.readTree(
                  engine
                      .get("/api/v1/search?reason=engine-it&claim_id=" + claimId, caseWorker)
                      .body())
              .get("results")
              .get(0);
      assertThat(hit.get("decision").get("decision").asText()).isEqualTo(decided.get(claimId));
      assertThat(hit.get("claim").get("nino").asText()).isNotBlank();
    }
  }

  /**
   * An operator starts the engine on a new, empty decision-log volume under a table the old log
   * filled. Its sequences would repeat numbers the table holds, and the committer would skip every
   * decision up to the table's position: so once the engine has compared its log with the table it
   * takes no claim, the health says why, and a claim is refused without a quick-retry hint. With
   * the old log back, the same claim is decided and committed once.
   */
  @Test
  void onANewLogUnderAFilledTableNoClaimIsTakenUntilTheOldLogIsBack() throws Exception {
    String token = catalog.token("claims-team");
    String first = UUID.randomUUID().toString();
    Awaitility.await("a claim acknowledged")
        .atMost(Duration.ofSeconds(90))
        .until(() -> submit(first, "NEWLOG-", token));
    Awaitility.await("the table filled by the engine's log")
        .atMost(Duration.ofSeconds(60))
        .until(() -> committedIds().contains(first));
    engine.kill();
    Path log = engine.decisionLog();
    Path aside = log.resolveSibling("log-aside-" + UUID.randomUUID());
    Files.move(log, aside);
    String refused = UUID.randomUUID().toString();
    try {
      engine.restartUnready();
      Awaitility.await("the engine's health naming both logs")
          .atMost(Duration.ofSeconds(90))
          .until(() -> engine.get("/q/health/ready").body().contains("not of this log"));
      assertThat(engine.get("/q/health/ready").statusCode()).isEqualTo(503);

      HttpResponse<String> response =
          engine.post("/api/v1/assessments", claim(refused, "NEWLOG-"), token);
      assertThat(response.statusCode()).isEqualTo(503);
      assertThat(JSON.readTree(response.body()).at("/error/code").asText())
          .isEqualTo("log-mismatch");
      assertThat(response.headers().firstValue("Retry-After")).isEmpty();
    } finally {
      engine.kill();
      Stores.deleteRecursively(log);
      Files.move(aside, log);
      engine.restart();
    }

    Awaitility.await("the refused claim decided on the old log")
        .atMost(Duration.ofSeconds(60))
        .until(() -> submit(refused, "NEWLOG-", token));
    Awaitility.await("and committed")
        .atMost(Duration.ofSeconds(60))
        .until(() -> committedIds().contains(refused));
    List<Row> rows =
        spark
            .sql(
                "SELECT claim_id, count(*) FROM engine_admin.risk.decisions_v1"
                    + " WHERE claimant_id LIKE 'NEWLOG-%' GROUP BY claim_id")
            .collectAsList();
    assertThat(rows)
        .extracting(row -> row.getString(0), row -> row.getLong(1))
        .containsExactlyInAnyOrder(tuple(first, 1L), tuple(refused, 1L));
  }

  /**
   * The engine releases the decisions product as it commits: data-only releases {@code 1.1.0+<run>}
   * in the registry with the contract's quality results, lineage from the profiles product through
   * the engine's job, and after {@code kill -9}s every tag of the table is recorded exactly once,
   * no run number twice.
   */
  @Test
  void decisionsAreReleasedWithQualityAndLineageAndKillsDuplicateNoRelease() throws Exception {
    String token = catalog.token("claims-team");
    String analyst = catalog.token("analyst");
    for (int round = 0; round < 3; round++) {
      Set<String> submitted = new java.util.HashSet<>();
      for (int n = 0; n < 30; n++) {
        String claimId = UUID.randomUUID().toString();
        Awaitility.await("submitted " + claimId)
            .atMost(Duration.ofSeconds(90))
            .until(() -> submit(claimId, "RELEASE-", token));
        submitted.add(claimId);
      }
      Awaitility.await("round " + round + " committed")
          .atMost(Duration.ofSeconds(90))
          .until(() -> committedIds().containsAll(submitted));
      // Killed whenever the cadence stands: before, during or after a release.
      engine.kill();
      engine.restart();
    }
    Set<String> committed = committedIds();
    Awaitility.await("every committed decision released")
        .atMost(BACKGROUND_PATIENCE)
        .until(() -> releases(analyst).path(0).path("rowCount").asLong() >= committed.size());

    JsonNode releases = releases(analyst);
    List<String> versions = new ArrayList<>();
    Set<Long> snapshots = new java.util.HashSet<>();
    for (JsonNode release : releases) {
      versions.add(release.get("version").asText());
      assertThat(snapshots.add(release.get("snapshotId").asLong()))
          .as("snapshot of %s released once", release.get("version").asText())
          .isTrue();
    }
    assertThat(versions).doesNotHaveDuplicates().allMatch(v -> v.matches("1\\.1\\.0\\+[0-9]+"));
    // Newest first, runs rising: no run number reused after a kill.
    List<Long> runs =
        versions.stream().map(v -> Long.parseLong(v.substring(v.indexOf('+') + 1))).toList();
    assertThat(runs).isSortedAccordingTo(java.util.Comparator.reverseOrder());
    // Every tag the engine put on the table is in the registry, and nothing else.
    Set<String> tags =
        spark
            .sql(
                "SELECT name FROM engine_admin.risk.decisions_v1.refs WHERE type = 'TAG'"
                    + " AND name LIKE 'v1.1.0+%'")
            .collectAsList()
            .stream()
            .map(row -> row.getString(0).substring(1))
            .collect(Collectors.toSet());
    assertThat(tags).containsExactlyInAnyOrderElementsOf(versions);
    // Every data-only tag but the newest expires with its snapshot: the first of each clock hour
    // after three days, the others after an hour (the defaults of mesh.engine.release-tag-max-age
    // and release-tag-thin-after); the newest keeps the next release's base.
    Map<String, Object> maxAges = new HashMap<>();
    Map<Long, Long> hourOfRun = new java.util.TreeMap<>();
    spark
        .sql(
            "SELECT r.name, r.max_reference_age_in_ms, s.committed_at"
                + " FROM engine_admin.risk.decisions_v1.refs r"
                + " JOIN engine_admin.risk.decisions_v1.snapshots s ON r.snapshot_id = s.snapshot_id"
                + " WHERE r.type = 'TAG' AND r.name LIKE 'v1.1.0+%'")
        .collectAsList()
        .forEach(
            row -> {
              maxAges.put(row.getString(0), row.isNullAt(1) ? "none" : row.getLong(1));
              hourOfRun.put(
                  Long.parseLong(row.getString(0).substring(row.getString(0).indexOf('+') + 1)),
                  row.getTimestamp(2).getTime() / Duration.ofHours(1).toMillis());
            });
    Map<String, Object> expected = new HashMap<>();
    Long previousHour = null;
    for (Map.Entry<Long, Long> run : hourOfRun.entrySet()) {
      boolean firstOfItsHour = !run.getValue().equals(previousHour);
      expected.put(
          "v1.1.0+" + run.getKey(),
          (firstOfItsHour ? Duration.ofDays(3) : Duration.ofHours(1)).toMillis());
      previousHour = run.getValue();
    }
    expected.put("v" + versions.get(0), "none");
    assertThat(maxAges).isEqualTo(expected);
    assertThat(expected.values()).contains(Duration.ofHours(1).toMillis());

    JsonNode newest = releases.get(0);
    assertThat(newest.get("tag").asText()).isEqualTo("v" + newest.get("version").asText());
    assertThat(newest.get("qualityResults").toString())
        .contains("\"rule\":\"unique(claim_id)\"")
        .contains("\"rule\":\"range(risk_score)\"")
        .contains("references(claim_id -> claims.claims.claim_id)");
    assertThat(newest.get("qualityResults").get("passed").isBoolean()).isTrue();

    HttpResponse<String> lineage =
        io.insightmesh.it.harness.CatalogClients.send(
            catalog,
            "GET",
            "/api/v1/lineage?nodeId=dataset:risk.decisions&depth=1&direction=upstream",
            null,
            analyst);
    assertThat(lineage.statusCode()).as(lineage.body()).isEqualTo(200);
    assertThat(lineage.body())
        .contains("job:insight-mesh:risk.scoring-engine")
        .contains("dataset:profiles.claimant_profiles")
        .doesNotContain("AB123456C")
        .doesNotContain("Oracle Claimant");

    // The restarted engine names the newest release in health once it has linked the catalog.
    Awaitility.await("newest release in health")
        .atMost(BACKGROUND_PATIENCE)
        .until(
            () ->
                engine
                    .readiness()
                    .findPath("last-release")
                    .asText()
                    .equals(releases(analyst).get(0).get("version").asText()));
  }

  /** Every release of the decisions product, newest first, page by page. */
  private JsonNode releases(String token) throws IOException {
    com.fasterxml.jackson.databind.node.ArrayNode all = JSON.createArrayNode();
    String page = "";
    do {
      HttpResponse<String> response =
          io.insightmesh.it.harness.CatalogClients.send(
              catalog,
              "GET",
              "/api/v1/products/risk.decisions/releases?pageSize=200" + page,
              null,
              token);
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      JsonNode body = JSON.readTree(response.body());
      body.get("releases").forEach(all::add);
      String next = body.path("nextPageToken").asText("");
      page = next.isEmpty() ? "" : "&pageToken=" + java.net.URLEncoder.encode(next, "UTF-8");
    } while (!page.isEmpty());
    return all;
  }

  private long firstLogSequence() throws IOException {
    try (Stream<Path> segments = Files.list(engine.decisionLog())) {
      return segments
          .map(path -> path.getFileName().toString())
          .filter(name -> name.matches("segment-[0-9]+\\.log"))
          .mapToLong(name -> Long.parseLong(name.substring(8, name.length() - 4)))
          .min()
          .orElse(1);
    }
  }

  /** Submits one oracle claim; true once the engine acknowledged it. */
  private boolean submit(String claimId, String token) {
    return submit(claimId, "ORACLE-", token);
  }

  /**
   * Submits one claim whose claimant id starts with {@code prefix}, so each test finds its own;
   * true once the engine acknowledged it.
   */
  private boolean submit(String claimId, String prefix, String token) {
    try {
      HttpResponse<String> response =
          engine.post("/api/v1/assessments", claim(claimId, prefix), token);
      return response.statusCode() == 200;
    } catch (RuntimeException connectionLost) {
      return false;
    }
  }

  /** A valid BBL claim whose claimant id starts with {@code prefix}, naming the test it is for. */
  private static String claim(String claimId, String prefix) {
    return "{\"claim_id\":\""
        + claimId
        + "\",\"scheme\":\"BBL\",\"submitted_at\":\"2020-05-04T09:00:00Z\","
        + "\"claimant_id\":\""
        + prefix
        + claimId.substring(0, 8)
        + "\",\"nino\":\"AB123456C\",\"name\":\"Oracle Claimant\","
        + "\"date_of_birth\":\"1970-01-01\",\"postcode\":\"SW1A 1AA\","
        + "\"bank_sort_code\":\"112233\",\"bank_account_number\":\"12345678\","
        + "\"amount_claimed\":20000,\"channel\":\"ONLINE\"}";
  }

  private Set<String> committedIds() {
    return spark.sql("SELECT claim_id FROM engine_admin.risk.decisions_v1").collectAsList().stream()
        .map(row -> row.getString(0))
        .collect(Collectors.toSet());
  }

  private List<String> landingLines() throws IOException {
    List<String> lines = new ArrayList<>();
    try (Stream<Path> files = Files.list(generated.resolve("landing/claims"))) {
      for (Path file : files.sorted().toList()) {
        lines.addAll(Files.readAllLines(file));
      }
    }
    return lines;
  }

  private Map<String, Set<String>> labelledPatterns() throws IOException {
    Map<String, Set<String>> patterns = new HashMap<>();
    for (String line : Files.readAllLines(generated.resolve("ground-truth/labels.jsonl"))) {
      JsonNode label = JSON.readTree(line);
      Set<String> names = new java.util.HashSet<>();
      label.get("patterns").forEach(pattern -> names.add(pattern.asText()));
      patterns.put(label.get("claim_id").asText(), names);
    }
    return patterns;
  }
}
