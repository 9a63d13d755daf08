package io.insightmesh.it.engines;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.insightmesh.it.harness.CatalogServer;
import io.insightmesh.it.harness.EngineServer;
import io.insightmesh.it.harness.Engines;
import io.insightmesh.products.claims.generate.ClaimsGenerator;
import io.insightmesh.products.claims.generate.GeneratorSettings;
import io.insightmesh.products.claims.generate.ProgressListener;
import io.insightmesh.products.claims.pipeline.ClaimsPipeline;
import io.insightmesh.products.profiles.pipeline.ClaimantProfilesPipeline;
import io.insightmesh.sdk.publish.CatalogConnection;
import io.insightmesh.sdk.publish.PipelineInput;
import io.insightmesh.sdk.publish.Publisher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A profiles release published while claims stream in: an engine following the latest release loads
 * the new one beside the old one and swaps, failing no request; every claim is decided against one
 * release or the other, claims after the swap against the new one, and a claimant the new release
 * added stops being FLAGged for a missing profile. The latency of the answers before, while the
 * release is published (Spark runs on the same machine), while the engine swaps and after is
 * printed, not asserted: benchmarks judge speed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProfileSwapIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String OLD = "1.0.0+swap-old";
  private static final String NEW = "1.0.0+swap-new";
  private static final String READER = "swap_it";
  private static final long SEED = 31;
  private static final int CLIENTS = 4;

  private CatalogServer catalog;
  private SparkSession spark;
  private Path oldClaims;
  private Path newClaims;
  private EngineServer engine;

  @BeforeAll
  void publishTheOldReleaseAndStartAFollowingEngine() throws IOException {
    catalog = Engines.catalog();
    spark = Engines.spark();
    Path work =
        Files.createDirectories(Path.of(System.getProperty("mesh.test.work-dir", "target/it-work")))
            .resolve("swap-it-" + UUID.randomUUID());
    // The same seed, more claims: the new release profiles more claimants, and many of the old
    // ones with more claims behind their features.
    oldClaims = work.resolve("old");
    newClaims = work.resolve("new");
    new ClaimsGenerator(GeneratorSettings.of(2_000, SEED, oldClaims).withBadRate(0))
        .generate(ProgressListener.none());
    new ClaimsGenerator(GeneratorSettings.of(6_000, SEED, newClaims).withBadRate(0))
        .generate(ProgressListener.none());
    new CatalogConnection(catalog.uri(), "profiles-team", catalog.secret("profiles-team"))
        .register(spark, READER);
    publish(oldClaims, OLD);
    engine =
        EngineServer.start(
            "swap",
            catalog,
            Map.of(
                // Follows the latest release, looking for a new one every second.
                "mesh.engine.profile-refresh", "PT1S", "mesh.engine.commit-interval", "PT0.5S"));
    Awaitility.await("the old profiles release loaded")
        .atMost(Duration.ofSeconds(90))
        .until(() -> OLD.equals(engine.readiness().findPath("profile-release").asText()));
  }

  @AfterAll
  void stop() {
    if (engine != null) {
      engine.close();
    }
  }

  @Test
  void aNewProfilesReleaseIsSwappedInUnderLoadWithoutAFailedRequest() throws Exception {
    Set<String> oldClaimants = claimants(oldClaims);
    List<ObjectNode> templates = claims(newClaims);
    Set<String> addedClaimants = new HashSet<>();
    for (ObjectNode claim : templates) {
      String claimant = claim.get("claimant_id").asText();
      if (!oldClaimants.contains(claimant)) {
        addedClaimants.add(claimant);
      }
    }
    assertThat(addedClaimants).as("claimants only the new release profiles").isNotEmpty();

    String token = catalog.token("claims-team");
    ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    AtomicInteger next = new AtomicInteger();
    AtomicInteger counted = new AtomicInteger();
    AtomicLong stopAfter = new AtomicLong(Long.MAX_VALUE);
    ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
    List<Future<?>> running = new ArrayList<>();
    for (int client = 0; client < CLIENTS; client++) {
      running.add(
          clients.submit(
              () -> {
                while (counted.get() < stopAfter.get() && failures.isEmpty()) {
                  // The new release's claims, each under a fresh claim id, over and over.
                  ObjectNode claim =
                      templates
                          .get(Math.floorMod(next.getAndIncrement(), templates.size()))
                          .deepCopy();
                  claim.put("claim_id", UUID.randomUUID().toString());
                  long sent = System.nanoTime();
                  try {
                    HttpResponse<String> response =
                        engine.post("/api/v1/assessments", claim.toString(), token);
                    long answered = System.nanoTime();
                    if (response.statusCode() != 200) {
                      failures.add(response.statusCode() + " " + response.body());
                      continue;
                    }
                    JsonNode decision = JSON.readTree(response.body());
                    answers.add(
                        new Answer(
                            sent,
                            answered,
                            claim.get("claimant_id").asText(),
                            decision.path("profile_release").asText(),
                            decision.toString().contains("PROFILE_MISSING")));
                    counted.incrementAndGet();
                  } catch (RuntimeException e) {
                    failures.add(e.toString());
                  }
                }
                return null;
              }));
    }

    Awaitility.await("answers against the old release")
        .atMost(Duration.ofSeconds(120))
        .until(() -> counted.get() >= 2_000 || !failures.isEmpty());
    long publishing = System.nanoTime();
    publish(newClaims, NEW);
    long published = System.nanoTime();
    Awaitility.await("the new release swapped in")
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> NEW.equals(engine.readiness().findPath("profile-release").asText()));
    long swapped = System.nanoTime();
    stopAfter.set(counted.get() + 3_000L);
    clients.shutdown();
    assertThat(clients.awaitTermination(180, TimeUnit.SECONDS)).isTrue();
    for (Future<?> client : running) {
      client.get();
    }

    assertThat(failures).as("failed requests").isEmpty();
    assertThat(answers).allSatisfy(a -> assertThat(a.release()).isIn(OLD, NEW));
    List<Answer> afterSwap = answers.stream().filter(a -> a.sent() > swapped).toList();
    assertThat(afterSwap).hasSizeGreaterThan(1_000);
    assertThat(afterSwap).allSatisfy(a -> assertThat(a.release()).isEqualTo(NEW));
    // A claimant the new release added: FLAGged for a missing profile before, profiled after.
    assertThat(answers)
        .filteredOn(a -> a.sent() < publishing && addedClaimants.contains(a.claimant()))
        .isNotEmpty()
        .allSatisfy(a -> assertThat(a.profileMissing()).isTrue());
    assertThat(afterSwap)
        .filteredOn(a -> addedClaimants.contains(a.claimant()))
        .isNotEmpty()
        .allSatisfy(a -> assertThat(a.profileMissing()).isFalse());

    System.out.printf(
        Locale.ROOT,
        "[ProfileSwapIT] %d answers, %d clients; p99 latency: before %.1f ms, while Spark published"
            + " the release %.1f ms, while the engine swapped (%.1f s) %.1f ms, after %.1f ms%n",
        answers.size(),
        CLIENTS,
        p99(answers, Long.MIN_VALUE, publishing),
        p99(answers, publishing, published),
        (swapped - published) / 1e9,
        p99(answers, published, swapped),
        p99(answers, swapped, Long.MAX_VALUE));
  }

  private void publish(Path generated, String release) throws IOException {
    CatalogConnection claimsTeam =
        new CatalogConnection(catalog.uri(), "claims-team", catalog.secret("claims-team"));
    CatalogConnection profilesTeam =
        new CatalogConnection(catalog.uri(), "profiles-team", catalog.secret("profiles-team"));
    // The synthetic claims are from 2020: freshness is judged the day after the last one.
    Clock then = Clock.fixed(Instant.parse("2020-10-01T00:00:00Z"), ZoneOffset.UTC);
    try (Publisher publisher = new Publisher(spark, claimsTeam, then)) {
      publisher.publishAll(
          new ClaimsPipeline()
              .releases(spark, new PipelineInput(generated, "json", release, Map.of())));
    }
    try (Publisher publisher = new Publisher(spark, profilesTeam)) {
      publisher.publishAll(
          new ClaimantProfilesPipeline()
              .releases(
                  spark,
                  new PipelineInput(
                      generated,
                      "json",
                      release,
                      Map.of(
                          ClaimantProfilesPipeline.CLAIMS_RELEASE,
                          release,
                          ClaimantProfilesPipeline.CATALOG,
                          READER))));
    }
  }

  /**
   * The 99th percentile latency, in milliseconds, of the answers to requests sent in [from, to).
   */
  private static double p99(Iterable<Answer> answers, long from, long to) {
    List<Long> latencies = new ArrayList<>();
    for (Answer answer : answers) {
      if (answer.sent() >= from && answer.sent() < to) {
        latencies.add(answer.answered() - answer.sent());
      }
    }
    if (latencies.isEmpty()) {
      return Double.NaN;
    }
    latencies.sort(null);
    return latencies.get((int) Math.ceil(latencies.size() * 0.99) - 1) / 1e6;
  }

  private static Set<String> claimants(Path generated) throws IOException {
    Set<String> claimants = new HashSet<>();
    for (ObjectNode claim : claims(generated)) {
      claimants.add(claim.get("claimant_id").asText());
    }
    return claimants;
  }

  private static List<ObjectNode> claims(Path generated) throws IOException {
    List<ObjectNode> claims = new ArrayList<>();
    try (Stream<Path> files = Files.list(generated.resolve("landing/claims"))) {
      for (Path file : files.sorted().toList()) {
        for (String line : Files.readAllLines(file)) {
          try {
            claims.add((ObjectNode) JSON.readTree(line));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      }
    }
    return claims;
  }

  private record Answer(
      long sent, long answered, String claimant, String release, boolean profileMissing) {}
}
