package io.insightmesh.catalog.registry;

import static io.insightmesh.catalog.registry.RegistryApi.PRODUCTS;
import static io.insightmesh.catalog.registry.RegistryApi.as;
import static io.insightmesh.catalog.registry.RegistryApi.register;
import static io.insightmesh.catalog.registry.RegistryApi.registration;
import static io.insightmesh.catalog.registry.RegistryApi.storeContract;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.insightmesh.catalog.iceberg.IcebergCatalogs;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

/** Releases of products backed by real Iceberg tables in the service's own catalog. */
@QuarkusTest
class ProductReleasesTest {
  private static final Schema CLAIMS_SCHEMA =
      new Schema(
          Types.NestedField.required(1, "claim_id", Types.StringType.get(), "The claim's id"),
          Types.NestedField.optional(
              2,
              "address",
              Types.StructType.of(
                  Types.NestedField.optional(3, "postcode", Types.StringType.get()),
                  Types.NestedField.optional(4, "town", Types.StringType.get()))),
          Types.NestedField.optional(
              5,
              "line_items",
              Types.ListType.ofOptional(
                  6,
                  Types.StructType.of(
                      Types.NestedField.optional(7, "sku", Types.StringType.get()),
                      Types.NestedField.optional(8, "amount", Types.DecimalType.of(12, 2))))));

  @Inject IcebergCatalogs catalogs;

  @Test
  void fieldNamesOfTheIcebergTableAreSearchable() {
    Table table = createTable("claims", "release_fields_v1");
    register("claims-team", registration("claims", "release_fields"));
    storeContract("claims-team", "claims.release_fields", "1.1.0");

    as("analyst")
        .get(PRODUCTS + "/claims.release_fields")
        .then()
        .body(
            "tableFields",
            equalTo(
                List.of(
                    "claim_id",
                    "address",
                    "address.postcode",
                    "address.town",
                    "line_items",
                    "line_items.sku",
                    "line_items.amount")));
    assertThat(search("postcode")).contains("claims.release_fields");
    assertThat(search("line_items.sku")).contains("claims.release_fields");

    // A release reads the schema again, so fields added since registration are found.
    table.updateSchema().addColumn("fraud_score_zq", Types.DoubleType.get()).commit();
    assertThat(search("fraud_score_zq")).isEmpty();
    long snapshot = append(table, 10);
    as("claims-team")
        .body(release("1.1.0", snapshot, 10))
        .post(PRODUCTS + "/claims.release_fields/releases")
        .then()
        .statusCode(201);
    assertThat(search("fraud_score_zq")).containsExactly("claims.release_fields");
  }

  @Test
  void aReleaseIsRecordedOnceAndReplayedIdentically() {
    Table table = createTable("claims", "release_once_v1");
    register("claims-team", registration("claims", "release_once"));
    storeContract("claims-team", "claims.release_once", "1.0.0");
    long snapshot = append(table, 42);
    Map<String, Object> release = release("1.0.0", snapshot, 42);
    release.put(
        "qualityResults",
        Map.of("passed", true, "checks", List.of(Map.of("rule", "not-null", "field", "claim_id"))));
    String releases = PRODUCTS + "/claims.release_once/releases";

    JsonPath recorded =
        as("claims-team").body(release).post(releases).then().statusCode(201).extract().jsonPath();
    assertThat(recorded.getString("productId")).isEqualTo("claims.release_once");
    assertThat(recorded.getString("version")).isEqualTo("1.0.0");
    assertThat(recorded.getString("tag")).isEqualTo("v1.0.0");
    assertThat(recorded.getLong("snapshotId")).isEqualTo(snapshot);
    assertThat(recorded.getLong("rowCount")).isEqualTo(42);
    assertThat(recorded.getString("contractVersion")).isEqualTo("1.0.0");
    assertThat(recorded.getBoolean("qualityResults.passed")).isTrue();
    assertThat(recorded.getString("qualityResults.checks[0].rule")).isEqualTo("not-null");
    assertThat(recorded.getString("createdBy")).isEqualTo("claims-team");

    // The same release again, even with the JSON keys in another order: the recorded one.
    Map<String, Object> reordered = new LinkedHashMap<>();
    reordered.put(
        "qualityResults",
        Map.of("checks", List.of(Map.of("field", "claim_id", "rule", "not-null")), "passed", true));
    reordered.put("rowCount", 42);
    reordered.put("snapshotId", snapshot);
    reordered.put("contractVersion", "1.0.0");
    reordered.put("version", "1.0.0");
    as("claims-team")
        .body(reordered)
        .post(releases)
        .then()
        .statusCode(200)
        .body("createdAt", equalTo(recorded.getString("createdAt")));

    Map<String, Object> different = release("1.0.0", snapshot, 43);
    as("claims-team")
        .body(different)
        .post(releases)
        .then()
        .statusCode(409)
        .body("error.type", equalTo("ReleaseConflictException"))
        .body(
            "error.message",
            equalTo(
                "Cannot record release 1.0.0 of claims.release_once: that version is already"
                    + " recorded, and this request differs in rowCount 43 (recorded 42),"
                    + " qualityResults; a release never changes, publish a new version instead"));

    as("analyst")
        .get(releases)
        .then()
        .statusCode(200)
        .body("releases.version", equalTo(List.of("1.0.0")))
        .body("releases[0].rowCount", equalTo(42));
  }

  @Test
  void releasesAreListedNewestFirstInPages() {
    Table table = createTable("risk", "release_pages_v1");
    register("risk-team", registration("risk", "release_pages"));
    for (String contract : List.of("1.0.0", "1.0.1", "1.1.0")) {
      storeContract("risk-team", "risk.release_pages", contract);
    }
    List<String> versions = List.of("1.0.0", "1.0.1", "1.0.1+2", "1.1.0");
    for (String version : versions) {
      as("scoring-engine")
          .body(release(version, append(table, 5), 5))
          .post(PRODUCTS + "/risk.release_pages/releases")
          .then()
          .statusCode(201);
    }

    JsonPath first =
        as("analyst")
            .queryParam("pageSize", 3)
            .get(PRODUCTS + "/risk.release_pages/releases")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(first.getList("releases.version")).containsExactly("1.1.0", "1.0.1+2", "1.0.1");
    assertThat(first.getList("releases.contractVersion"))
        .containsExactly("1.1.0", "1.0.1", "1.0.1");
    as("analyst")
        .queryParam("pageSize", 3)
        .queryParam("pageToken", first.getString("nextPageToken"))
        .get(PRODUCTS + "/risk.release_pages/releases")
        .then()
        .statusCode(200)
        .body("releases.version", equalTo(List.of("1.0.0")))
        .body("nextPageToken", nullValue());

    // A token from one product's releases does not page another's.
    register("risk-team", registration("risk", "release_pages_other"));
    as("analyst")
        .queryParam("pageToken", first.getString("nextPageToken"))
        .get(PRODUCTS + "/risk.release_pages_other/releases")
        .then()
        .statusCode(400)
        .body("error.message", containsString("Invalid pageToken"));
  }

  @Test
  void aReleaseWhoseTagExpiredIsListedAsNoLongerTagged() {
    Table table = createTable("risk", "release_tags_v1");
    register("risk-team", registration("risk", "release_tags"));
    storeContract("risk-team", "risk.release_tags", "1.0.0");
    for (String version : List.of("1.0.0", "1.0.0+1", "1.0.0+2")) {
      long snapshot = append(table, 5);
      // As publishers do: the tag first, then the record.
      table.manageSnapshots().createTag("v" + version, snapshot).commit();
      as("scoring-engine")
          .body(release(version, snapshot, 5))
          .post(PRODUCTS + "/risk.release_tags/releases")
          .then()
          .statusCode(201)
          .body("tagPresent", equalTo(true));
    }
    // The engine's snapshot expiry removes a data-only tag past its max-ref-age.
    table.manageSnapshots().removeTag("v1.0.0+1").commit();

    JsonPath listed =
        as("analyst")
            .get(PRODUCTS + "/risk.release_tags/releases")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(listed.getList("releases.version")).containsExactly("1.0.0+2", "1.0.0+1", "1.0.0");
    assertThat(listed.getList("releases.tagPresent")).containsExactly(true, false, true);
    // Recording the expired release again answers from the record and says the tag is gone.
    as("scoring-engine")
        .body(release("1.0.0+1", listed.getLong("releases[1].snapshotId"), 5))
        .post(PRODUCTS + "/risk.release_tags/releases")
        .then()
        .statusCode(200)
        .body("tagPresent", equalTo(false));
  }

  /**
   * A MAJOR change moves a product to a new table, and the old one keeps its releases: they were
   * listed as "tag expired" (their tags looked for in the new table), and a 1.x release recorded
   * after the move was refused for a snapshot the new table does not have.
   */
  @Test
  void releasesOfAnEarlierMajorAreReadFromTheirOwnTable() {
    Table first = createTable("claims", "release_major_v1");
    register("claims-team", registration("claims", "release_major"));
    storeContract("claims-team", "claims.release_major", "1.0.0");
    String releases = PRODUCTS + "/claims.release_major/releases";
    long one = append(first, 4);
    first.manageSnapshots().createTag("v1.0.0", one).commit();
    as("claims-team").body(release("1.0.0", one, 4)).post(releases).then().statusCode(201);
    long missed = append(first, 6);
    first.manageSnapshots().createTag("v1.1.0", missed).commit();

    Table second = createTable("claims", "release_major_v2");
    storeContract("claims-team", "claims.release_major", "1.1.0");
    storeContract("claims-team", "claims.release_major", "2.0.0");
    Map<String, Object> moved = registration("claims", "release_major");
    moved.put("contractVersion", "2.0.0");
    moved.put("icebergTable", "claims.release_major_v2");
    as("claims-team").body(moved).put(PRODUCTS + "/claims.release_major").then().statusCode(200);
    long two = append(second, 9);
    second.manageSnapshots().createTag("v2.0.0", two).commit();
    as("claims-team")
        .body(release("2.0.0", two, 9))
        .post(releases)
        .then()
        .statusCode(201)
        .body("tagPresent", equalTo(true));
    // The 1.1.0 release whose recording was missed before the move is recorded after it.
    as("claims-team")
        .body(release("1.1.0", missed, 6))
        .post(releases)
        .then()
        .statusCode(201)
        .body("tagPresent", equalTo(true));

    JsonPath listed = as("analyst").get(releases).then().statusCode(200).extract().jsonPath();
    assertThat(listed.getList("releases.version")).containsExactly("1.1.0", "2.0.0", "1.0.0");
    assertThat(listed.getList("releases.tagPresent")).containsExactly(true, true, true);
  }

  /** A tag moved to another snapshot no longer reads the release: its pinned queries would. */
  @Test
  void aReleaseWhoseTagWasMovedIsListedAsNoLongerTagged() {
    Table table = createTable("claims", "release_moved_v1");
    register("claims-team", registration("claims", "release_moved"));
    storeContract("claims-team", "claims.release_moved", "1.0.0");
    long released = append(table, 3);
    table.manageSnapshots().createTag("v1.0.0", released).commit();
    String releases = PRODUCTS + "/claims.release_moved/releases";
    as("claims-team").body(release("1.0.0", released, 3)).post(releases).then().statusCode(201);

    long later = append(table, 5);
    table.manageSnapshots().replaceTag("v1.0.0", later).commit();

    as("analyst")
        .get(releases)
        .then()
        .statusCode(200)
        .body("releases[0].tagPresent", equalTo(false));
    as("claims-team")
        .body(release("1.0.0", released, 3))
        .post(releases)
        .then()
        .statusCode(200)
        .body("tagPresent", equalTo(false));
  }

  @Test
  void aReleaseMustTagASnapshotOfTheProductsTable() {
    register("claims-team", registration("claims", "release_no_table"));
    storeContract("claims-team", "claims.release_no_table", "1.0.0");
    as("claims-team")
        .body(release("1.0.0", 1234, 1))
        .post(PRODUCTS + "/claims.release_no_table/releases")
        .then()
        .statusCode(400)
        .body(
            "error.message",
            equalTo(
                "Invalid snapshotId 1234: the table claims.release_no_table_v1 of product"
                    + " claims.release_no_table does not exist"));

    Table table = createTable("claims", "release_snapshot_v1");
    register("claims-team", registration("claims", "release_snapshot"));
    storeContract("claims-team", "claims.release_snapshot", "1.0.0");
    append(table, 1);
    as("claims-team")
        .body(release("1.0.0", 1234, 1))
        .post(PRODUCTS + "/claims.release_snapshot/releases")
        .then()
        .statusCode(400)
        .body(
            "error.message",
            equalTo(
                "Invalid snapshotId 1234: table claims.release_snapshot_v1 of product"
                    + " claims.release_snapshot has no such snapshot"));
    as("analyst")
        .get(PRODUCTS + "/claims.release_snapshot/releases")
        .then()
        .body("releases", equalTo(List.of()));
  }

  @Test
  void aReleaseUnderAContractVersionThatIsNotStoredIsRefused() {
    Table table = createTable("claims", "release_unstored_v1");
    register("claims-team", registration("claims", "release_unstored"));
    storeContract("claims-team", "claims.release_unstored", "1.0.0");
    String releases = PRODUCTS + "/claims.release_unstored/releases";

    as("claims-team")
        .body(release("1.1.0", append(table, 3), 3))
        .post(releases)
        .then()
        .statusCode(400)
        .body(
            "error.message",
            equalTo(
                "Invalid contractVersion 1.1.0: product claims.release_unstored has no stored"
                    + " contract 1.1.0 and a release is published under its contract; store it"
                    + " first (PUT /api/v1/products/claims.release_unstored/contracts/1.1.0)"));
    as("analyst").get(releases).then().body("releases", equalTo(List.of()));
    // Its readers would find no contract for it: the product's contract stays the stored one.
    as("analyst")
        .get(PRODUCTS + "/claims.release_unstored/contract")
        .then()
        .statusCode(200)
        .header("Contract-Version", "1.0.0");
  }

  @Test
  void aContractVersionIsCorrectedUntilAReleaseUsesItAndNeverAfter() {
    Table table = createTable("claims", "release_fixed_v1");
    register("claims-team", registration("claims", "release_fixed"));
    storeContract("claims-team", "claims.release_fixed", "1.0.0");
    String contract = PRODUCTS + "/claims.release_fixed/contracts/1.0.0";
    String corrected =
        "{\"type\":\"record\",\"name\":\"Minimal\",\"doc\":\"A minimal contract.\",\"fields\":["
            + "{\"name\":\"claim_id\",\"type\":\"string\",\"doc\":\"The claim.\"},"
            + "{\"name\":\"channel\",\"type\":[\"null\",\"string\"],\"default\":null,"
            + "\"doc\":\"How it came.\"}]}";

    // A publish failed with 1.0.0: its producer corrects the contract under the same version.
    as("claims-team").body(corrected).put(contract).then().statusCode(200);
    as("claims-team")
        .body(release("1.0.0", append(table, 5), 5))
        .post(PRODUCTS + "/claims.release_fixed/releases")
        .then()
        .statusCode(201);

    as("claims-team")
        .body(corrected.replace(",{\"name\":\"channel\"", ",{\"name\":\"route\""))
        .put(contract)
        .then()
        .statusCode(409)
        .body(
            "error.message",
            containsString(
                "already stored with a different schema and a release was published under it"));
    as("analyst")
        .get(contract)
        .then()
        .statusCode(200)
        .body(containsString("\"channel\""), org.hamcrest.Matchers.not(containsString("route")));

    // A publish whose commit tagged its data but died before recording the release: the data was
    // published under the contract as it stands, so it no longer changes either.
    storeContract("claims-team", "claims.release_fixed", "1.1.0");
    long tagged = append(table, 2);
    table.refresh();
    table.manageSnapshots().createTag("v1.1.0+run-1", tagged).commit();
    as("claims-team")
        .body(corrected)
        .put(PRODUCTS + "/claims.release_fixed/contracts/1.1.0")
        .then()
        .statusCode(409);
  }

  @Test
  void invalidReleasesAreRefusedNamingTheField() {
    register("claims-team", registration("claims", "release_invalid"));
    String releases = PRODUCTS + "/claims.release_invalid/releases";

    expectBadRequest(releases, Map.of("snapshotId", 1, "rowCount", 1), "Invalid version: required");
    expectBadRequest(
        releases,
        Map.of("version", "v1.0.0", "snapshotId", 1, "rowCount", 1),
        "Invalid version 'v1.0.0': must be MAJOR.MINOR.PATCH or MAJOR.MINOR.PATCH+BUILD");
    expectBadRequest(
        releases, Map.of("version", "1.0.0", "rowCount", 1), "Invalid snapshotId: required");
    expectBadRequest(
        releases,
        Map.of("version", "1.0.0", "snapshotId", "latest", "rowCount", 1),
        "Invalid snapshotId: must be an integer");
    expectBadRequest(
        releases,
        Map.of("version", "1.0.0", "snapshotId", 1.5, "rowCount", 1),
        "Invalid snapshotId: must be an integer");
    // Digits in a string are text, not a snapshot id; a number is not a version.
    expectBadRequest(
        releases,
        Map.of("version", "1.0.0", "snapshotId", "5", "rowCount", 1),
        "Invalid snapshotId: must be an integer");
    expectBadRequest(
        releases,
        Map.of("version", 1, "snapshotId", 1, "rowCount", 1),
        "Invalid version: must be a string");
    expectBadRequest(
        releases,
        Map.of("version", "1.0.0", "snapshotId", 1, "rowCount", -1),
        "Invalid rowCount -1: required, the number of rows in the snapshot, 0 or more");
    expectBadRequest(
        releases,
        Map.of("version", "1.1.0+7", "snapshotId", 1, "rowCount", 1, "contractVersion", "1.0.0"),
        "Invalid contractVersion 1.0.0: release 1.1.0+7 is published under contract version"
            + " 1.1.0");
    expectBadRequest(
        releases,
        Map.of("version", "1.0.0", "snapshotId", 1, "rowCount", 1, "qualityResults", "passed"),
        "Invalid qualityResults: must be a JSON object or array, not STRING");
    as("claims-team")
        .body(
            "{\"version\":\"1.0.0\",\"snapshotId\":1,\"rowCount\":1,"
                + "\"qualityResults\":{\"rules\":[{\"observed\":1e400}]}}")
        .post(releases)
        .then()
        .statusCode(400)
        .body(
            "error.message",
            equalTo("Invalid qualityResults: a number is beyond the range of a double"));
  }

  @Test
  void aRetiredProductTakesNoNewReleases() {
    Table table = createTable("claims", "release_retired_v1");
    register("claims-team", registration("claims", "release_retired"));
    storeContract("claims-team", "claims.release_retired", "1.0.0");
    String product = PRODUCTS + "/claims.release_retired";
    as("claims-team")
        .body(release("1.0.0", append(table, 3), 3))
        .post(product + "/releases")
        .then()
        .statusCode(201);
    as("claims-team")
        .body(Map.of("reason", "Gone"))
        .post(product + "/deprecate")
        .then()
        .statusCode(200);
    as("claims-team").post(product + "/retire").then().statusCode(200);

    as("claims-team")
        .body(release("1.0.1", append(table, 4), 4))
        .post(product + "/releases")
        .then()
        .statusCode(409)
        .body(
            "error.message",
            equalTo(
                "Cannot record release 1.0.1 of claims.release_retired: it is RETIRED, and a"
                    + " retired product is final"));
    as("analyst")
        .get(product + "/releases")
        .then()
        .body("releases.version", equalTo(List.of("1.0.0")));
  }

  @Test
  void releasesOfUnknownProductsAreNotFound() {
    as("analyst")
        .get(PRODUCTS + "/claims.release_unknown/releases")
        .then()
        .statusCode(404)
        .body("error.message", equalTo("Product claims.release_unknown is not registered"));
    as("claims-team")
        .body(release("1.0.0", 1, 1))
        .post(PRODUCTS + "/claims.release_unknown/releases")
        .then()
        .statusCode(404);
  }

  private Table createTable(String namespace, String name) {
    Namespace domain = Namespace.of(namespace);
    if (!catalogs.catalog().namespaceExists(domain)) {
      try {
        catalogs.catalog().createNamespace(domain);
      } catch (AlreadyExistsException e) {
        // Another test created it first.
      }
    }
    return catalogs.catalog().createTable(TableIdentifier.of(domain, name), CLAIMS_SCHEMA);
  }

  /** Appends a data file (metadata only; nothing reads it) and returns the new snapshot's id. */
  private static long append(Table table, long rows) {
    table
        .newAppend()
        .appendFile(
            DataFiles.builder(PartitionSpec.unpartitioned())
                .withPath(table.location() + "/data/" + System.nanoTime() + ".parquet")
                .withFormat(FileFormat.PARQUET)
                .withFileSizeInBytes(1024)
                .withRecordCount(rows)
                .build())
        .commit();
    return table.currentSnapshot().snapshotId();
  }

  private static Map<String, Object> release(String version, long snapshotId, long rowCount) {
    Map<String, Object> release = new LinkedHashMap<>();
    release.put("version", version);
    release.put("snapshotId", snapshotId);
    release.put("rowCount", rowCount);
    return release;
  }

  private static List<String> search(String q) {
    return as("analyst")
        .queryParam("q", q)
        .get(PRODUCTS)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getList("products.id", String.class);
  }

  private static void expectBadRequest(String path, Map<String, Object> body, String message) {
    as("claims-team")
        .body(body)
        .post(path)
        .then()
        .statusCode(400)
        .body("error.message", startsWith(message));
  }
}
