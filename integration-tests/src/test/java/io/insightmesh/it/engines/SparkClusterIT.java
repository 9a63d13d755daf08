package io.insightmesh.it.engines;

import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.map_entries;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.insightmesh.it.harness.CatalogClients;
import io.insightmesh.it.harness.CatalogServer;
import io.insightmesh.it.harness.Engines;
import io.insightmesh.it.harness.SparkStandaloneCluster;
import io.insightmesh.products.claims.generate.ClaimsGenerator;
import io.insightmesh.products.claims.generate.GenerationSummary;
import io.insightmesh.products.claims.generate.GeneratorSettings;
import io.insightmesh.products.claims.generate.ProgressListener;
import io.insightmesh.products.claims.pipeline.ClaimsPipeline;
import io.insightmesh.products.profiles.pipeline.ClaimantProfilesPipeline;
import io.insightmesh.sdk.publish.CatalogConnection;
import io.insightmesh.sdk.publish.PipelineInput;
import io.insightmesh.sdk.publish.PublishRequest;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both pipelines, unchanged, on a Spark standalone cluster (a master and one worker started from
 * the Spark jars): only the master URL differs from a local run. The releases land in the catalog
 * with exactly the rows local mode computes from the same input, and the work ran in the cluster's
 * executor, not in the driver.
 *
 * <p>The driver runs in a JVM of its own ({@link ClusterPipelineDriver}), as {@code spark-submit}
 * would run it: this JVM already holds the shared local SparkContext, and a JVM holds only one. The
 * releases are data refreshes ({@value #VERSION}), so this test shares {@code claims.claims} and
 * {@code profiles.claimant_profiles} with the pipelines' own tests in any order.
 */
class SparkClusterIT {
  private static final String VERSION = "1.0.0+cluster-it";
  private static final String PROFILES_READER = "cluster_it_profiles";

  @TempDir Path work;

  @Test
  void bothPipelinesRunUnchangedOnTheClusterAndPublishWhatLocalModeComputes() throws Exception {
    SparkStandaloneCluster cluster = SparkStandaloneCluster.shared();
    CatalogServer catalog = Engines.catalog();
    SparkSession local = Engines.spark();

    Path generated = work.resolve("generated");
    GenerationSummary generation =
        new ClaimsGenerator(
                GeneratorSettings.of(2_000, 2020, generated)
                    .withBadRate(0.01)
                    .withClaimsPerFile(500))
            .generate(ProgressListener.none());
    Path landing = generated.resolve("landing/claims");
    // The synthetic claims were submitted in 2020: their freshness is judged as of the newest one.
    Timestamp newest =
        local
            .read()
            .schema("submitted_at STRING")
            .json(landing.toString())
            .selectExpr("max(try_cast(submitted_at AS TIMESTAMP))")
            .first()
            .getTimestamp(0);

    JsonNode result = runDriver(cluster, catalog, generated, newest.toInstant().toString());

    // The work ran in the cluster's executor: a cluster never runs tasks in the driver.
    assertThat(result.path("master").asText()).isEqualTo(cluster.masterUrl());
    Map<String, Long> tasks = new HashMap<>();
    result
        .path("tasks_by_executor")
        .fields()
        .forEachRemaining(entry -> tasks.put(entry.getKey(), entry.getValue().asLong()));
    assertThat(tasks).isNotEmpty().doesNotContainKey("driver");
    assertThat(tasks.values()).allSatisfy(count -> assertThat(count).isPositive());
    String application = result.path("application_id").asText();
    Awaitility.await("the master lists " + application + " as finished")
        .atMost(Duration.ofSeconds(30))
        .until(() -> finished(cluster, application));
    for (String executor : tasks.keySet()) {
      assertThat(cluster.workDirectory().resolve(application).resolve(executor).resolve("stderr"))
          .as("the worker's log of executor " + executor)
          .isNotEmptyFile();
    }

    Map<String, JsonNode> releases = new HashMap<>();
    result
        .path("releases")
        .forEach(release -> releases.put(release.path("product").asText(), release));
    assertThat(releases)
        .containsOnlyKeys("claims.claims", "claims.claims_rejects", "profiles.claimant_profiles");

    // Local mode on the same input: the same rows, row for row.
    List<PublishRequest> claimsLocally =
        new ClaimsPipeline().releases(local, new PipelineInput(landing, "json", VERSION, Map.of()));
    Dataset<Row> acceptedLocally = claimsLocally.get(0).data();
    Dataset<Row> rejectedLocally = claimsLocally.get(1).data();
    JsonNode claims = releases.get("claims.claims");
    JsonNode rejects = releases.get("claims.claims_rejects");
    assertThat(claims.path("version").asText()).isEqualTo(VERSION);
    assertThat(claims.path("rows").asLong()).isEqualTo(acceptedLocally.count());
    assertThat(rejects.path("rows").asLong()).isEqualTo(rejectedLocally.count()).isPositive();
    // Nothing submitted is dropped: every landing record is a claim or a reject.
    assertThat(claims.path("rows").asLong() + rejects.path("rows").asLong())
        .isEqualTo(generation.records());

    Dataset<Row> published = release(local, "mesh", claims);
    Dataset<Row> computedLocally =
        acceptedLocally.selectExpr(
            Stream.of(published.columns()).map(name -> "`" + name + "`").toArray(String[]::new));
    assertThat(published.exceptAll(computedLocally).count()).isZero();
    assertThat(computedLocally.exceptAll(published).count()).isZero();

    // The rejects are listed, each with its reasons, as local mode lists them.
    Dataset<Row> listed =
        release(local, "mesh", rejects).select("claim_id", "source_file", "reasons");
    assertThat(listed.count()).isEqualTo(rejects.path("rows").asLong());
    assertThat(listed.filter("size(reasons) = 0").count()).isZero();
    Dataset<Row> rejectsLocally = rejectedLocally.select("claim_id", "source_file", "reasons");
    assertThat(listed.exceptAll(rejectsLocally).count()).isZero();
    assertThat(rejectsLocally.exceptAll(listed).count()).isZero();

    // The profiles built on the cluster from that claims release equal a local build from it.
    JsonNode profiles = releases.get("profiles.claimant_profiles");
    new CatalogConnection(catalog.uri(), "profiles-team", catalog.secret("profiles-team"))
        .register(local, PROFILES_READER);
    Dataset<Row> profilesLocally =
        new ClaimantProfilesPipeline()
            .releases(
                local,
                new PipelineInput(
                    generated,
                    "json",
                    VERSION,
                    Map.of(
                        ClaimantProfilesPipeline.CLAIMS_RELEASE, VERSION,
                        ClaimantProfilesPipeline.CATALOG, PROFILES_READER)))
            .get(0)
            .data();
    assertThat(profiles.path("rows").asLong()).isEqualTo(profilesLocally.count()).isPositive();
    assertThat(comparable(release(local, PROFILES_READER, profiles)))
        .containsExactlyElementsOf(comparable(profilesLocally));

    // And the catalog records the three releases.
    for (JsonNode release : releases.values()) {
      String product = release.path("product").asText();
      HttpResponse<String> listedReleases =
          CatalogClients.send(
              catalog,
              "GET",
              "/api/v1/products/" + product + "/releases",
              null,
              catalog.token(product.startsWith("claims.") ? "claims-team" : "profiles-team"));
      assertThat(listedReleases.statusCode()).as(product).isEqualTo(200);
      assertThat(listedReleases.body())
          .as(product)
          .contains("\"version\":\"" + release.path("version").asText() + "\"");
    }
  }

  private JsonNode runDriver(
      SparkStandaloneCluster cluster, CatalogServer catalog, Path generated, String asOf)
      throws IOException, InterruptedException {
    Path resultFile = work.resolve("driver-result.json");
    List<String> jvmOptions = new ArrayList<>();
    jvmOptions.add("-Xmx768m");
    // Settings a cluster deployment gives its drivers (spark-defaults.conf, spark-submit --conf).
    cluster.executorSettings().forEach((key, value) -> jvmOptions.add("-D" + key + "=" + value));
    jvmOptions.add("-Dmesh.spark.shuffle-partitions=2");
    ProcessBuilder builder =
        cluster.processBuilder(
            cluster.javaCommand(
                jvmOptions,
                ClusterPipelineDriver.class.getName(),
                cluster.masterUrl(),
                generated.toString(),
                VERSION,
                asOf,
                resultFile.toString()),
            cluster.log("driver"));
    builder.environment().put("MESH_CATALOG_URI", catalog.uri().toString());
    builder.environment().put("MESH_CLAIMS_TEAM_SECRET", catalog.secret("claims-team"));
    builder.environment().put("MESH_PROFILES_TEAM_SECRET", catalog.secret("profiles-team"));
    Process driver = builder.start();
    if (!driver.waitFor(10, TimeUnit.MINUTES)) {
      driver.destroyForcibly();
      throw new AssertionError("The driver took over 10 minutes; see " + cluster.log("driver"));
    }
    assertThat(driver.exitValue()).as("driver exit status; see " + cluster.log("driver")).isZero();
    return new ObjectMapper().readTree(Files.readString(resultFile));
  }

  private static boolean finished(SparkStandaloneCluster cluster, String application) {
    JsonNode status = cluster.status();
    return status != null
        && StreamSupport.stream(status.path("completedapps").spliterator(), false)
            .anyMatch(
                app ->
                    app.path("id").asText().equals(application)
                        && app.path("state").asText().equals("FINISHED"));
  }

  /** A release as published: its table at its tag. */
  private static Dataset<Row> release(SparkSession spark, String sparkCatalog, JsonNode release) {
    return spark
        .read()
        .option("tag", "v" + release.path("version").asText())
        .table(sparkCatalog + "." + release.path("table").asText());
  }

  /** Profiles as sorted text, without built_at (the time of the build), the map as entries. */
  private static List<String> comparable(Dataset<Row> profiles) {
    return profiles
        .drop("built_at")
        .withColumn("claims_per_scheme", array_sort(map_entries(col("claims_per_scheme"))))
        .orderBy(col("claimant_id"))
        .collectAsList()
        .stream()
        .map(Row::toString)
        .toList();
  }
}
