package io.insightmesh.it.engines;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.insightmesh.it.harness.CatalogClients;
import io.insightmesh.it.harness.CatalogServer;
import io.insightmesh.it.harness.TrinoServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Who uses a product, as the catalog learns it from a real Trino configured as {@code ./mesh up}
 * runs it: the server's OpenLineage event listener sends every query's events, SELECT included, to
 * the catalog's lineage API with a long-lived token of the {@code trino} service principal; the
 * catalog counts each completed query that read the product under the user it ran as (asking the
 * coordinator over HTTPS with a token of its own), and the registry API answers per product.
 *
 * <p>This catalog and Trino are the test's own: the catalog must know the coordinator's address to
 * ask it who ran a query (Trino 476's events do not say), so Trino's port is chosen first.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TrinoUsageIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PRODUCT = "claims.usage_probe";
  private static final String TABLE = "mesh.claims.usage_probe_v1";

  private CatalogServer catalog;
  private TrinoServer trino;

  @BeforeAll
  void start() {
    Path work = workDirectory();
    int trinoPort = TrinoServer.reservePort();
    // The catalog asks the coordinator over HTTPS, as an admin, trusting Trino's own certificate,
    // which Trino makes when it first starts: after the catalog, as under ./mesh up.
    catalog =
        CatalogServer.start(
            "usage",
            work.resolve("catalog"),
            Map.of(
                "mesh.catalog.usage.trino.uri",
                "https://localhost:" + trinoPort,
                "mesh.catalog.usage.trino.certificate",
                TrinoServer.certificate(work.resolve("trino")).toString(),
                // A lookup that times out counts the query under the Trino server for good, and
                // the first against a Trino just started (TLS, a cold JVM) can take longer than
                // the operator's default of 5 s on a loaded machine.
                "mesh.catalog.usage.trino.timeout",
                "PT60S"));
    trino =
        TrinoServer.start(
            work.resolve("trino"),
            catalog,
            new TrinoServer.Extras(trinoPort, Map.of(), true, null));

    send(
        "claims-team",
        "POST",
        "/api/v1/products",
        "{\"domain\":\"claims\",\"name\":\"usage_probe\",\"owner\":{\"team\":\"claims-team\","
            + "\"contact\":\"claims-team@example.org\"},\"description\":\"Claims read in tests.\","
            + "\"tags\":[],\"classification\":\"NON_PII\",\"freshnessSla\":\"PT1H\","
            + "\"contractVersion\":\"1.0.0\",\"icebergTable\":\"claims.usage_probe_v1\"}",
        201);
    // Readers read a table through Trino only as a product under contract.
    send(
        "claims-team",
        "PUT",
        "/api/v1/products/" + PRODUCT + "/contracts/1.0.0",
        "{\"type\":\"record\",\"name\":\"UsageProbe\",\"doc\":\"Claims read in tests.\","
            + "\"fields\":["
            + "{\"name\":\"claim_id\",\"type\":[\"null\",\"string\"],\"default\":null,"
            + "\"doc\":\"The claim.\"},"
            + "{\"name\":\"scheme\",\"type\":[\"null\",\"string\"],\"default\":null,"
            + "\"doc\":\"The scheme.\"}]}",
        201);
    execute("claims-team", "CREATE SCHEMA IF NOT EXISTS mesh.claims");
    execute("claims-team", "CREATE TABLE " + TABLE + " (claim_id varchar, scheme varchar)");
    execute(
        "claims-team",
        "INSERT INTO " + TABLE + " VALUES ('c-1', 'SEISS'), ('c-2', 'CJRS'), ('c-3', 'SEISS')");
  }

  @AfterAll
  void stop() {
    if (trino != null) {
      trino.close();
    }
    if (catalog != null) {
      catalog.close();
    }
  }

  @Test
  void theUsageApiCountsEachUsersSelectsOfTheProduct() {
    for (int query = 0; query < 3; query++) {
      assertThat(select("analyst", "SELECT count(*) FROM " + TABLE)).isEqualTo("3");
    }
    assertThat(select("pii-analyst", "SELECT claim_id FROM " + TABLE + " WHERE claim_id = 'c-2'"))
        .isEqualTo("c-2");
    assertThat(
            select(
                "pii-analyst",
                "SELECT count(*) FROM " + TABLE + " a JOIN " + TABLE + " b USING (claim_id)"))
        .as("a self-join reads the product once")
        .isEqualTo("3");

    JsonNode usage =
        Awaitility.await("usage of " + PRODUCT + " counts five queries")
            .atMost(Duration.ofSeconds(90))
            .pollInterval(Duration.ofMillis(500))
            .until(
                () -> usage("claims-team"),
                answer -> answer.path("queries").path("total").asLong() >= 5);

    assertThat(usage.path("queries").path("total").asLong()).isEqualTo(5);
    assertThat(usage.path("queries").path("last24Hours").asLong()).isEqualTo(5);
    assertThat(usage.path("consumerCount").asLong())
        .as("the owner's INSERT wrote the product; it is not a read")
        .isEqualTo(2);
    Map<String, Long> byUser = new HashMap<>();
    for (JsonNode consumer : usage.path("consumers")) {
      assertThat(consumer.path("kind").asText()).isEqualTo("TRINO_USER");
      byUser.put(consumer.path("name").asText(), consumer.path("queries").path("total").asLong());
    }
    assertThat(byUser).isEqualTo(Map.of("analyst", 3L, "pii-analyst", 2L));

    // Readers see how often, not who.
    JsonNode asAnalyst = usage("analyst");
    assertThat(asAnalyst.path("queries").path("total").asLong()).isEqualTo(5);
    assertThat(asAnalyst.path("consumers").isNull()).isTrue();
  }

  @Test
  void theStoredQueryTextsKeepNoLiterals() {
    // Not the product: the other test counts every read of it.
    assertThat(
            select(
                "analyst", "SELECT count(*) FROM system.runtime.nodes WHERE node_id = 'mesh-it'"))
        .as("the node is mesh-<port>")
        .isEqualTo("0");

    String events =
        Awaitility.await("the SELECT's events are stored")
            .atMost(Duration.ofSeconds(90))
            .pollInterval(Duration.ofMillis(500))
            .until(
                () -> send("admin", "GET", "/api/v1/lineage/events?pageSize=200", null, 200),
                body -> body.contains("node_id = '?'"));
    assertThat(events).doesNotContain("'mesh-it'");
  }

  private JsonNode usage(String principal) {
    try {
      return JSON.readTree(
          send(principal, "GET", "/api/v1/products/" + PRODUCT + "/usage", null, 200));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String send(String principal, String method, String path, String body, int status) {
    HttpResponse<String> response =
        CatalogClients.send(catalog, method, path, body, catalog.token(principal));
    assertThat(response.statusCode())
        .as("%s %s: %s", method, path, response.body())
        .isEqualTo(status);
    return response.body();
  }

  private String select(String user, String sql) {
    try (Connection connection = trino.connection(user);
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      assertThat(rows.next()).as("a row of %s", sql).isTrue();
      String first = rows.getString(1);
      // Read to the end: closing a result early cancels the query.
      while (rows.next()) {}
      return first;
    } catch (SQLException e) {
      throw new IllegalStateException(sql + " failed as " + user, e);
    }
  }

  private void execute(String user, String sql) {
    try (Connection connection = trino.connection(user);
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + " failed as " + user, e);
    }
  }

  private static Path workDirectory() {
    Path directory =
        Path.of(System.getProperty("mesh.test.work-dir", "target/it-work"))
            .toAbsolutePath()
            .resolve("trino-usage");
    if (Files.exists(directory)) {
      try (Stream<Path> paths = Files.walk(directory)) {
        paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return directory;
  }
}
