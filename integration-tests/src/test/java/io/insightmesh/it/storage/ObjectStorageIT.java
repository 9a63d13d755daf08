package io.insightmesh.it.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.insightmesh.it.harness.CatalogServer;
import io.insightmesh.it.harness.EngineServer;
import io.insightmesh.it.harness.S3Server;
import io.insightmesh.it.harness.SparkEngine;
import io.insightmesh.it.harness.Stores;
import io.insightmesh.it.harness.TrinoServer;
import io.insightmesh.products.claims.generate.ClaimsGenerator;
import io.insightmesh.products.claims.generate.GeneratorSettings;
import io.insightmesh.products.claims.generate.ProgressListener;
import io.insightmesh.sdk.demo.DemoProducts;
import io.insightmesh.sdk.launcher.ObjectStorage;
import io.insightmesh.sdk.publish.PublishResult;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The platform on an {@code s3://} warehouse in an S3-compatible store (s3proxy), configured only
 * through the variables an operator exports for {@code ./mesh up}: the catalog writes metadata
 * there, the SDK's Spark pipelines publish claims and profiles there, Trino serves them to analysts
 * with PII masked, and the scoring engine commits its decisions there; nothing lands on local disk
 * and the store's secret key shows up in no answer and no log.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ObjectStorageIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BUCKET = "mesh-warehouse";
  private static final String PREFIX = "platform";
  private static final String RELEASE = "1.0.0";

  private S3Server store;
  private CatalogServer catalog;
  private TrinoServer trino;
  private EngineServer engine;
  private Path generated;
  private List<PublishResult> published;

  @BeforeAll
  void startThePlatformOnObjectStorage() throws IOException {
    Path work = Stores.workDirectory().resolve("object-storage");
    Stores.deleteRecursively(work);
    store = S3Server.start(work.resolve("s3"));
    store.createBucket(BUCKET);

    Map<String, String> environment = new HashMap<>(store.credentialsEnvironment());
    environment.put(ObjectStorage.WAREHOUSE_VARIABLE, "s3://" + BUCKET + "/" + PREFIX);
    environment.put(ObjectStorage.ENDPOINT_VARIABLE, store.endpoint().toString());
    environment.put(ObjectStorage.REGION_VARIABLE, S3Server.REGION);
    environment.put(ObjectStorage.PATH_STYLE_VARIABLE, "true");
    catalog = CatalogServer.start("s3", work.resolve("data"), Map.of(), environment);

    // This JVM is the domain teams' pipeline: it has the same credentials as the services, through
    // the AWS SDK's system properties (the first source of its default chain) for want of
    // variables a running JVM cannot set.
    System.setProperty("aws.accessKeyId", store.credentialsEnvironment().get("AWS_ACCESS_KEY_ID"));
    System.setProperty(
        "aws.secretAccessKey", store.credentialsEnvironment().get("AWS_SECRET_ACCESS_KEY"));
    generated = work.resolve("generated");
    new ClaimsGenerator(GeneratorSettings.of(400, 7, generated)).generate(ProgressListener.none());
    // A session of its own: Spark keeps a catalog's address from its first use, and other tests
    // in this JVM publish as the same teams into the embedded catalog.
    SparkSession spark = SparkEngine.startWithoutCatalog().newSession();
    published =
        new DemoProducts(spark, catalog.uri(), catalog::secret, line -> {})
            .publish(generated, RELEASE);

    trino =
        TrinoServer.startOnObjectStorage(
            work.resolve("trino"),
            catalog,
            ObjectStorage.fromEnvironment(environment).orElseThrow());
    engine =
        EngineServer.start(
            "s3",
            catalog,
            Map.of(
                "mesh.engine.profile-release", RELEASE, "mesh.engine.commit-interval", "PT0.5S"));
    engine.awaitProfileRelease(RELEASE, Duration.ofSeconds(90));
  }

  @AfterAll
  void stop() {
    for (AutoCloseable closeable : new AutoCloseable[] {engine, trino, catalog, store}) {
      if (closeable != null) {
        try {
          closeable.close();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
    }
  }

  @Test
  void publishedProductsAreInTheBucketAndNotOnLocalDisk() throws IOException {
    assertThat(published)
        .extracting(PublishResult::product)
        .contains(DemoProducts.CLAIMS, DemoProducts.PROFILES);
    List<String> claims = store.keys(BUCKET, PREFIX + "/claims/claims_v1/");
    assertThat(claims)
        .anyMatch(key -> key.startsWith(PREFIX + "/claims/claims_v1/metadata/"))
        .anyMatch(key -> key.endsWith(".metadata.json"))
        .anyMatch(key -> key.startsWith(PREFIX + "/claims/claims_v1/data/"))
        .anyMatch(key -> key.endsWith(".parquet"));
    assertThat(store.keys(BUCKET, PREFIX + "/profiles/claimant_profiles_v1/data/"))
        .anyMatch(key -> key.endsWith(".parquet"));
    // The catalog's data directory holds its database and keys, no table file.
    try (Stream<Path> files = Files.walk(catalog.dataDir())) {
      assertThat(files.map(Path::toString))
          .noneMatch(path -> path.endsWith(".parquet") || path.endsWith(".metadata.json"));
    }
  }

  @Test
  void clientsAreToldHowToReachTheStoreButNeverTheSecret() throws Exception {
    HttpResponse<String> config =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(catalog.icebergUri() + "/v1/config?warehouse=mesh"))
                    .header("Authorization", "Bearer " + catalog.token("analyst"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(config.statusCode()).isEqualTo(200);
    JsonNode defaults = JSON.readTree(config.body()).get("defaults");
    assertThat(defaults.get("s3.endpoint").asText()).isEqualTo(store.endpoint().toString());
    assertThat(defaults.get("s3.path-style-access").asText()).isEqualTo("true");
    assertThat(defaults.get("client.region").asText()).isEqualTo(S3Server.REGION);
    assertThat(config.body()).doesNotContain(store.secretKey()).doesNotContain("secret-access-key");
    assertThat(Files.readString(catalog.log())).doesNotContain(store.secretKey());
    assertThat(Files.readString(trino.log())).doesNotContain(store.secretKey());
    assertThat(Files.readString(engine.log())).doesNotContain(store.secretKey());
    // Trino's catalog file configures the store without credentials: they come from its
    // environment.
    assertThat(
            Files.readString(
                catalog.dataDir().resolveSibling("trino").resolve("etc/catalog/mesh.properties")))
        .contains("fs.native-s3.enabled=true", "s3.path-style-access=true")
        .doesNotContain(store.secretKey());
  }

  @Test
  void analystsQueryTheClaimsInTheBucketWithPiiMasked() {
    long rows =
        published.stream()
            .filter(result -> result.product().equals(DemoProducts.CLAIMS))
            .mapToLong(PublishResult::rowCount)
            .findFirst()
            .orElseThrow();
    assertThat(query("analyst", "SELECT count(*) FROM mesh.claims.claims_v1"))
        .containsExactly(String.valueOf(rows));
    List<String> masked =
        query("analyst", "SELECT nino FROM mesh.claims.claims_v1 ORDER BY claim_id LIMIT 20");
    assertThat(masked).hasSize(20).allMatch(nino -> nino.matches("[A-Z]{2}\\*{6}[A-Z]"));
    List<String> clear =
        query("pii-analyst", "SELECT nino FROM mesh.claims.claims_v1 ORDER BY claim_id LIMIT 20");
    assertThat(clear).hasSize(20).allMatch(nino -> nino.matches("[A-Z]{2}\\d{6}[A-D]"));
  }

  @Test
  void theEngineCommitsItsDecisionsToTheBucket() throws IOException {
    String token = catalog.token("claims-team");
    List<String> lines = new ArrayList<>();
    try (Stream<Path> files = Files.list(generated.resolve("landing/claims"))) {
      for (Path file : files.sorted().toList()) {
        lines.addAll(Files.readAllLines(file));
      }
    }
    // A set: the generator injects duplicate submissions, which get the first decision again.
    Set<String> decided = new LinkedHashSet<>();
    for (String line : lines.subList(0, 50)) {
      HttpResponse<String> response = engine.post("/api/v1/assessments", line, token);
      if (response.statusCode() == 200) {
        decided.add(JSON.readTree(response.body()).get("claim_id").asText());
      }
    }
    assertThat(decided).hasSizeGreaterThan(40);
    String sample = decided.iterator().next();
    Awaitility.await("decisions committed and visible through Trino")
        .atMost(Duration.ofSeconds(90))
        .untilAsserted(
            () ->
                assertThat(
                        query(
                            "analyst",
                            "SELECT count(DISTINCT claim_id) FROM mesh.risk.decisions_v1"
                                + " WHERE claim_id IN ("
                                + String.join(
                                    ",", decided.stream().map(id -> "'" + id + "'").toList())
                                + ")"))
                    .containsExactly(String.valueOf(decided.size())));
    assertThat(
            query(
                "analyst",
                "SELECT decision FROM mesh.risk.decisions_v1 WHERE claim_id = '" + sample + "'"))
        .singleElement()
        .isIn("ACCEPT", "FLAG", "REJECT");
    assertThat(store.keys(BUCKET, PREFIX + "/risk/decisions_v1/data/"))
        .anyMatch(key -> key.endsWith(".parquet"));
  }

  private List<String> query(String principal, String sql) {
    try (Connection connection = trino.connection(principal);
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      List<String> rows = new ArrayList<>();
      while (result.next()) {
        rows.add(String.valueOf(result.getObject(1)));
      }
      return rows;
    } catch (SQLException e) {
      throw new IllegalStateException(principal + ": " + e.getMessage(), e);
    }
  }
}
