package io.insightmesh.catalog.lineage;

import static io.insightmesh.catalog.lineage.LineageApi.OL;
import static io.insightmesh.catalog.lineage.LineageApi.as;
import static io.insightmesh.catalog.lineage.LineageApi.ensureProduct;
import static io.insightmesh.catalog.lineage.LineageApi.event;
import static io.insightmesh.catalog.lineage.LineageApi.input;
import static io.insightmesh.catalog.lineage.LineageApi.json;
import static io.insightmesh.catalog.lineage.LineageApi.output;
import static io.insightmesh.catalog.lineage.LineageApi.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineage.RunEvent.EventType;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Usage from lineage: Trino's listener reports every query, SELECT included, and pipelines report
 * their runs; the registry answers who read a product and how often. Each test reads its own
 * product, so counts start at zero whatever other tests sent.
 */
@QuarkusTest
class ProductUsageTest {
  private static final String TRINO = "trino://localhost:8080";
  private static final ZonedDateTime NOW = ZonedDateTime.now(ZoneOffset.UTC);

  private String product;

  @BeforeEach
  void registerProduct() {
    product = "probe_" + UUID.randomUUID().toString().substring(0, 8);
    ensureProduct("risk", product);
  }

  private String table() {
    return "mesh.risk." + product + "_v1";
  }

  /** A SELECT as Trino 476's OpenLineage listener reports it when the query completes. */
  private OpenLineage.RunEvent trinoSelect(String queryId, ZonedDateTime time, EventType type) {
    return OL.newRunEventBuilder()
        .eventType(type)
        .eventTime(time)
        .run(OL.newRun(UUID.nameUUIDFromBytes(queryId.getBytes()), null))
        .job(
            OL.newJob(
                TRINO,
                queryId,
                OL.newJobFacetsBuilder()
                    .jobType(OL.newJobTypeJobFacet("BATCH", "TRINO", "QUERY"))
                    .sql(
                        OL.newSQLJobFacet(
                            "SELECT * FROM " + table() + " WHERE claim_id = 'c-0001'", "trino"))
                    .build()))
        .inputs(type == EventType.START ? List.of() : List.of(input(TRINO, table(), "claim_id")))
        .outputs(List.of())
        .build();
  }

  private static String queryId(int index) {
    return "20310201_120000_%05d_abcde".formatted(index);
  }

  private JsonPath usage(String principal) {
    return as(principal)
        .get("/api/v1/products/risk." + product + "/usage")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  @Test
  void countsEndedQueriesInTotalAndPerWindow() {
    send(
        "trino",
        json(
            List.of(
                trinoSelect(queryId(1), NOW.minusMinutes(5), EventType.START),
                trinoSelect(queryId(1), NOW.minusMinutes(5), EventType.COMPLETE),
                trinoSelect(queryId(2), NOW.minusDays(2), EventType.COMPLETE),
                trinoSelect(queryId(3), NOW.minusDays(10), EventType.COMPLETE),
                trinoSelect(queryId(4), NOW.minusDays(40), EventType.COMPLETE),
                // A client that stops fetching early cancels its query: Trino reports FAIL.
                trinoSelect(queryId(5), NOW.minusMinutes(1), EventType.FAIL),
                trinoSelect(queryId(6), NOW.minusMinutes(1), EventType.START))),
        201);

    JsonPath usage = usage("risk-team");

    assertThat(usage.getString("product")).isEqualTo("risk." + product);
    assertThat(usage.getMap("queries"))
        .isEqualTo(Map.of("total", 5, "last24Hours", 2, "last30Days", 4));
    assertThat(usage.getInt("consumerCount")).isEqualTo(1);
    // No coordinator is configured here, so the catalog cannot learn the users: the reads count
    // under the Trino server that ran them.
    assertThat(usage.getString("consumers[0].kind")).isEqualTo("TRINO");
    assertThat(usage.getString("consumers[0].name")).isEqualTo(TRINO);
    assertThat(usage.getInt("consumers[0].queries.total")).isEqualTo(5);
    assertThat(usage.getString("lastUsedAt")).isNotNull();
  }

  @Test
  void aQueryReportedAgainCountsOnce() {
    String event = json(trinoSelect(queryId(7), NOW, EventType.COMPLETE));

    send("trino", event, 201);
    send("trino", event, 200);

    assertThat(usage("admin").getInt("queries.total")).isEqualTo(1);
  }

  @Test
  void aPipelineRunReadingTheProductIsAConsumerButNotOneWritingIt() {
    String reader = "risk_features.publish";
    String writer = "risk_" + product + ".publish";
    send(
        "risk-team",
        json(
            List.of(
                event(
                    UUID.randomUUID(),
                    EventType.COMPLETE,
                    NOW,
                    "insight-mesh",
                    reader,
                    List.of(input("iceberg", "risk." + product + "_v1", "claim_id")),
                    List.of(output("iceberg", "risk.features_v1", "claim_id"))),
                event(
                    UUID.randomUUID(),
                    EventType.COMPLETE,
                    NOW,
                    "insight-mesh",
                    writer,
                    List.of(input("iceberg", "risk." + product + "_v1", "claim_id")),
                    List.of(output("iceberg", "risk." + product + "_v1", "claim_id"))))),
        201);

    JsonPath usage = usage("admin");

    assertThat(usage.getInt("queries.total")).isEqualTo(1);
    assertThat(usage.getList("consumers.name")).containsExactly("job:insight-mesh:" + reader);
    assertThat(usage.getList("consumers.kind")).containsExactly("JOB");
  }

  @Test
  void aQueryEventFromAnotherProducerCountsAsThatJobNotAsATrinoUser() {
    // The query id is in every reader's lineage; only Trino's own events may make the catalog ask
    // the coordinator who ran it.
    send("risk-team", json(trinoSelect(queryId(13), NOW, EventType.COMPLETE)), 201);

    JsonPath usage = usage("admin");
    assertThat(usage.getList("consumers.kind")).containsExactly("JOB");
    assertThat(usage.getList("consumers.name")).containsExactly("job:" + TRINO + ":" + queryId(13));
  }

  @Test
  void usageKeepsNoQueryText() {
    send("trino", json(trinoSelect(queryId(9), NOW, EventType.COMPLETE)), 201);

    String body =
        as("admin")
            .get("/api/v1/products/risk." + product + "/usage")
            .then()
            .statusCode(200)
            .extract()
            .asString();

    assertThat(body).doesNotContain("c-0001").doesNotContain("SELECT");
  }

  @Test
  void readersSeeCountsAndOnlyOwnersAndAdminsSeeWho() {
    send("trino", json(trinoSelect(queryId(11), NOW, EventType.COMPLETE)), 201);

    JsonPath analyst = usage("analyst");
    assertThat(analyst.getInt("queries.total")).isEqualTo(1);
    assertThat(analyst.getInt("consumerCount")).isEqualTo(1);
    assertThat(analyst.getList("consumers")).isNull();

    assertThat(usage("claims-team").getList("consumers")).isNull();
    assertThat(usage("risk-team").getList("consumers")).hasSize(1);
    assertThat(usage("admin").getList("consumers")).hasSize(1);
    assertThat(usage("admin").getBoolean("consumersTruncated")).isFalse();
  }

  @Test
  void aCallerWithoutAReaderRoleIsDenied() {
    as("case-worker")
        .get("/api/v1/products/risk." + product + "/usage")
        .then()
        .statusCode(403)
        .body(
            "error.message",
            equalTo(
                "Principal case-worker may not read product risk."
                    + product
                    + ": reading the catalog needs a reader role"));
  }

  @Test
  void anUnknownOrMalformedProductIsNamed() {
    as("admin")
        .get("/api/v1/products/risk.no_such_product/usage")
        .then()
        .statusCode(404)
        .body("error.message", containsString("risk.no_such_product"));
    as("admin")
        .get("/api/v1/products/not-a-product/usage")
        .then()
        .statusCode(400)
        .body("error.message", containsString("Invalid product id 'not-a-product'"));
  }

  @Test
  void withoutATokenNothingIsAnswered() {
    io.restassured.RestAssured.given()
        .get("/api/v1/products/risk." + product + "/usage")
        .then()
        .statusCode(401)
        .body("error.message", equalTo("Authentication required: send a bearer token"));
  }
}
