package io.insightmesh.catalog.iceberg;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.insightmesh.catalog.SeededPrincipals;
import io.insightmesh.catalog.store.CatalogStore;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.iceberg.MetadataUpdate;
import org.apache.iceberg.Schema;
import org.apache.iceberg.UpdateRequirement;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.rest.requests.CreateTableRequest;
import org.apache.iceberg.rest.requests.ImmutableCreateViewRequest;
import org.apache.iceberg.rest.requests.UpdateTableRequest;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.view.ImmutableSQLViewRepresentation;
import org.apache.iceberg.view.ImmutableViewVersion;
import org.junit.jupiter.api.Test;

/**
 * Table and view loads as Trino makes them before every query (the view of the name first, then the
 * table), answered from what the catalog read of the store moments ago: never older than a write
 * through this catalog, and at most {@link RecentPointers#REREAD_AFTER} older than one through
 * another catalog instance on the same store (that bound on a moved clock: {@link
 * RecentPointersTest}).
 */
@QuarkusTest
class TableAndViewLoadsTest {
  private static final String NAMESPACE = "/iceberg/v1/mesh/namespaces/claims";
  private static final Schema SCHEMA =
      new Schema(Types.NestedField.required(1, "claim_id", Types.StringType.get()));
  private static final Map<String, String> TOKENS = new ConcurrentHashMap<>();

  @Inject CatalogStore store;

  @Test
  void everyCommitThroughThisCatalogIsSeenByTheNextLoad() {
    createTable("loads_committed");
    for (int i = 0; i < 5; i++) {
      String before = loadTable("loads_committed");
      assertThat(loadTable("loads_committed")).isEqualTo(before);
      String committed =
          as("claims-team")
              .body(setProperty("round", String.valueOf(i)))
              .post(NAMESPACE + "/tables/loads_committed")
              .then()
              .statusCode(200)
              .extract()
              .path("metadata-location");
      assertThat(committed).isNotEqualTo(before);
      as("analyst")
          .get(NAMESPACE + "/tables/loads_committed")
          .then()
          .statusCode(200)
          .body("metadata-location", equalTo(committed))
          .body("metadata.properties.round", equalTo(String.valueOf(i)));
    }
  }

  @Test
  void aViewCreatedThroughThisCatalogIsFoundRightAfterItsNameWasNone() {
    createTable("loads_view_base");
    for (int i = 0; i < 2; i++) {
      as("analyst")
          .get(NAMESPACE + "/views/loads_view")
          .then()
          .statusCode(404)
          .body("error.type", equalTo("NoSuchViewException"))
          .body("error.message", equalTo("View does not exist: claims.loads_view"));
    }
    as("claims-team")
        .body(createView("loads_view"))
        .post(NAMESPACE + "/views")
        .then()
        .statusCode(200);
    as("analyst").get(NAMESPACE + "/views/loads_view").then().statusCode(200);

    as("claims-team").delete(NAMESPACE + "/views/loads_view").then().statusCode(204);
    as("analyst").get(NAMESPACE + "/views/loads_view").then().statusCode(404);
  }

  @Test
  void aDroppedTableIsGoneForTheNextLoad() {
    createTable("loads_dropped");
    loadTable("loads_dropped");
    loadTable("loads_dropped");
    as("claims-team").delete(NAMESPACE + "/tables/loads_dropped").then().statusCode(204);
    as("analyst")
        .get(NAMESPACE + "/tables/loads_dropped")
        .then()
        .statusCode(404)
        .body("error.type", equalTo("NoSuchTableException"));
  }

  @Test
  void aPointerAnotherInstanceMovedIsSeenWithoutAWriteThroughThisOne() {
    createTable("loads_elsewhere");
    String first = loadTable("loads_elsewhere");
    String second =
        as("claims-team")
            .body(setProperty("moved", "here"))
            .post(NAMESPACE + "/tables/loads_elsewhere")
            .then()
            .statusCode(200)
            .extract()
            .path("metadata-location");
    assertThat(loadTable("loads_elsewhere")).isEqualTo(second);

    // Another instance on the same store commits: only the row in the store changes.
    execute(
        "UPDATE iceberg_tables SET metadata_location = ?, previous_metadata_location = ?"
            + " WHERE table_namespace = 'claims' AND table_name = 'loads_elsewhere'",
        first,
        second);
    // The bound itself, REREAD_AFTER, is held on a clock the test moves (RecentPointersTest): on
    // wall time a loaded machine broke it.
    await().atMost(Duration.ofSeconds(60)).until(() -> loadTable("loads_elsewhere").equals(first));
  }

  @Test
  void aViewAnotherInstanceCreatedIsFoundWithoutAWriteThroughThisOne() {
    createTable("loads_elsewhere_base");
    as("claims-team")
        .body(createView("loads_staged_view"))
        .post(NAMESPACE + "/views")
        .then()
        .statusCode(200);
    as("analyst").get(NAMESPACE + "/views/loads_elsewhere_view").then().statusCode(404);
    as("analyst").get(NAMESPACE + "/views/loads_elsewhere_view").then().statusCode(404);

    // Another instance creates the view: a row this instance never wrote appears in the store.
    execute(
        "UPDATE iceberg_tables SET table_name = ?"
            + " WHERE table_namespace = 'claims' AND table_name = 'loads_staged_view'",
        "loads_elsewhere_view");
    // As above: the bound is RecentPointersTest's.
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> as("analyst").get(NAMESPACE + "/views/loads_elsewhere_view").statusCode() == 200);
  }

  private void execute(String sql, String... values) {
    try (Connection connection = store.dataSource().getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < values.length; i++) {
        statement.setString(i + 1, values[i]);
      }
      assertThat(statement.executeUpdate()).isEqualTo(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String loadTable(String name) {
    return as("analyst")
        .get(NAMESPACE + "/tables/" + name)
        .then()
        .statusCode(200)
        .extract()
        .path("metadata-location");
  }

  private static void createTable(String name) {
    int status =
        as("claims-team")
            .body("{\"namespace\":[\"claims\"]}")
            .post("/iceberg/v1/mesh/namespaces")
            .then()
            .extract()
            .statusCode();
    assertThat(status).isIn(200, 409);
    as("claims-team")
        .body(
            IcebergJson.write(
                CreateTableRequest.builder().withName(name).withSchema(SCHEMA).build()))
        .post(NAMESPACE + "/tables")
        .then()
        .statusCode(200);
  }

  private static String setProperty(String key, String value) {
    return IcebergJson.write(
        new UpdateTableRequest(
            List.<UpdateRequirement>of(),
            List.of(new MetadataUpdate.SetProperties(Map.of(key, value)))));
  }

  private static String createView(String name) {
    return IcebergJson.write(
        ImmutableCreateViewRequest.builder()
            .name(name)
            .schema(SCHEMA)
            .viewVersion(
                ImmutableViewVersion.builder()
                    .versionId(1)
                    .schemaId(SCHEMA.schemaId())
                    .timestampMillis(System.currentTimeMillis())
                    .defaultNamespace(Namespace.of("claims"))
                    .addRepresentations(
                        ImmutableSQLViewRepresentation.builder()
                            .sql("SELECT claim_id FROM claims.loads_view_base")
                            .dialect("trino")
                            .build())
                    .build())
            .build());
  }

  private static RequestSpecification as(String principal) {
    return given()
        .header(
            "Authorization",
            "Bearer " + TOKENS.computeIfAbsent(principal, SeededPrincipals::issueToken))
        .contentType(ContentType.JSON)
        .accept(ContentType.JSON);
  }
}
