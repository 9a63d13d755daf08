package io.insightmesh.it.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.insightmesh.it.harness.PostgresCluster;
import io.insightmesh.it.harness.ServiceProcess;
import io.insightmesh.sdk.catalog.SeededCredentials;
import io.insightmesh.sdk.catalog.TokenClient;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code ./mesh up} from the checkout, as a user runs it: the whole demo platform in a fresh data
 * directory on free ports, what it shows (status, the catalog's products with releases, quality and
 * lineage, the engine's decisions on replayed claims), then {@code down} and a second {@code up}
 * that publishes nothing and resumes the replay where it stopped.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MeshUpIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final List<String> COMPONENTS = List.of("catalog", "trino", "engine", "replay");
  // Slow enough that the replay is still going when the test stops it, so it must resume.
  private static final int CLAIMS = 1_000;
  private static final int RATE = 10;

  private final Path root = PostgresCluster.repositoryRoot();
  private final Map<String, String> environment = new HashMap<>();
  private Path data;
  private URI catalog;
  private URI engine;
  private URI replay;

  @BeforeAll
  void freshDataDirectoryAndFreePorts() throws IOException {
    Path work =
        Files.createDirectories(
            Path.of(System.getProperty("mesh.test.work-dir", "target/it-work")));
    data = Files.createTempDirectory(work, "mesh-up-it-");
    int catalogPort = ServiceProcess.freePort();
    int enginePort = ServiceProcess.freePort();
    int replayPort = ServiceProcess.freePort();
    environment.put("MESH_DATA_DIR", data.toString());
    environment.put("MESH_CATALOG_PORT", String.valueOf(catalogPort));
    environment.put("MESH_TRINO_PORT", String.valueOf(ServiceProcess.freePort()));
    environment.put("MESH_TRINO_HTTPS_PORT", String.valueOf(ServiceProcess.freePort()));
    environment.put("MESH_ENGINE_PORT", String.valueOf(enginePort));
    environment.put("MESH_REPLAY_PORT", String.valueOf(replayPort));
    environment.put("MESH_REPLAY_RATE", String.valueOf(RATE));
    environment.put("MESH_TRINO_HEAP", "1G");
    catalog = URI.create("http://localhost:" + catalogPort);
    engine = URI.create("http://localhost:" + enginePort);
    replay = URI.create("http://127.0.0.1:" + replayPort + "/health");
  }

  @AfterAll
  void down() throws Exception {
    mesh("down");
  }

  @Test
  @Order(1)
  void upRunsTheWholeDemoAndSaysHowToSignIn() throws Exception {
    Result up = mesh("up", "--demo-claims", String.valueOf(CLAIMS));

    assertThat(up.exit()).as(up.output()).isZero();
    assertThat(up.output())
        .contains("demo: generating 1,000 claims (seed 1)")
        .contains("demo: published claims.claims 1.0.0")
        .contains("demo: published profiles.claimant_profiles 1.0.0")
        .contains("replay ready: submitting the demo claims to the engine at 10.0 claims/s")
        .contains("  catalog UI       " + catalog + "/")
        .contains("  Iceberg REST     " + catalog + "/iceberg")
        .contains(
            "  Trino JDBC       jdbc:trino://localhost:"
                + environment.get("MESH_TRINO_HTTPS_PORT")
                + "/mesh")
        .contains("  scoring engine   " + engine)
        .contains(
            "Principal analyst, Secret the contents of "
                + data.resolve("catalog/credentials/analyst"));
    // What the summary says to type into the sign-in page is accepted by the catalog.
    String secret = Files.readString(data.resolve("catalog/credentials/analyst")).strip();
    assertThat(TokenClient.forCatalog(catalog).token("analyst", secret, "catalog")).isNotBlank();

    // Status gives each health probe 2 s: right after up, with every component still warming, one
    // answer can come late and read DOWN, so it is asked again until all answer in time.
    Awaitility.await("every component UP in ./mesh status")
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofSeconds(2))
        .untilAsserted(
            () -> {
              Result status = mesh("status");
              assertThat(status.exit()).as(status.output()).isZero();
              for (String component : COMPONENTS) {
                assertThat(status.output())
                    .as(status.output())
                    .containsPattern("(?m)^" + component + " +running +\\d+ +\\S+ +UP");
              }
              assertThat(status.output())
                  .containsPattern("(?m)^replay .* UP  \\d+ sent, .* records done");
            });
  }

  @Test
  @Order(2)
  void theCatalogShowsTheThreeProductsWithReleasesQualityAndLineage() throws Exception {
    String admin = token("admin");
    // The engine registers risk.decisions when it first commits decisions of replayed claims.
    Awaitility.await("the three products registered")
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofSeconds(2))
        .until(
            () -> productIds(admin),
            ids ->
                ids.containsAll(
                    List.of("claims.claims", "profiles.claimant_profiles", "risk.decisions")));
    for (String product : List.of("claims.claims", "profiles.claimant_profiles")) {
      JsonNode releases = get(catalog, "/api/v1/products/" + product + "/releases", admin);
      assertThat(releases.path("releases"))
          .as(product + " releases")
          .anySatisfy(
              release -> {
                assertThat(release.path("version").asText()).isEqualTo("1.0.0");
                assertThat(release.path("createdBy").asText()).endsWith("-team");
                assertThat(release.path("qualityResults").path("passed").asBoolean())
                    .as("quality of " + product + " 1.0.0")
                    .isTrue();
              });
    }
    JsonNode lineage =
        get(
            catalog,
            "/api/v1/lineage?depth=2&nodeId="
                + URLEncoder.encode("dataset:profiles.claimant_profiles", StandardCharsets.UTF_8),
            admin);
    assertThat(lineage.toString())
        .as("profiles are built from the claims release")
        .contains("dataset:claims.claims");
  }

  @Test
  @Order(3)
  void theEngineHasAssessedReplayedClaims() throws Exception {
    Awaitility.await("replayed claims decided")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> replayStatus().path("decided").asLong() >= 20);
    String firstClaim = JSON.readTree(firstLandingLine()).path("claim_id").asText();
    JsonNode found =
        get(
            engine,
            "/api/v1/search?reason=mesh-up-it&claim_id=" + firstClaim,
            token("case-worker"));
    assertThat(found.path("results"))
        .singleElement()
        .satisfies(hit -> assertThat(hit.path("decision").path("decision").asText()).isNotBlank());
  }

  @Test
  @Order(4)
  void theAnalystGuidesQueriesRunAsWrittenThroughMeshSql() throws Exception {
    List<GuideQuery> queries = GuideQuery.from(root.resolve("docs/guides/analyst.md"));
    assertThat(queries).as("SQL examples in the analyst guide").hasSizeGreaterThanOrEqualTo(7);
    for (GuideQuery query : queries) {
      Result result = mesh("sql", "--user", query.user(), query.sql());

      assertThat(result.exit()).as(query.sql() + "\n" + result.output()).isZero();
      // The figures grow with the replay; the columns the guide shows must be what Trino answers.
      assertThat(result.output().lines().map(GuideQuery::cells))
          .as(query.sql() + "\n" + result.output())
          .contains(query.header());
    }
  }

  /**
   * A {@code sql} block of the analyst guide, the user the guide runs it as ({@code pii-analyst}
   * when the sentence before it says so) and the header line of the {@code text} block that shows
   * its answer.
   */
  private record GuideQuery(String sql, String user, List<String> header) {
    static List<GuideQuery> from(Path guide) throws IOException {
      List<String> lines = Files.readAllLines(guide);
      List<GuideQuery> queries = new ArrayList<>();
      for (int i = 0; i < lines.size(); i++) {
        if (!lines.get(i).equals("```sql")) {
          continue;
        }
        int end = lines.subList(i + 1, lines.size()).indexOf("```") + i + 1;
        String sql = String.join("\n", lines.subList(i + 1, end));
        String before = String.join(" ", lines.subList(Math.max(0, i - 3), i));
        String user = before.contains("--user pii-analyst") ? "pii-analyst" : "analyst";
        // The answer the guide shows is the text block right after the query.
        int text = end + 2;
        assertThat(lines.subList(end + 1, text + 1))
            .as("the guide's answer to " + sql)
            .containsExactly("", "```text");
        queries.add(new GuideQuery(sql, user, cells(lines.get(text + 1))));
        i = end;
      }
      return queries;
    }

    /** A table line's cells, trimmed: {@code a | b} and {@code a|b} alike. */
    static List<String> cells(String line) {
      return Stream.of(line.split("\\|")).map(String::strip).toList();
    }
  }

  @Test
  @Order(5)
  void downStopsEverythingLosingNothingAndUpResumesWithoutRepublishing() throws Exception {
    Result down = mesh("down");

    assertThat(down.exit()).as(down.output()).isZero();
    assertThat(down.output().indexOf("stopping replay"))
        .as("the replay stops before the engine it submits to")
        .isNotNegative()
        .isLessThan(down.output().indexOf("stopping engine"));
    Result stopped = mesh("status");
    for (String component : COMPONENTS) {
      assertThat(stopped.output()).containsPattern("(?m)^" + component + " +stopped +- ");
    }
    Path positionFile = data.resolve("demo/replay.position");
    long position = Long.parseLong(Files.readString(positionFile).strip());
    assertThat(position).as("claims answered before down").isPositive();
    assertThat(Files.readString(data.resolve("logs/replay.log")))
        .contains(String.format(Locale.ROOT, "replay stopped: "));

    Result again = mesh("up", "--demo-claims", String.valueOf(CLAIMS));

    assertThat(again.exit()).as(again.output()).isZero();
    assertThat(again.output())
        .contains("demo: products already published")
        .doesNotContain("demo: generating")
        .doesNotContain("demo: published");
    assertThat(Files.readString(data.resolve("logs/replay.log")))
        .contains(String.format(Locale.ROOT, "resuming at %,d,", position));
    Awaitility.await("the resumed replay goes on")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> replayStatus().path("position").asLong() > position);
  }

  private List<String> productIds(String token) throws IOException, InterruptedException {
    List<String> ids = new ArrayList<>();
    get(catalog, "/api/v1/products?pageSize=200", token)
        .path("products")
        .forEach(product -> ids.add(product.path("id").asText()));
    return ids;
  }

  private JsonNode replayStatus() throws IOException, InterruptedException {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(replay).timeout(Duration.ofSeconds(5)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private String firstLandingLine() throws IOException {
    try (Stream<Path> files = Files.list(data.resolve("demo/claims/landing/claims"))) {
      Path first =
          files
              .filter(file -> file.toString().endsWith(".jsonl"))
              .sorted()
              .findFirst()
              .orElseThrow();
      return Files.readAllLines(first).get(0);
    }
  }

  private String token(String principal) {
    String secret =
        new SeededCredentials(data.resolve("catalog").resolve("credentials")).secret(principal);
    return TokenClient.forCatalog(catalog).token(principal, secret, "catalog");
  }

  private static JsonNode get(URI base, String path, String token)
      throws IOException, InterruptedException {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private Result mesh(String... arguments) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(root.resolve("mesh").toString());
    command.addAll(List.of(arguments));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(environment);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(10, TimeUnit.MINUTES)).isTrue();
    return new Result(process.exitValue(), output);
  }

  private record Result(int exit, String output) {}
}
