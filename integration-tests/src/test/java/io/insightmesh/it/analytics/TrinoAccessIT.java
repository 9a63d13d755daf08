package io.insightmesh.it.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.insightmesh.it.harness.CatalogServer;
import io.insightmesh.it.harness.Engines;
import io.insightmesh.it.harness.PostgresCluster;
import io.insightmesh.it.harness.TrinoServer;
import io.insightmesh.products.claims.pipeline.ClaimsPipeline;
import io.insightmesh.products.profiles.pipeline.ClaimantProfilesPipeline;
import io.insightmesh.sdk.publish.CatalogConnection;
import io.insightmesh.sdk.publish.PipelineInput;
import io.insightmesh.sdk.publish.PublishRequest;
import io.insightmesh.sdk.publish.Publisher;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Analysts query the products through Trino with PII masked by the contracts, and the catalog
 * decides: for every PII column of the claims and claimant-profiles products, {@code analyst} and a
 * consuming domain team read the contract's mask, {@code pii-analyst} the clear value, and a
 * principal with no read grant ({@code case-worker}) nothing at all, through plain selects, views,
 * CTAS, joins, {@code information_schema} and {@code system.runtime.queries}; writes follow domain
 * ownership; nobody gets in without a token.
 *
 * <p>The products are published here under data-refresh versions of their own and read by their
 * release tag, so other suites writing to the same shared catalog do not disturb the matrix.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TrinoAccessIT {
  private static final String RELEASE = "1.0.0+trino-access-it";
  private static final String TAG = "'v" + RELEASE + "'";
  private static final String CLAIMS = "mesh.claims.claims_v1 FOR VERSION AS OF " + TAG;
  private static final String PROFILES =
      "mesh.profiles.claimant_profiles_v1 FOR VERSION AS OF " + TAG;

  private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  private final Map<String, Connection> connections = new LinkedHashMap<>();
  private TrinoServer trino;
  private CatalogServer catalog;

  @BeforeAll
  void publishProductsAndStartTrino() throws Exception {
    catalog = Engines.catalog();
    SparkSession spark = Engines.spark();
    Path work = Files.createTempDirectory("trino-access-it");
    Path landing = Files.createDirectories(work.resolve("landing"));
    Files.write(landing.resolve("part-00000.jsonl"), claims());
    try (Publisher publisher =
        new Publisher(
            spark,
            new CatalogConnection(catalog.uri(), "claims-team", catalog.secret("claims-team")))) {
      publisher.publishAll(
          new ClaimsPipeline()
              .releases(spark, new PipelineInput(landing, "json", RELEASE, Map.of())));
    }
    CatalogConnection profilesTeam =
        new CatalogConnection(catalog.uri(), "profiles-team", catalog.secret("profiles-team"));
    profilesTeam.register(spark, "trino_access_it");
    Path input = work.resolve("profiles-input");
    writeReference(input.resolve("reference"));
    try (Publisher publisher = new Publisher(spark, profilesTeam)) {
      List<PublishRequest> requests =
          new ClaimantProfilesPipeline()
              .releases(
                  spark,
                  new PipelineInput(
                      input,
                      "json",
                      RELEASE,
                      Map.of("claims-release", RELEASE, "catalog", "trino_access_it")));
      publisher.publishAll(requests);
    }
    trino = Engines.trino();
  }

  @AfterAll
  void closeConnections() throws SQLException {
    for (Connection connection : connections.values()) {
      connection.close();
    }
  }

  @Test
  void everyPiiColumnOfEveryProductIsMaskedByItsContractForAnalystsAndDomainTeams() {
    Map<String, String> tables =
        Map.of("claims/claims.avsc", CLAIMS, "profiles/claimant_profiles.avsc", PROFILES);
    int checked = 0;
    for (Map.Entry<String, String> product : tables.entrySet()) {
      for (Schema.Field field : contract(product.getKey()).getFields()) {
        if (field.getObjectProp("pii") == null) {
          continue;
        }
        String strategy = String.valueOf(field.getObjectProp("mask"));
        String select =
            "SELECT claimant_id, "
                + field.name()
                + " FROM "
                + product.getValue()
                + " WHERE "
                + field.name()
                + " IS NOT NULL ORDER BY claimant_id";
        List<String> clear = query("pii-analyst", select);
        assertThat(clear)
            .as("%s of %s has values to mask", field.name(), product.getKey())
            .isNotEmpty();
        List<String> masked =
            clear.stream()
                .map(
                    row ->
                        row.substring(0, row.indexOf('|') + 1)
                            + mask(strategy, row.substring(row.indexOf('|') + 1)))
                .toList();
        assertThat(query("analyst", select))
            .as("analyst reads %s (%s) masked", field.name(), strategy)
            .containsExactlyElementsOf(masked)
            .doesNotContainAnyElementsOf(clear);
        assertThat(query("risk-team", select))
            .as("a consuming domain team reads %s masked", field.name())
            .containsExactlyElementsOf(masked);
        assertThatThrownBy(() -> query("case-worker", select))
            .as("no read grant, no rows")
            .hasMessageContaining("Access Denied");
        checked++;
      }
    }
    // claims: nino, utr, name, date_of_birth, postcode, email, sort code, account, device, ip;
    // profiles: nino.
    assertThat(checked).isEqualTo(11);
  }

  @Test
  void piiAnalystsReadTheValuesThatWerePublished() {
    assertThat(
            query(
                "pii-analyst",
                "SELECT nino, bank_account_number, name, postcode FROM "
                    + CLAIMS
                    + " WHERE claimant_id = 'P001'"))
        .containsExactly("AA000001A|90000001|Claimant P001|SW1A 1AA");
    assertThat(query("claims-team", "SELECT nino FROM " + CLAIMS + " WHERE claimant_id = 'P001'"))
        .as("a domain reads its own product in the clear")
        .containsExactly("AA000001A");
    assertThat(
            query(
                "analyst",
                "SELECT nino, bank_account_number, name, postcode, date_of_birth, ip_address FROM "
                    + CLAIMS
                    + " WHERE claimant_id = 'P001'"))
        .containsExactly("AA******A|****0001|REDACTED|SW1A|1975-01-01|203.0.113.0");
  }

  @Test
  void aPredicateOnAMaskedColumnSeesOnlyTheMask() {
    assertThat(query("analyst", "SELECT count(*) FROM " + CLAIMS + " WHERE nino = 'AA000001A'"))
        .containsExactly("0");
    assertThat(query("pii-analyst", "SELECT count(*) FROM " + CLAIMS + " WHERE nino = 'AA000001A'"))
        .containsExactly("1");
  }

  @Test
  void masksHoldThroughAView() {
    update("claims-team", "DROP VIEW IF EXISTS mesh.claims.trino_access_it_view");
    update(
        "claims-team",
        "CREATE VIEW mesh.claims.trino_access_it_view SECURITY INVOKER AS SELECT claimant_id, nino,"
            + " bank_account_number FROM "
            + CLAIMS);
    String read =
        "SELECT nino, bank_account_number FROM mesh.claims.trino_access_it_view"
            + " WHERE claimant_id = 'P001'";
    assertThat(query("analyst", read)).containsExactly("AA******A|****0001");
    assertThat(query("profiles-team", read)).containsExactly("AA******A|****0001");
    assertThat(query("pii-analyst", read)).containsExactly("AA000001A|90000001");
    assertThatThrownBy(() -> query("case-worker", "SELECT * FROM mesh.claims.trino_access_it_view"))
        .hasMessageContaining("Access Denied");
  }

  @Test
  void aViewThatWouldRunAsItsOwnerIsRefused() {
    // The owner reads its own product in the clear: a view running as the owner would pass that
    // on to every reader.
    assertThatThrownBy(
            () ->
                update(
                    "claims-team",
                    "CREATE VIEW mesh.claims.trino_access_it_definer AS SELECT nino FROM "
                        + CLAIMS))
        .hasMessageContaining("Failed to create view")
        .satisfies(
            refused ->
                assertThat(causes(refused))
                    .as("the catalog's reason reaches the user")
                    .contains("SECURITY INVOKER"));
    assertThat(
            query(
                "claims-team",
                "SELECT count(*) FROM mesh.information_schema.views"
                    + " WHERE table_name = 'trino_access_it_definer'"))
        .containsExactly("0");
    assertThatThrownBy(
            () ->
                update(
                    "analyst",
                    "CREATE VIEW mesh.claims.analyst_view SECURITY INVOKER AS SELECT nino FROM "
                        + CLAIMS))
        .as("an analyst owns no domain to create views in")
        .hasMessageContaining("Access Denied");
  }

  @Test
  void masksHoldThroughCtasIntoAnotherDomain() {
    update("risk-team", "CREATE SCHEMA IF NOT EXISTS mesh.risk");
    update("risk-team", "DROP TABLE IF EXISTS mesh.risk.trino_access_it_copy");
    update(
        "risk-team",
        "CREATE TABLE mesh.risk.trino_access_it_copy AS SELECT claimant_id, nino, name FROM "
            + CLAIMS);
    // The copy holds what its writer could read, masked values only.
    assertThat(
            query(
                "risk-team",
                "SELECT nino, name FROM mesh.risk.trino_access_it_copy WHERE claimant_id = 'P001'"))
        .containsExactly("AA******A|REDACTED");
    // A copy is no product: it has no contract to mask by, so it is its domain's alone.
    for (String reader : List.of("analyst", "pii-analyst")) {
      assertThatThrownBy(() -> query(reader, "SELECT nino FROM mesh.risk.trino_access_it_copy"))
          .as(reader)
          .hasMessageContaining("Access Denied");
    }
    assertThatThrownBy(
            () ->
                update(
                    "analyst", "CREATE TABLE mesh.risk.analyst_copy AS SELECT nino FROM " + CLAIMS))
        .hasMessageContaining("Access Denied");
  }

  @Test
  void masksHoldThroughAJoinOfTwoProducts() {
    String join =
        "SELECT c.nino, p.nino, p.shared_bank_account_claimants FROM "
            + CLAIMS
            + " c JOIN "
            + PROFILES
            + " p ON c.claimant_id = p.claimant_id WHERE c.claimant_id = 'P001'";
    assertThat(query("analyst", join)).containsExactly("AA******A|AA******A|1");
    assertThat(query("pii-analyst", join)).containsExactly("AA000001A|AA000001A|1");
  }

  @Test
  void informationSchemaShowsProductsOnlyToReaders() {
    String columns =
        "SELECT column_name FROM mesh.information_schema.columns WHERE table_schema = 'claims'"
            + " AND table_name = 'claims_v1' AND column_name = 'nino'";
    assertThat(query("analyst", columns)).containsExactly("nino");
    assertThatThrownBy(() -> query("case-worker", columns)).hasMessageContaining("Access Denied");
    assertThatThrownBy(() -> query("case-worker", "SHOW TABLES FROM mesh.claims"))
        .hasMessageContaining("Access Denied");
  }

  @Test
  void metadataTablesThatCarryColumnValuesAreClosedToMaskedReaders() {
    String files = "SELECT count(*) FROM mesh.claims.\"claims_v1$files\"";
    assertThatThrownBy(() -> query("analyst", files)).hasMessageContaining("Access Denied");
    assertThat(query("pii-analyst", files)).hasSize(1);
    assertThat(query("analyst", "SELECT count(*) > 0 FROM mesh.claims.\"claims_v1$snapshots\""))
        .containsExactly("true");
  }

  @Test
  void tableChangesReadsClearRowsSoOnlyUsersWhoReadAllPiiMayCallIt() {
    List<String> ancestors =
        query(
            "pii-analyst",
            "SELECT snapshot_id FROM mesh.claims.\"claims_v1$history\""
                + " WHERE is_current_ancestor ORDER BY made_current_at");
    assertThat(ancestors).as("the first release's table and its rows").hasSizeGreaterThan(1);
    String changes =
        "SELECT nino FROM TABLE(mesh.system.table_changes(schema_name => 'claims',"
            + " table_name => 'claims_v1', start_snapshot_id => "
            + ancestors.get(0)
            + ", end_snapshot_id => "
            + ancestors.get(ancestors.size() - 1)
            + ")) WHERE claimant_id = 'P001'";
    // The function reads the data files itself: Trino would apply no mask to its rows.
    for (String masked : List.of("analyst", "risk-team")) {
      assertThatThrownBy(() -> query(masked, changes))
          .as("%s reads claims masked", masked)
          .hasMessageContaining("Access Denied")
          .hasMessageNotContaining("AA000001A");
    }
    assertThat(query("pii-analyst", changes)).contains("AA000001A");
  }

  @Test
  void usersSeeOnlyTheirOwnQueriesInSystemRuntimeQueries() {
    query("pii-analyst", "SELECT count(*) FROM " + CLAIMS + " WHERE nino = 'AA000003A'");
    List<String> seenByAnalyst =
        query("analyst", "SELECT \"user\", query FROM system.runtime.queries");
    assertThat(seenByAnalyst).isNotEmpty().allMatch(row -> row.startsWith("analyst|"));
    assertThat(seenByAnalyst).noneMatch(row -> row.contains("AA000003A"));
    assertThat(query("admin", "SELECT DISTINCT \"user\" FROM system.runtime.queries"))
        .contains("pii-analyst", "analyst");
  }

  @Test
  void writesFollowDomainOwnership() {
    update("claims-team", "DROP TABLE IF EXISTS mesh.claims.trino_access_it_owned");
    update(
        "claims-team",
        "CREATE TABLE mesh.claims.trino_access_it_owned (claimant_id varchar, note varchar)");
    update("claims-team", "INSERT INTO mesh.claims.trino_access_it_owned VALUES ('P001', 'ok')");
    for (String outsider : List.of("risk-team", "analyst", "pii-analyst", "case-worker")) {
      assertThatThrownBy(
              () ->
                  update(
                      outsider,
                      "INSERT INTO mesh.claims.trino_access_it_owned VALUES ('P002', 'no')"))
          .as(outsider)
          .hasMessageContaining("Access Denied");
    }
    assertThatThrownBy(() -> update("risk-team", "DROP TABLE mesh.claims.trino_access_it_owned"))
        .hasMessageContaining("Access Denied");
    assertThat(
            query("claims-team", "SELECT claimant_id, note FROM mesh.claims.trino_access_it_owned"))
        .containsExactly("P001|ok");
  }

  @Test
  void nobodyGetsInWithoutAValidToken() {
    assertThatThrownBy(
            () -> {
              try (Connection forged = trino.connectionWithToken("not-a-token");
                  Statement statement = forged.createStatement()) {
                statement.executeQuery("SELECT 1");
              }
            })
        .hasMessageContaining("Authentication failed");
    Properties anonymous = new Properties();
    anonymous.setProperty("user", "pii-analyst");
    String http = "jdbc:trino://127.0.0.1:" + trino.uri().getPort() + "/mesh";
    assertThatThrownBy(
            () -> {
              try (Connection plain = DriverManager.getConnection(http, anonymous);
                  Statement statement = plain.createStatement()) {
                statement.executeQuery("SELECT nino FROM " + CLAIMS);
              }
            })
        .isInstanceOf(SQLException.class);
  }

  /** What {@code strategy} makes of {@code clear}, independently of the SQL the catalog sends. */
  static String mask(String strategy, String clear) {
    int n = clear.length();
    switch (strategy) {
      case "partial":
        return n > 4
            ? clear.substring(0, 2) + "*".repeat(n - 3) + clear.substring(n - 1)
            : "*".repeat(n);
      case "last4":
        return n > 4 ? "*".repeat(n - 4) + clear.substring(n - 4) : "*".repeat(n);
      case "year":
        return LocalDate.parse(clear).withDayOfYear(1).toString();
      case "district":
        return clear.contains(" ")
            ? clear.substring(0, clear.indexOf(' '))
            : clear.substring(0, n - 3);
      case "network":
        return clear.substring(0, clear.lastIndexOf('.')) + ".0";
      case "hash":
        try {
          return HexFormat.of()
              .withUpperCase()
              .formatHex(
                  MessageDigest.getInstance("SHA-256")
                      .digest(clear.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
          throw new IllegalStateException(e);
        }
      default:
        return "REDACTED";
    }
  }

  /** Every message in the cause chain, server-side causes from Trino included. */
  private static String causes(Throwable thrown) {
    StringBuilder messages = new StringBuilder();
    for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
      messages.append(cause.getMessage()).append('\n');
    }
    return messages.toString();
  }

  private static Schema contract(String path) {
    try {
      return new Schema.Parser()
          .parse(PostgresCluster.repositoryRoot().resolve("contracts").resolve(path).toFile());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private Connection connection(String principal) {
    return connections.computeIfAbsent(principal, trino::connection);
  }

  /** Rows of a query, each as its values joined by {@code |}. */
  private List<String> query(String principal, String sql) {
    try (Statement statement = connection(principal).createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      int columns = result.getMetaData().getColumnCount();
      List<String> rows = new ArrayList<>();
      while (result.next()) {
        List<String> values = new ArrayList<>();
        for (int i = 1; i <= columns; i++) {
          values.add(String.valueOf(result.getObject(i)));
        }
        rows.add(String.join("|", values));
      }
      return rows;
    } catch (SQLException e) {
      throw new IllegalStateException(principal + ": " + e.getMessage(), e);
    }
  }

  private void update(String principal, String sql) {
    try (Statement statement = connection(principal).createStatement()) {
      statement.executeUpdate(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(principal + ": " + e.getMessage(), e);
    }
  }

  private List<String> claims() {
    List<String> claims = new ArrayList<>();
    claims.add(
        claim(
            1,
            "P001",
            "AA000001A",
            "90000001",
            Map.of("utr", "\"1234567890\"", "email", "\"p1@example.org\"")));
    claims.add(claim(2, "P002", "AB000002B", "90000001", Map.of("postcode", "\"LS14AP\"")));
    claims.add(claim(3, "P003", "AA000003A", "90000003", Map.of("device_id", "\"device-shared\"")));
    return claims;
  }

  private String claim(
      int index, String claimant, String nino, String account, Map<String, String> overrides) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("claim_id", "\"" + String.format("00000000-0000-4000-a000-%012d", index) + "\"");
    fields.put("scheme", "\"SEISS\"");
    fields.put("submitted_at", "\"" + now.minus(index, ChronoUnit.MINUTES) + "\"");
    fields.put("claimant_id", "\"" + claimant + "\"");
    fields.put("nino", "\"" + nino + "\"");
    fields.put("name", "\"Claimant " + claimant + "\"");
    fields.put("date_of_birth", "\"1975-06-15\"");
    fields.put("postcode", "\"SW1A 1AA\"");
    fields.put("bank_sort_code", "\"112233\"");
    fields.put("bank_account_number", "\"" + account + "\"");
    fields.put("amount_claimed", "2500");
    fields.put("channel", "\"ONLINE\"");
    fields.put("device_id", "\"device-" + claimant + "\"");
    fields.put("ip_address", "\"203.0.113." + index + "\"");
    fields.putAll(overrides);
    return fields.entrySet().stream()
        .map(entry -> "\"" + entry.getKey() + "\":" + entry.getValue())
        .collect(Collectors.joining(",", "{", "}"));
  }

  private static void writeReference(Path directory) throws IOException {
    Files.createDirectories(directory);
    Files.write(
        directory.resolve("self_assessment.jsonl"),
        List.of(
            "{\"nino\":\"AA000001A\",\"utr\":\"1234567890\",\"tax_year\":\"2018-19\",\"trading_profit\":30000.00}"));
    Files.write(
        directory.resolve("paye_employment.jsonl"),
        List.of(
            "{\"employer_reference\":\"120/AB12345\",\"company_number\":\"87654321\","
                + "\"month\":\"2020-01\",\"employees\":2,\"gross_pay\":4000.00}"));
    Files.write(
        directory.resolve("companies.jsonl"),
        List.of(
            "{\"company_number\":\"87654321\",\"name\":\"Old Hand Ltd\",\"incorporated_on\":\"2015-06-01\",\"status\":\"active\"}"));
    Files.write(
        directory.resolve("deceased.jsonl"),
        List.of("{\"nino\":\"AA000009A\",\"date_of_death\":\"2020-01-10\"}"));
  }
}
