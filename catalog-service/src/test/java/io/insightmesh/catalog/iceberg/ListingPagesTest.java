package io.insightmesh.catalog.iceberg;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import io.insightmesh.catalog.SeededPrincipals;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.iceberg.Schema;
import org.apache.iceberg.rest.requests.CreateTableRequest;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

/**
 * Paging through namespaces and tables while others create them: every entry that existed
 * throughout is listed once, in name order, and a token is refused by another listing.
 */
@QuarkusTest
class ListingPagesTest {
  private static final String ICEBERG = "/iceberg/v1/mesh";
  private static final Schema SCHEMA =
      new Schema(Types.NestedField.required(1, "claim_id", Types.StringType.get()));
  private static final Map<String, String> TOKENS = new ConcurrentHashMap<>();

  @Test
  void tablesCreatedBetweenPagesNeitherRepeatNorHideTheOthers() {
    String namespace = "claims\u001fpages_" + UUID.randomUUID().toString().substring(0, 8);
    createNamespace(namespace);
    for (String name : List.of("t2", "t4", "t6", "t8")) {
      createTable(namespace, name);
    }
    String path = ICEBERG + "/namespaces/" + namespace.replace("\u001f", "%1F") + "/tables";
    JsonPath first = get(path + "?pageSize=2");
    assertThat(first.getList("identifiers.name", String.class)).containsExactly("t2", "t4");

    // Before the page boundary: an offset would now point at t4 again.
    createTable(namespace, "t1");
    JsonPath second = get(path + "?pageSize=2&pageToken=" + first.getString("next-page-token"));
    assertThat(second.getList("identifiers.name", String.class)).containsExactly("t6", "t8");
    assertThat(second.getString("next-page-token")).isNull();
  }

  @Test
  void namespacesArePagedInNameOrderWhateverHoldsTables() {
    String parent = "claims\u001fnested_" + UUID.randomUUID().toString().substring(0, 8);
    createNamespace(parent);
    for (String child : List.of("a", "b", "c", "d")) {
      createNamespace(parent + "\u001f" + child);
    }
    // The store lists namespaces holding tables before the others.
    createTable(parent + "\u001fc", "t");
    String path = ICEBERG + "/namespaces?parent=" + parent.replace("\u001f", "%1F") + "&pageSize=3";
    List<String> listed = new ArrayList<>();
    String token = null;
    do {
      JsonPath page = get(token == null ? path : path + "&pageToken=" + token);
      page.getList("namespaces", List.class).forEach(levels -> listed.add(levels.get(2) + ""));
      token = page.getString("next-page-token");
    } while (token != null);
    assertThat(listed).containsExactly("a", "b", "c", "d");
  }

  @Test
  void aTokenFromAnotherListingIsRefused() {
    String namespace = "claims\u001fpages_" + UUID.randomUUID().toString().substring(0, 8);
    createNamespace(namespace);
    createTable(namespace, "x1");
    createTable(namespace, "x2");
    String tables = ICEBERG + "/namespaces/" + namespace.replace("\u001f", "%1F") + "/tables";
    String token = get(tables + "?pageSize=1").getString("next-page-token");
    as("claims-team")
        .get(ICEBERG + "/namespaces/claims/tables?pageSize=1&pageToken=" + token)
        .then()
        .statusCode(400)
        .body("error.message", containsString("Invalid pageToken"));
  }

  private static JsonPath get(String path) {
    return as("claims-team").get(path).then().statusCode(200).extract().jsonPath();
  }

  private static void createNamespace(String levels) {
    int status =
        as("claims-team")
            .body("{\"namespace\":[\"" + String.join("\",\"", levels.split("\u001f")) + "\"]}")
            .post(ICEBERG + "/namespaces")
            .then()
            .extract()
            .statusCode();
    assertThat(status).isIn(200, 409);
  }

  private static void createTable(String namespace, String name) {
    as("claims-team")
        .body(
            IcebergJson.write(
                CreateTableRequest.builder().withName(name).withSchema(SCHEMA).build()))
        .post(ICEBERG + "/namespaces/" + namespace.replace("\u001f", "%1F") + "/tables")
        .then()
        .statusCode(200);
  }

  private static RequestSpecification as(String principal) {
    // Paths carry namespaces already encoded (%1F between levels).
    return given()
        .urlEncodingEnabled(false)
        .header(
            "Authorization",
            "Bearer " + TOKENS.computeIfAbsent(principal, SeededPrincipals::issueToken))
        .contentType(ContentType.JSON)
        .accept(ContentType.JSON);
  }
}
