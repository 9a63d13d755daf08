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
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Who uses a product, as the catalog learns it from a real Trino: the server's OpenLineage event
 * listener sends every query's events, SELECT included, to the catalog's lineage API with a
 * long-lived token of the {@code trino} service principal; the catalog counts each completed query
 * that read the product under the user it ran as, and the registry API answers per product.
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
    catalog =
        CatalogServer.start(
            "usage",
            work.resolve("catalog"),
            Map.of("mesh.catalog.usage.trino.uri", "http://127.0.0.1:" + trinoPort));
    trino =
        TrinoServer.start(
            work.resolve("trino"),
            catalog,
            "claims-team",
            new TrinoServer.Extras(trinoPort, Map.of(), lineageListener(catalog, trinoPort)));

    send(
        "claims-team",
        "POST",
        "/api/v1/products",
        "{\"domain\":\"claims\",\"name\":\"usage_probe\",\"owner\":{\"team\":\"claims-team\","
            + "\"contact\":\"claims-team@example.org\"},\"description\":\"Claims read in tests.\","
            + "\"tags\":[],\"classification\":\"NON_PII\",\"freshnessSla\":\"PT1H\","
            + "\"contractVersion\":\"1.0.0\",\"icebergTable\":\"claims.usage_probe_v1\"}",
        201);
    execute("claims-team", "CREATE SCHEMA IF NOT EXISTS mesh.claims");
    execute("claims-team", "CREATE TABLE " + TABLE + " (claim_id varchar, scheme varchar)");
    execute(
        "claims-team",
        "INSERT INTO " + TABLE + " VALUES ('c-1', 'SEISS'), ('c-2', 'CJRS'), ('c-3', 'SEISS')");
  }

  /**
   * The listener's configuration as the platform writes it: HTTP transport to the lineage API, a
   * bearer token of the {@code trino} service principal, and every query type, SELECT included
   * (Trino's default leaves SELECT out).
   */
  private static List<String> lineageListener(CatalogServer catalog, int trinoPort) {
    return List.of(
        "event-listener.name=openlineage",
        "openlineage-event-listener.transport.type=HTTP",
        "openlineage-event-listener.transport.url=" + catalog.uri(),
        "openlineage-event-listener.transport.endpoint=/api/v1/lineage",
        "openlineage-event-listener.transport.api-key=" + serviceToken(catalog, "trino"),
        "openlineage-event-listener.trino.uri=http://127.0.0.1:" + trinoPort,
        "openlineage-event-listener.trino.include-query-types="
            + "SELECT,INSERT,DELETE,UPDATE,MERGE,ALTER_TABLE_EXECUTE,DATA_DEFINITION");
  }

  /**
   * A long-lived token of the {@code trino} service principal, as an admin issues it for the
   * listener: the listener sends one fixed API key, which an hour-long token would outlive.
   */
  private static String serviceToken(CatalogServer catalog, String principal) {
    HttpResponse<String> response =
        CatalogClients.send(
            catalog,
            "POST",
            "/api/v1/admin/principals/" + principal + "/tokens",
            "{\"lifetime\":\"P90D\"}",
            catalog.token("admin"));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    try {
      return JSON.readTree(response.body()).path("accessToken").asText();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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
                "analyst",
                "SELECT node_id FROM system.runtime.nodes WHERE coordinator AND node_id = 'mesh-it'"))
        .isEqualTo("mesh-it");

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
