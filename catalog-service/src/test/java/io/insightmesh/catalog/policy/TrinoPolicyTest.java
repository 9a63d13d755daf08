package io.insightmesh.catalog.policy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.insightmesh.catalog.SeededPrincipals;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The policy Trino's OPA plugin asks, in the plugin's own request shapes: who reads, who writes,
 * who sees which query, and which PII columns each reader gets masked by the product's contract.
 */
@QuarkusTest
class TrinoPolicyTest {
  private static final String CONTRACT =
      "{\"type\":\"record\",\"name\":\"Masked\",\"doc\":\"Masked claims.\",\"fields\":["
          + "{\"name\":\"claim_id\",\"type\":\"string\",\"doc\":\"The claim.\"},"
          + "{\"name\":\"nino\",\"type\":\"string\",\"doc\":\"NI number.\",\"pii\":\"nino\",\"mask\":\"partial\"},"
          + "{\"name\":\"name\",\"type\":\"string\",\"doc\":\"Name.\",\"pii\":\"name\",\"mask\":\"redact\"},"
          + "{\"name\":\"bank_account_number\",\"type\":\"string\",\"doc\":\"Account.\",\"pii\":\"bank_account\",\"mask\":\"last4\"},"
          + "{\"name\":\"date_of_birth\",\"type\":{\"type\":\"int\",\"logicalType\":\"date\"},\"doc\":\"Born.\",\"pii\":\"dob\",\"mask\":\"year\"},"
          + "{\"name\":\"previousName\",\"type\":\"string\",\"doc\":\"Name before.\",\"pii\":\"name\",\"mask\":\"redact\"}]}";

  private static String base;

  // Once per run, lazily: RestAssured knows the test server's port only inside a test.
  @BeforeEach
  void registerProduct() {
    if (base != null) {
      return;
    }
    base = "/api/v1/policy/trino/trino:" + SeededPrincipals.secret("trino");
    given()
        .header("Authorization", "Bearer " + SeededPrincipals.issueToken("claims-team"))
        .contentType(ContentType.JSON)
        .body(
            Map.of(
                "domain", "claims",
                "name", "masked",
                "owner", Map.of("team", "claims-team", "contact", "claims-team@example.org"),
                "description", "Claims with PII, for the masking policy.",
                "tags", List.of(),
                "classification", "PII",
                "freshnessSla", "PT1H",
                "contractVersion", "1.0.0",
                "icebergTable", "claims.masked_v1"))
        .post("/api/v1/products")
        .then()
        .statusCode(201);
    given()
        .header("Authorization", "Bearer " + SeededPrincipals.issueToken("claims-team"))
        .contentType(ContentType.JSON)
        .body(CONTRACT)
        .put("/api/v1/products/claims.masked/contracts/1.0.0")
        .then()
        .statusCode(201);
  }

  @Test
  void readersReadProductsAndOthersAreDenied() {
    String select = select("claims", "masked_v1");
    assertThat(allow("analyst", select)).isTrue();
    assertThat(allow("pii-analyst", select)).isTrue();
    assertThat(allow("risk-team", select)).as("a domain team reads what it consumes").isTrue();
    assertThat(allow("case-worker", select)).isFalse();
    assertThat(allow("nobody-we-know", select)).isFalse();
    assertThat(allow("trino", select)).as("the engine never queries as itself").isFalse();
  }

  @Test
  void whatTrinoWasRefusedIsAuditedAndWhatItWasAllowedIsNot() {
    String select = select("claims", "masked_v1");
    long refusedBefore = selectsAudited("case-worker");
    long allowedBefore = selectsAudited("analyst");

    assertThat(allow("case-worker", select)).isFalse();
    assertThat(allow("analyst", select)).isTrue();

    assertThat(selectsAudited("case-worker")).isEqualTo(refusedBefore + 1);
    assertThat(audited("case-worker").get(0))
        .containsEntry("action", "trino.SelectFromColumns")
        .containsEntry("target", "mesh.claims.masked_v1")
        .containsEntry("outcome", "DENIED")
        .containsEntry("detail", "Trino's access control");
    assertThat(selectsAudited("analyst")).isEqualTo(allowedBefore);
  }

  @Test
  void aDenialNamesWhatTheOperationNamedAsTrinoSpellsIt() throws Exception {
    ObjectMapper json = new ObjectMapper();
    assertThat(PolicyDenials.target(json.readTree(select("claims", "claims_v1"))))
        .isEqualTo("mesh.claims.claims_v1");
    assertThat(
            PolicyDenials.target(
                json.readTree(
                    "{\"operation\":\"RenameSchema\",\"resource\":{\"schema\":{\"catalogName\":"
                        + "\"mesh\",\"schemaName\":\"claims\"}},\"targetResource\":{\"schema\":"
                        + "{\"catalogName\":\"mesh\",\"schemaName\":\"risk\"}}}")))
        .isEqualTo("mesh.claims -> mesh.risk");
    assertThat(
            PolicyDenials.target(
                json.readTree(
                    "{\"operation\":\"AccessCatalog\",\"resource\":{\"catalog\":{\"name\":"
                        + "\"system\"}}}")))
        .isEqualTo("system");
    assertThat(
            PolicyDenials.target(
                json.readTree(
                    "{\"operation\":\"ImpersonateUser\",\"resource\":{\"user\":{\"user\":"
                        + "\"admin\"}}}")))
        .isEqualTo("user admin");
  }

  private static long selectsAudited(String principal) {
    return audited(principal).stream()
        .filter(entry -> "mesh.claims.masked_v1".equals(entry.get("target")))
        .count();
  }

  /** The principal's audit entries, newest first. */
  private static List<Map<String, Object>> audited(String principal) {
    return given()
        .header("Authorization", "Bearer " + SeededPrincipals.issueToken("admin"))
        .queryParam("principal", principal)
        .queryParam("limit", 1000)
        .get("/api/v1/admin/audit")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getList("$");
  }

  @Test
  void analystsGetEveryPiiColumnMaskedByItsStrategyAndPiiAnalystsNone() {
    String columns =
        "{\"operation\":\"GetColumnMask\",\"filterResources\":["
            + column("claim_id", "varchar")
            + ","
            + column("nino", "varchar")
            + ","
            + column("name", "varchar")
            + ","
            + column("bank_account_number", "varchar")
            + ","
            + column("date_of_birth", "date")
            + "]}";

    JsonPath analyst = post("column-masks", "analyst", columns);
    assertThat(analyst.getList("result.index", Integer.class)).containsExactly(1, 2, 3, 4);
    assertThat(analyst.getString("result[0].viewExpression.expression"))
        .contains("lpad('', length(\"nino\") - 3, '*')", "substr(\"nino\", 1, 2)");
    assertThat(analyst.getString("result[1].viewExpression.expression")).contains("'REDACTED'");
    assertThat(analyst.getString("result[2].viewExpression.expression"))
        .contains("length(\"bank_account_number\") - 3");
    assertThat(analyst.getString("result[3].viewExpression.expression"))
        .isEqualTo("CAST(date_trunc('year', \"date_of_birth\") AS date)");
    assertThat(post("column-masks", "risk-team", columns).getList("result")).hasSize(4);
    assertThat(post("column-masks", "pii-analyst", columns).getList("result")).isEmpty();
    assertThat(post("column-masks", "admin", columns).getList("result")).isEmpty();
    assertThat(post("column-masks", "claims-team", columns).getList("result"))
        .as("a domain reads its own products in the clear (and may write them)")
        .isEmpty();
  }

  @Test
  void aContractFieldWithCapitalsIsMaskedUnderTheLowerCaseNameTrinoGivesIt() {
    String columns =
        "{\"operation\":\"GetColumnMask\",\"filterResources\":["
            + column("previousname", "varchar")
            + "]}";

    JsonPath analyst = post("column-masks", "analyst", columns);
    assertThat(analyst.getList("result.index", Integer.class)).containsExactly(0);
    assertThat(analyst.getString("result[0].viewExpression.expression")).contains("'REDACTED'");
  }

  @Test
  void aColumnTheContractDoesNotNameIsRedactedForMaskedReaders() {
    // A table keeps a later version's columns when its product is moved back to an older
    // contract; nothing then says whether such a column holds PII.
    String columns =
        "{\"operation\":\"GetColumnMask\",\"filterResources\":["
            + column("claim_id", "varchar")
            + ","
            + column("email", "varchar")
            + ","
            + column("$path", "varchar")
            + "]}";

    JsonPath analyst = post("column-masks", "analyst", columns);
    assertThat(analyst.getList("result.index", Integer.class)).containsExactly(1);
    assertThat(analyst.getString("result[0].viewExpression.expression")).contains("'REDACTED'");
    assertThat(post("column-masks", "pii-analyst", columns).getList("result")).isEmpty();
  }

  @Test
  void onlyTheOwningDomainWrites() {
    String insert =
        "{\"operation\":\"InsertIntoTable\",\"resource\":{\"table\":{\"catalogName\":\"mesh\","
            + "\"schemaName\":\"claims\",\"tableName\":\"masked_v1\"}}}";
    assertThat(allow("claims-team", insert)).isTrue();
    assertThat(allow("admin", insert)).isTrue();
    assertThat(allow("risk-team", insert)).isFalse();
    assertThat(allow("analyst", insert)).isFalse();
    assertThat(allow("pii-analyst", insert)).isFalse();
  }

  @Test
  void tablesOtherThanProductsAreTheirDomainsAlone() {
    String scratch = select("claims", "scratch_copy");
    assertThat(allow("claims-team", scratch)).isTrue();
    assertThat(allow("admin", scratch)).isTrue();
    assertThat(allow("analyst", scratch)).as("no contract, nothing to mask by").isFalse();
    assertThat(allow("pii-analyst", scratch)).isFalse();
  }

  @Test
  void theCatalogRefusesViewsThatRunAsTheirOwner() {
    given()
        .header("Authorization", "Bearer " + SeededPrincipals.issueToken("claims-team"))
        .contentType(ContentType.JSON)
        .body("{\"namespace\":[\"claims\"]}")
        .post("/iceberg/v1/mesh/namespaces");
    String view =
        "{\"name\":\"owned_view\",\"schema\":{\"type\":\"struct\",\"schema-id\":0,\"fields\":"
            + "[{\"id\":1,\"name\":\"x\",\"required\":false,\"type\":\"string\"}]},"
            + "\"view-version\":{\"version-id\":1,\"timestamp-ms\":1700000000000,\"schema-id\":0,"
            + "\"summary\":{\"engine-name\":\"trino\"},\"representations\":[{\"type\":\"sql\","
            + "\"sql\":\"SELECT 'a' AS x\",\"dialect\":\"trino\"}],\"default-namespace\":[\"claims\"]},"
            + "\"properties\":{%s}}";
    given()
        .header("Authorization", "Bearer " + SeededPrincipals.issueToken("claims-team"))
        .contentType(ContentType.JSON)
        .body(view.formatted("\"trino.run-as-owner\":\"claims-team\""))
        .post("/iceberg/v1/mesh/namespaces/claims/views")
        .then()
        .statusCode(400)
        .body("error.message", containsString("SECURITY INVOKER"));
    given()
        .header("Authorization", "Bearer " + SeededPrincipals.issueToken("claims-team"))
        .contentType(ContentType.JSON)
        .body(view.formatted(""))
        .post("/iceberg/v1/mesh/namespaces/claims/views")
        .then()
        .statusCode(200);
  }

  @Test
  void metadataTablesWithColumnBoundsAreClosedToMaskedReaders() {
    assertThat(allow("analyst", select("claims", "masked_v1$files"))).isFalse();
    assertThat(allow("analyst", select("claims", "masked_v1$partitions"))).isFalse();
    assertThat(allow("analyst", select("claims", "masked_v1$snapshots"))).isTrue();
    assertThat(allow("pii-analyst", select("claims", "masked_v1$files"))).isTrue();
  }

  @Test
  void theIcebergConnectorsTableFunctionsAreForUsersWhoReadAllPii() {
    String tableChanges = function("ExecuteFunction", "mesh", "system", "table_changes");
    assertThat(allow("analyst", tableChanges)).isFalse();
    assertThat(allow("risk-team", tableChanges)).isFalse();
    assertThat(allow("claims-team", tableChanges))
        .as("the function may read another domain's product")
        .isFalse();
    assertThat(allow("pii-analyst", tableChanges)).isTrue();
    assertThat(allow("admin", tableChanges)).isTrue();
    assertThat(
            allow(
                "analyst",
                function("CreateViewWithExecuteFunction", "mesh", "system", "table_changes")))
        .isFalse();
    assertThat(
            allow("analyst", function("ExecuteFunction", "system", "builtin", "exclude_columns")))
        .as("functions over relations the policy masks")
        .isTrue();
    String listed =
        "{\"operation\":\"FilterFunctions\",\"filterResources\":["
            + "{\"function\":{\"catalogName\":\"mesh\",\"schemaName\":\"system\","
            + "\"functionName\":\"table_changes\"}}]}";
    assertThat(post("batch", "analyst", listed).getList("result", Integer.class)).isEmpty();
    assertThat(post("batch", "pii-analyst", listed).getList("result", Integer.class))
        .containsExactly(0);
  }

  @Test
  void usersSeeOnlyTheirOwnQueriesUnlessAdmin() {
    String owners =
        "{\"operation\":\"FilterViewQueryOwnedBy\",\"filterResources\":["
            + "{\"user\":{\"user\":\"analyst\",\"groups\":[]}},"
            + "{\"user\":{\"user\":\"pii-analyst\",\"groups\":[]}}]}";
    assertThat(post("batch", "analyst", owners).getList("result", Integer.class))
        .containsExactly(0);
    assertThat(post("batch", "admin", owners).getList("result", Integer.class))
        .containsExactly(0, 1);
  }

  @Test
  void unprivilegedUsersSeeNoProductsInMetadata() {
    String tables =
        "{\"operation\":\"FilterTables\",\"filterResources\":["
            + "{\"table\":{\"catalogName\":\"mesh\",\"schemaName\":\"claims\",\"tableName\":\"masked_v1\"}},"
            + "{\"table\":{\"catalogName\":\"system\",\"schemaName\":\"runtime\",\"tableName\":\"queries\"}}]}";
    assertThat(post("batch", "analyst", tables).getList("result", Integer.class))
        .containsExactly(0, 1);
    assertThat(post("batch", "case-worker", tables).getList("result", Integer.class))
        .containsExactly(1);
  }

  @Test
  void aGrantRevokedOrAPrincipalDisabledHereTakesEffectOnTheNextQuestion() {
    String user = "short-term-analyst";
    given()
        .header("Authorization", "Bearer " + SeededPrincipals.issueToken("admin"))
        .contentType(ContentType.JSON)
        .body(Map.of("name", user, "roles", List.of("analyst")))
        .post("/api/v1/admin/principals")
        .then()
        .statusCode(200);
    String select = select("claims", "masked_v1");
    assertThat(allow(user, select)).isTrue();
    assertThat(allow(user, select)).as("asked again, answered from memory").isTrue();

    given()
        .header("Authorization", "Bearer " + SeededPrincipals.issueToken("admin"))
        .contentType(ContentType.JSON)
        .body(Map.of("roles", List.of("case-worker")))
        .put("/api/v1/admin/principals/" + user + "/roles")
        .then()
        .statusCode(200);
    assertThat(allow(user, select)).as("the policy forgets what it held").isFalse();

    given()
        .header("Authorization", "Bearer " + SeededPrincipals.issueToken("admin"))
        .contentType(ContentType.JSON)
        .body(Map.of("roles", List.of("analyst")))
        .put("/api/v1/admin/principals/" + user + "/roles")
        .then()
        .statusCode(200);
    assertThat(allow(user, select)).isTrue();
    given()
        .header("Authorization", "Bearer " + SeededPrincipals.issueToken("admin"))
        .contentType(ContentType.JSON)
        .body("true")
        .put("/api/v1/admin/principals/" + user + "/disabled")
        .then()
        .statusCode(200);
    assertThat(allow(user, select)).as("disabled").isFalse();
  }

  @Test
  void aViewDroppedHereIsNoLongerReadableOnTheNextQuestion() {
    given()
        .header("Authorization", "Bearer " + SeededPrincipals.issueToken("claims-team"))
        .contentType(ContentType.JSON)
        .body("{\"namespace\":[\"claims\"]}")
        .post("/iceberg/v1/mesh/namespaces");
    String view =
        "{\"name\":\"short_lived\",\"schema\":{\"type\":\"struct\",\"schema-id\":0,\"fields\":"
            + "[{\"id\":1,\"name\":\"x\",\"required\":false,\"type\":\"string\"}]},"
            + "\"view-version\":{\"version-id\":1,\"timestamp-ms\":1700000000000,\"schema-id\":0,"
            + "\"summary\":{\"engine-name\":\"trino\"},\"representations\":[{\"type\":\"sql\","
            + "\"sql\":\"SELECT 'a' AS x\",\"dialect\":\"trino\"}],\"default-namespace\":[\"claims\"]}}";
    String select = select("claims", "short_lived");
    assertThat(allow("analyst", select)).as("no such view yet").isFalse();

    given()
        .header("Authorization", "Bearer " + SeededPrincipals.issueToken("claims-team"))
        .contentType(ContentType.JSON)
        .body(view)
        .post("/iceberg/v1/mesh/namespaces/claims/views")
        .then()
        .statusCode(200);
    assertThat(allow("analyst", select)).as("views run as their reader").isTrue();

    given()
        .header("Authorization", "Bearer " + SeededPrincipals.issueToken("claims-team"))
        .delete("/iceberg/v1/mesh/namespaces/claims/views/short_lived")
        .then()
        .statusCode(204);
    assertThat(allow("analyst", select))
        .as("a table of that name would carry no contract to mask by")
        .isFalse();
  }

  @Test
  void aWrongOrMissingEngineCredentialIsRefused() {
    given()
        .contentType(ContentType.JSON)
        .body(query("analyst", select("claims", "masked_v1")))
        .post("/api/v1/policy/trino/trino:not-the-secret/allow")
        .then()
        .statusCode(401)
        .body("error.message", containsString("invalid query-engine credential"));
    given()
        .contentType(ContentType.JSON)
        .body(query("analyst", select("claims", "masked_v1")))
        .post("/api/v1/policy/trino/analyst:" + SeededPrincipals.secret("analyst") + "/allow")
        .then()
        .statusCode(401)
        .body("error.message", containsString("is not a query engine"));
  }

  private boolean allow(String user, String action) {
    return post("allow", user, action).getBoolean("result");
  }

  private JsonPath post(String endpoint, String user, String action) {
    return given()
        .contentType(ContentType.JSON)
        .body(query(user, action))
        .post(base + "/" + endpoint)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  private static String query(String user, String action) {
    return "{\"input\":{\"context\":{\"identity\":{\"user\":\""
        + user
        + "\",\"groups\":[]},\"softwareStack\":{\"trinoVersion\":\"476\"}},\"action\":"
        + action
        + "}}";
  }

  private static String select(String schema, String table) {
    return "{\"operation\":\"SelectFromColumns\",\"resource\":{\"table\":{\"catalogName\":\"mesh\","
        + "\"schemaName\":\""
        + schema
        + "\",\"tableName\":\""
        + table
        + "\",\"columns\":[\"claim_id\"]}}}";
  }

  private static String function(String operation, String catalog, String schema, String name) {
    return "{\"operation\":\""
        + operation
        + "\",\"resource\":{\"function\":{\"catalogName\":\""
        + catalog
        + "\",\"schemaName\":\""
        + schema
        + "\",\"functionName\":\""
        + name
        + "\"}}}";
  }

  private static String column(String name, String type) {
    return "{\"column\":{\"catalogName\":\"mesh\",\"schemaName\":\"claims\",\"tableName\":\"masked_v1\","
        + "\"columnName\":\""
        + name
        + "\",\"columnType\":\""
        + type
        + "\"}}";
  }
}
