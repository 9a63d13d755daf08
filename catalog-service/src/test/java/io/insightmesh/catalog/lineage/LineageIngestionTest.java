package io.insightmesh.catalog.lineage;

import static io.insightmesh.catalog.lineage.LineageApi.LINEAGE;
import static io.insightmesh.catalog.lineage.LineageApi.OL;
import static io.insightmesh.catalog.lineage.LineageApi.as;
import static io.insightmesh.catalog.lineage.LineageApi.ensureProduct;
import static io.insightmesh.catalog.lineage.LineageApi.event;
import static io.insightmesh.catalog.lineage.LineageApi.input;
import static io.insightmesh.catalog.lineage.LineageApi.json;
import static io.insightmesh.catalog.lineage.LineageApi.output;
import static io.insightmesh.catalog.lineage.LineageApi.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.insightmesh.catalog.iceberg.IcebergCatalogs;
import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineage.RunEvent.EventType;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Ingesting real OpenLineage events: built with the OpenLineage Java client as a pipeline would,
 * and as Spark (location-based names) and Trino ({@code trino://} namespaces) send them. Whatever
 * the producer called the claims product's table, it is one node, {@code dataset:claims.claims}.
 */
@QuarkusTest
class LineageIngestionTest {
  private static final String CLAIMS = "dataset:claims.claims";

  @Inject IcebergCatalogs catalogs;

  @BeforeEach
  void registerClaims() {
    ensureProduct("claims", "claims");
  }

  /** The claims pipeline's COMPLETE event, with every facet a publish sends. */
  private static OpenLineage.RunEvent publishEvent(UUID runId, ZonedDateTime time) {
    OpenLineage.ColumnLineageDatasetFacet columnLineage =
        OL.newColumnLineageDatasetFacet(
            OL.newColumnLineageDatasetFacetFieldsBuilder()
                .put("claim_id", derived("claim_id", "DIRECT", "IDENTITY", false))
                .put("nino", derived("national_insurance_number", "DIRECT", "IDENTITY", false))
                .put("amount_claimed", derived("amount", "DIRECT", "TRANSFORMATION", false))
                .build(),
            List.of());
    OpenLineage.DataQualityMetricsDatasetFacet quality =
        OL.newDataQualityMetricsDatasetFacetBuilder()
            .rowCount(1200L)
            .bytes(98_304L)
            .columnMetrics(
                OL.newDataQualityMetricsDatasetFacetColumnMetricsBuilder()
                    .put(
                        "nino",
                        OL.newDataQualityMetricsDatasetFacetColumnMetricsAdditionalBuilder()
                            .nullCount(0L)
                            .distinctCount(1180L)
                            .build())
                    .build())
            .build();
    OpenLineage.OutputDataset claims =
        OL.newOutputDatasetBuilder()
            .namespace("http://localhost:8181/iceberg")
            .name("claims.claims_v1")
            .facets(
                OL.newDatasetFacetsBuilder()
                    .schema(LineageApi.schema("claim_id", "nino", "amount_claimed"))
                    .columnLineage(columnLineage)
                    .dataQualityMetrics(quality)
                    .build())
            .outputFacets(
                OL.newOutputDatasetOutputFacetsBuilder()
                    .outputStatistics(OL.newOutputStatisticsOutputDatasetFacet(1200L, 98_304L, 3L))
                    .build())
            .build();
    return event(
        runId,
        EventType.COMPLETE,
        time,
        "claims-pipeline",
        "claims.publish",
        List.of(input("file", "/landing/claims/batch-0001.csv", "claim_id", "amount")),
        List.of(claims));
  }

  private static OpenLineage.ColumnLineageDatasetFacetFieldsAdditional derived(
      String column, String type, String subtype, boolean masking) {
    return OL.newColumnLineageDatasetFacetFieldsAdditionalBuilder()
        .inputFields(
            List.of(
                OL.newInputField(
                    "file",
                    "/landing/claims/batch-0001.csv",
                    column,
                    List.of(OL.newInputFieldTransformations(type, subtype, null, masking)))))
        .build();
  }

  @Test
  void anEventFromTheJavaClientIsStoredWithItsDatasetsNamedByProduct() {
    UUID runId = UUID.randomUUID();
    ZonedDateTime time = ZonedDateTime.parse("2031-01-10T09:00:00Z");

    JsonPath answer = send("claims-team", json(publishEvent(runId, time)), 201);

    assertThat(answer.getString("events[0].runId")).isEqualTo(runId.toString());
    assertThat(answer.getString("events[0].eventType")).isEqualTo("COMPLETE");
    assertThat(answer.getString("events[0].eventTime")).isEqualTo("2031-01-10T09:00:00Z");
    assertThat(answer.getString("events[0].outcome")).isEqualTo("STORED");
    assertThat(answer.getList("events[0].datasets", Map.class))
        .containsExactly(
            Map.of(
                "namespace", "file",
                "name", "/landing/claims/batch-0001.csv",
                "nodeId", "dataset:file:/landing/claims/batch-0001.csv"),
            Map.of(
                "namespace", "http://localhost:8181/iceberg",
                "name", "claims.claims_v1",
                "nodeId", CLAIMS));

    JsonPath stored = events("2031-01-10T00:00:00Z", "2031-01-11T00:00:00Z");
    assertThat(stored.getList("events")).hasSize(1);
    assertThat(stored.getString("events[0].run.runId")).isEqualTo(runId.toString());
    assertThat(stored.getString("events[0].outputs[0].namespace")).isEqualTo("insight-mesh");
    assertThat(stored.getString("events[0].outputs[0].name")).isEqualTo("claims.claims");
    assertThat(stored.getList("events[0].outputs[0].facets.symlinks.identifiers", Map.class))
        .containsExactly(
            Map.of(
                "namespace", "http://localhost:8181/iceberg",
                "name", "claims.claims_v1",
                "type", "PRODUCER_NAME"));
    assertThat(stored.getInt("events[0].outputs[0].outputFacets.outputStatistics.rowCount"))
        .isEqualTo(1200);
    assertThat(
            stored.getInt(
                "events[0].outputs[0].facets.dataQualityMetrics.columnMetrics.nino.distinctCount"))
        .isEqualTo(1180);
    assertThat(
            stored.getString(
                "events[0].outputs[0].facets.columnLineage.fields.nino.inputFields[0].name"))
        .isEqualTo("/landing/claims/batch-0001.csv");

    JsonPath graph = LineageApi.graph(CLAIMS, 1, "upstream", true);
    assertThat(graph.getList("nodes.id")).contains(CLAIMS, "job:claims-pipeline:claims.publish");
    assertThat(graph.getString("nodes.find { it.id == 'dataset:claims.claims' }.kind"))
        .isEqualTo("PRODUCT");
    assertThat(graph.getList("nodes.find { it.id == 'dataset:claims.claims' }.fields.name"))
        .containsExactly("claim_id", "nino", "amount_claimed");
    assertThat(graph.getList("columnEdges", Map.class))
        .contains(
            Map.of(
                "origin",
                Map.of(
                    "nodeId",
                    "dataset:file:/landing/claims/batch-0001.csv",
                    "column",
                    "national_insurance_number"),
                "destination",
                Map.of("nodeId", CLAIMS, "column", "nino"),
                "transformations",
                List.of(Map.of("type", "DIRECT", "subtype", "IDENTITY", "masking", false))));
  }

  @Test
  void sparkAndTrinoNamesLandOnTheSameProductNode() {
    String warehouse = catalogs.warehouseLocation();
    String tableLocation = warehouse.substring("file:".length()) + "/claims/claims_v1";

    // openlineage-spark: the table's location, with the catalog table as a symlink.
    String spark =
        """
        {"eventTime": "2031-02-01T10:00:00.123456Z", "eventType": "COMPLETE",
         "producer": "https://github.com/OpenLineage/OpenLineage/tree/1.37.0/integration/spark",
         "schemaURL": "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
         "run": {"runId": "%s"},
         "job": {"namespace": "spark", "name": "claims_refresh.append_data"},
         "inputs": [],
         "outputs": [{"namespace": "file", "name": "%s",
           "facets": {"symlinks": {
             "_producer": "https://github.com/OpenLineage/OpenLineage/tree/1.37.0/integration/spark",
             "_schemaURL": "https://openlineage.io/spec/facets/1-0-1/SymlinksDatasetFacet.json#/$defs/SymlinksDatasetFacet",
             "identifiers": [{"namespace": "mesh", "name": "claims.claims_v1", "type": "TABLE"}]}}}]}
        """
            .formatted(UUID.randomUUID(), tableLocation);
    // openlineage-spark without a symlink: only the location, spelled with extra slashes.
    String sparkLocationOnly =
        """
        {"eventTime": "2031-02-01T11:00:00Z", "eventType": "COMPLETE",
         "producer": "https://github.com/OpenLineage/OpenLineage/tree/1.37.0/integration/spark",
         "schemaURL": "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
         "run": {"runId": "%s"},
         "job": {"namespace": "spark", "name": "claims_compaction.rewrite"},
         "outputs": [{"namespace": "file", "name": "%s"}]}
        """
            .formatted(UUID.randomUUID(), tableLocation.replace("/claims/", "//claims/") + "/");
    // Trino's event listener: trino://host:port and catalog.schema.table.
    String trino =
        """
        {"eventTime": "2031-02-01T12:00:00Z", "eventType": "COMPLETE",
         "producer": "https://github.com/trinodb/trino/plugin/trino-openlineage",
         "schemaURL": "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
         "run": {"runId": "%s"},
         "job": {"namespace": "trino://localhost:8080", "name": "20310201_120000_00001_abcde"},
         "inputs": [{"namespace": "trino://localhost:8080", "name": "mesh.claims.claims_v1"}],
         "outputs": [{"namespace": "trino://localhost:8080", "name": "mesh.claims.claims_by_scheme",
           "facets": {"columnLineage": {
             "_producer": "https://github.com/trinodb/trino/plugin/trino-openlineage",
             "_schemaURL": "https://openlineage.io/spec/facets/1-2-0/ColumnLineageDatasetFacet.json#/$defs/ColumnLineageDatasetFacet",
             "fields": {"scheme": {"inputFields": [
               {"namespace": "trino://localhost:8080", "name": "mesh.claims.claims_v1", "field": "scheme"}]}}}}}]}
        """
            .formatted(UUID.randomUUID());

    assertThat(send("claims-team", spark, 201).getString("events[0].datasets[0].nodeId"))
        .isEqualTo(CLAIMS);
    assertThat(
            send("claims-team", sparkLocationOnly, 201).getString("events[0].datasets[0].nodeId"))
        .isEqualTo(CLAIMS);
    JsonPath trinoAnswer = send("trino", trino, 201);
    assertThat(trinoAnswer.getList("events[0].datasets.nodeId"))
        .containsExactly(CLAIMS, "dataset:table:claims.claims_by_scheme");

    JsonPath graph = LineageApi.graph(CLAIMS, 1, "both", true);
    assertThat(graph.getList("nodes.id").stream().filter(CLAIMS::equals)).hasSize(1);
    assertThat(graph.getList("nodes.id"))
        .contains(
            "job:spark:claims_refresh.append_data",
            "job:spark:claims_compaction.rewrite",
            "job:trino://localhost:8080:20310201_120000_00001_abcde",
            "dataset:table:claims.claims_by_scheme")
        .doesNotContain(
            "dataset:file:" + tableLocation,
            "dataset:trino://localhost:8080:mesh.claims.claims_v1");
    assertThat(graph.getList("edges", Map.class))
        .contains(
            Map.of("origin", "job:spark:claims_refresh.append_data", "destination", CLAIMS),
            Map.of(
                "origin",
                CLAIMS,
                "destination",
                "job:trino://localhost:8080:20310201_120000_00001_abcde"));
    assertThat(graph.getList("columnEdges", Map.class))
        .contains(
            Map.of(
                "origin", Map.of("nodeId", CLAIMS, "column", "scheme"),
                "destination",
                    Map.of("nodeId", "dataset:table:claims.claims_by_scheme", "column", "scheme"),
                "transformations", List.of(Map.of("masking", false))));
    assertThat(
            graph.getString(
                "nodes.find { it.id == 'dataset:table:claims.claims_by_scheme' }.table"))
        .isEqualTo("claims.claims_by_scheme");
  }

  @Test
  void anEventSentTwiceIsStoredOnce() {
    UUID runId = UUID.randomUUID();
    String event = json(publishEvent(runId, ZonedDateTime.parse("2031-03-05T08:00:00Z")));

    send("claims-team", event, 201);
    JsonPath again = send("claims-team", event, 200);

    assertThat(again.getString("events[0].outcome")).isEqualTo("DUPLICATE");
    assertThat(events("2031-03-05T00:00:00Z", "2031-03-06T00:00:00Z").getList("events")).hasSize(1);
    // The same run, type and time in another spelling of the time is the same event.
    String otherOffset =
        json(publishEvent(runId, ZonedDateTime.parse("2031-03-05T09:00:00+01:00")));
    assertThat(send("claims-team", otherOffset, 200).getString("events[0].outcome"))
        .isEqualTo("DUPLICATE");
    assertThat(
            as("analyst")
                .get(LINEAGE + "/jobs/claims-pipeline/claims.publish/runs")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("runs.findAll { it.runId == '" + runId + "' }"))
        .hasSize(1);
  }

  @Test
  void aBatchIsStoredWhole() {
    String first =
        json(
            event(
                UUID.randomUUID(),
                EventType.START,
                ZonedDateTime.parse("2031-04-01T08:00:00Z"),
                "claims-pipeline",
                "claims.batch",
                List.of(),
                List.of(output("mesh", "claims.claims_v1", "claim_id"))));
    String second =
        json(
            event(
                UUID.randomUUID(),
                EventType.COMPLETE,
                ZonedDateTime.parse("2031-04-01T08:05:00Z"),
                "claims-pipeline",
                "claims.batch",
                List.of(),
                List.of(output("mesh", "claims.claims_v1", "claim_id"))));

    JsonPath answer = send("claims-team", "[" + first + "," + second + "]", 201);

    assertThat(answer.getList("events.outcome")).containsExactly("STORED", "STORED");
    assertThat(answer.getList("events.eventType")).containsExactly("START", "COMPLETE");
    assertThat(events("2031-04-01T00:00:00Z", "2031-04-02T00:00:00Z").getList("events")).hasSize(2);
  }

  @Test
  void queryTextsAndErrorMessagesAreStoredWithoutTheirValues() {
    String event =
        json(
            OL.newRunEventBuilder()
                .eventType(EventType.FAIL)
                .eventTime(ZonedDateTime.parse("2031-05-01T08:00:00Z"))
                .run(
                    OL.newRun(
                        UUID.randomUUID(),
                        OL.newRunFacetsBuilder()
                            .errorMessage(
                                OL.newErrorMessageRunFacet(
                                    "Cannot cast 'AB123456C' to INTEGER for account 12345678",
                                    "SQL",
                                    null))
                            .build()))
                .job(
                    OL.newJob(
                        "trino://localhost:8080",
                        "20310501_080000_00002_abcde",
                        OL.newJobFacetsBuilder()
                            .sql(
                                OL.newSQLJobFacet(
                                    "SELECT claim_id FROM mesh.claims.claims_v1"
                                        + " WHERE nino = 'AB123456C' AND amount_claimed > 2500.50",
                                    "trino"))
                            .build()))
                .inputs(List.of(input("trino://localhost:8080", "mesh.claims.claims_v1", "nino")))
                .build());

    send("trino", event, 201);

    JsonPath stored = events("2031-05-01T00:00:00Z", "2031-05-02T00:00:00Z");
    assertThat(stored.getString("events[0].job.facets.sql.query"))
        .isEqualTo(
            "SELECT claim_id FROM mesh.claims.claims_v1 WHERE nino = '?' AND amount_claimed > ?");
    assertThat(stored.getString("events[0].run.facets.errorMessage.message"))
        .isEqualTo("Cannot cast '?' to INTEGER for account ?");
    assertThat(stored.prettify()).doesNotContain("AB123456C", "12345678", "2500.50");
  }

  @Test
  void aBodyOverTwoMebibytesIsRefused() {
    String big = "x".repeat(LineageService.MAX_BODY_BYTES);
    String event =
        """
        {"eventTime": "2031-06-01T08:00:00Z", "eventType": "COMPLETE",
         "producer": "https://example.org/p", "schemaURL": "https://example.org/s",
         "run": {"runId": "%s"}, "job": {"namespace": "n", "name": "too-big",
         "facets": {"big": {"_producer": "https://example.org/p", "_schemaURL": "https://example.org/s", "text": "%s"}}}}
        """
            .formatted(UUID.randomUUID(), big);

    as("claims-team")
        .body(event)
        .post(LINEAGE)
        .then()
        .statusCode(413)
        .body("error.type", equalTo("LineageEventTooLargeException"))
        .body(
            "error.message",
            equalTo(
                "Invalid request body: larger than 2097152 bytes (2 MiB); send fewer events per"
                    + " request"));
    as("analyst").get(LINEAGE + "/jobs/n/too-big/runs").then().statusCode(404);
  }

  static JsonPath events(String after, String before) {
    return as("analyst")
        .queryParam("after", after)
        .queryParam("before", before)
        .get(LINEAGE + "/events")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }
}
