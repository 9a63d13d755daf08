package io.insightmesh.it.engines;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.insightmesh.it.harness.CatalogServer;
import io.insightmesh.it.harness.EngineServer;
import io.insightmesh.it.harness.Engines;
import io.insightmesh.products.claims.generate.ClaimsGenerator;
import io.insightmesh.products.claims.generate.GeneratorSettings;
import io.insightmesh.products.claims.generate.ProgressListener;
import io.insightmesh.sdk.demo.DemoProducts;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * How well the shipped ruleset catches the fraud the generator injects, against its ground-truth
 * labels: generated claims published as claims and profiles releases, then assessed in submission
 * order by the packaged engine pinned to that profiles release. A claim counts as caught when it is
 * FLAGged or REJECTed. Prints overall and per-pattern recall, precision and each rule's precision;
 * asserts only what the rules guarantee. {@code -Dmesh.quality.claims=150000} measures the figures
 * docs/benchmarks/scoring-quality.md reports (the default keeps {@code ./mesh test} short).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScoringQualityIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String RELEASE = "1.0.0+quality";
  private static final long SEED = 7;
  private static final int BATCH = 1_000;

  private CatalogServer catalog;
  private Path generated;
  private EngineServer engine;
  private int count;

  @BeforeAll
  void publishAndStart() throws IOException {
    count = Integer.getInteger("mesh.quality.claims", 20_000);
    catalog = Engines.catalog();
    SparkSession spark = Engines.spark();
    generated =
        Files.createDirectories(Path.of(System.getProperty("mesh.test.work-dir", "target/it-work")))
            .resolve("quality-it-" + UUID.randomUUID());
    new ClaimsGenerator(GeneratorSettings.of(count, SEED, generated).withBadRate(0))
        .generate(ProgressListener.none());
    new DemoProducts(spark, catalog.uri(), catalog::secret, line -> {}).publish(generated, RELEASE);
    engine =
        EngineServer.startWithShippedRules(
            "quality", catalog, Map.of("mesh.engine.profile-release", RELEASE));
    engine.awaitProfileRelease(RELEASE, Duration.ofSeconds(90));
  }

  @AfterAll
  void stop() {
    if (engine != null) {
      engine.close();
    }
  }

  @Test
  void theShippedRulesetCatchesTheInjectedFraud() throws IOException {
    Map<String, Set<String>> labels = labels();
    // Velocity features count by submission time: claims go in in the order they were submitted.
    List<JsonNode> claims = claims();
    claims.sort(Comparator.comparing(claim -> Instant.parse(claim.get("submitted_at").asText())));
    String token = catalog.token("claims-team");
    Map<String, JsonNode> decisions = new HashMap<>();
    // A duplicate submission reuses its claim id: the engine answers it with the first decision.
    long resubmissions = 0;
    long answeredAlike = 0;
    for (int from = 0; from < claims.size(); from += BATCH) {
      ArrayNode batch = JSON.createArrayNode();
      claims.subList(from, Math.min(claims.size(), from + BATCH)).forEach(batch::add);
      HttpResponse<String> response =
          engine.post("/api/v1/assessments/batch", batch.toString(), token);
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      for (JsonNode result : JSON.readTree(response.body()).get("results")) {
        assertThat(result.get("status").asInt()).as(result.toString()).isEqualTo(200);
        JsonNode decision = result.get("decision");
        JsonNode first = decisions.putIfAbsent(decision.get("claim_id").asText(), decision);
        if (first != null) {
          resubmissions++;
          answeredAlike += first.equals(decision) ? 1 : 0;
        }
      }
    }
    assertThat(decisions).hasSize(claims.size() - (int) resubmissions);
    assertThat(answeredAlike).isEqualTo(resubmissions);

    Quality quality = new Quality();
    for (JsonNode decision : decisions.values()) {
      Set<String> reasons = new HashSet<>();
      decision.get("reasons").forEach(reason -> reasons.add(reason.get("code").asText()));
      quality.add(
          labels.getOrDefault(decision.get("claim_id").asText(), Set.of()),
          decision.get("decision").asText(),
          reasons);
    }
    System.out.println(quality.report(count, SEED));
    System.out.printf(
        Locale.ROOT,
        "[ScoringQualityIT] %,d resubmitted claim ids, %,d answered with their first decision%n",
        resubmissions,
        answeredAlike);

    // Exact rules: every injected over-cap claim and every claim of a deceased claimant is refused.
    assertThat(quality.recall("OVER_CAP", "REJECT")).isEqualTo(1.0);
    assertThat(quality.recall("DECEASED", "REJECT")).isEqualTo(1.0);
    assertThat(quality.labelled()).isPositive();
  }

  private List<JsonNode> claims() throws IOException {
    List<JsonNode> claims = new ArrayList<>();
    try (Stream<Path> files = Files.list(generated.resolve("landing/claims"))) {
      for (Path file : files.sorted().toList()) {
        for (String line : Files.readAllLines(file)) {
          claims.add(JSON.readTree(line));
        }
      }
    }
    return claims;
  }

  private Map<String, Set<String>> labels() throws IOException {
    Map<String, Set<String>> labels = new HashMap<>();
    for (String line : Files.readAllLines(generated.resolve("ground-truth/labels.jsonl"))) {
      JsonNode label = JSON.readTree(line);
      Set<String> patterns = new HashSet<>();
      label.get("patterns").forEach(pattern -> patterns.add(pattern.asText()));
      labels.put(label.get("claim_id").asText(), patterns);
    }
    return labels;
  }

  /** Confusion counts, overall, per injected pattern and per reason code. */
  private static final class Quality {
    private long claims;
    private long labelled;
    private long stopped;
    private long caught;
    private long labelledByRules;
    private long caughtByRules;
    private long rejected;
    private final Map<String, long[]> patterns = new TreeMap<>();
    private final Map<String, long[]> rules = new TreeMap<>();

    void add(Set<String> labels, String decision, Set<String> reasons) {
      boolean fraud = !labels.isEmpty();
      boolean stop = !decision.equals("ACCEPT");
      claims++;
      labelled += fraud ? 1 : 0;
      stopped += stop ? 1 : 0;
      caught += fraud && stop ? 1 : 0;
      // A duplicate submission's fraud is its second submission, which idempotency answers.
      boolean forRules = labels.stream().anyMatch(label -> !label.equals("DUPLICATE_SUBMISSION"));
      labelledByRules += forRules ? 1 : 0;
      caughtByRules += forRules && stop ? 1 : 0;
      rejected += decision.equals("REJECT") ? 1 : 0;
      for (String pattern : labels) {
        // claims, stopped, rejected
        long[] counts = patterns.computeIfAbsent(pattern, p -> new long[3]);
        counts[0]++;
        counts[1] += stop ? 1 : 0;
        counts[2] += decision.equals("REJECT") ? 1 : 0;
      }
      for (String reason : reasons) {
        // fired, on labelled claims, on claims labelled with the pattern of the same name
        long[] counts = rules.computeIfAbsent(reason, r -> new long[3]);
        counts[0]++;
        counts[1] += fraud ? 1 : 0;
        counts[2] += labels.contains(reason) ? 1 : 0;
      }
    }

    long labelled() {
      return labelled;
    }

    double recall(String pattern, String decision) {
      long[] counts = patterns.get(pattern);
      return counts == null
          ? Double.NaN
          : (double) counts[decision.equals("REJECT") ? 2 : 1] / counts[0];
    }

    String report(int count, long seed) {
      StringBuilder text = new StringBuilder();
      text.append(
          String.format(
              Locale.ROOT,
              "[ScoringQualityIT] %,d generated claims, %,d claim ids (seed %d): %,d labelled fraud (%.2f%%); %,d"
                  + " stopped (%.2f%%, %,d rejected); precision %.4f, recall %.4f; without"
                  + " claims labelled only DUPLICATE_SUBMISSION: %,d labelled, recall %.4f%n",
              count,
              claims,
              seed,
              labelled,
              100.0 * labelled / claims,
              stopped,
              100.0 * stopped / claims,
              rejected,
              ratio(caught, stopped),
              ratio(caught, labelled),
              labelledByRules,
              ratio(caughtByRules, labelledByRules)));
      text.append("| pattern | labelled claims | stopped (recall) | rejected |\n");
      text.append("|---|---:|---:|---:|\n");
      patterns.forEach(
          (pattern, counts) ->
              text.append(
                  String.format(
                      Locale.ROOT,
                      "| %s | %,d | %,d (%.4f) | %,d |%n",
                      pattern,
                      counts[0],
                      counts[1],
                      ratio(counts[1], counts[0]),
                      counts[2])));
      text.append("| reason | fired | on labelled fraud (precision) | on its own pattern |\n");
      text.append("|---|---:|---:|---:|\n");
      rules.forEach(
          (rule, counts) ->
              text.append(
                  String.format(
                      Locale.ROOT,
                      "| %s | %,d | %,d (%.4f) | %,d |%n",
                      rule,
                      counts[0],
                      counts[1],
                      ratio(counts[1], counts[0]),
                      counts[2])));
      return text.toString();
    }

    private static double ratio(long part, long whole) {
      return whole == 0 ? Double.NaN : (double) part / whole;
    }
  }
}
