package io.insightmesh.catalog.lineage;

import static io.insightmesh.catalog.lineage.LineageApi.LINEAGE;
import static io.insightmesh.catalog.lineage.LineageApi.OL;
import static io.insightmesh.catalog.lineage.LineageApi.as;
import static io.insightmesh.catalog.lineage.LineageApi.event;
import static io.insightmesh.catalog.lineage.LineageApi.graph;
import static io.insightmesh.catalog.lineage.LineageApi.input;
import static io.insightmesh.catalog.lineage.LineageApi.json;
import static io.insightmesh.catalog.lineage.LineageApi.output;
import static io.insightmesh.catalog.lineage.LineageApi.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineage.RunEvent.EventType;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Past the retention, events go, Trino's queries go whole with their jobs, and another job's run
 * goes, whole, once newer runs of the job have reported all it did: the graph still draws every
 * edge its newest evidence shows, however old. Nothing newer than the cutoff goes.
 */
@QuarkusTest
class LineageRetentionTest {
  private static final ZonedDateTime T0 = ZonedDateTime.parse("2041-03-01T00:00:00Z");
  private static final String OUT = "dataset:table:claims.retention_out_v1";
  private static final String LANDING = "/landing/retention/";
  private static final String TRINO = "trino://retention:8080";

  @Inject LineageRetention retention;

  @Test
  void pastTheRetentionTheGraphKeepsEachJobsNewestEvidenceAndQueriesGo() throws Exception {
    UUID oldest = nightly(T0, "a.csv");
    // Only this run read b.csv: no newer run reports that edge, so the run stays, whole.
    UUID middle = nightly(T0.plusDays(1), "a.csv", "b.csv");
    UUID newest = nightly(T0.plusDays(2), "a.csv");
    UUID quarterly = run("reports", "quarterly", T0.plusDays(3), List.of(input(OUT)), List.of());
    UUID read = run(TRINO, "20410301_1", T0.plusDays(3), List.of(input(OUT)), List.of());
    UUID copy =
        run(
            TRINO,
            "20410301_2",
            T0.plusDays(3),
            List.of(input(OUT)),
            List.of(output("mesh", "claims.retention_copy_v1", "id")));
    Thread.sleep(20);
    OffsetDateTime cutoff = OffsetDateTime.now(ZoneOffset.UTC);
    Thread.sleep(20);
    // After the cutoff: kept, and newer than every run above.
    UUID fresh = nightly(T0.plusDays(4), "a.csv");
    assertThat(nodes(OUT, "downstream")).contains(job(TRINO, "20410301_1"));

    LineageRetention.Expired expired = retention.expire(cutoff);

    assertThat(eventRuns())
        .contains(fresh.toString())
        .doesNotContain(oldest.toString(), middle.toString(), newest.toString(), read.toString());
    assertThat(expired.runs()).isGreaterThanOrEqualTo(4);
    JsonPath nightlyRuns = runs("retention-pipeline", "nightly");
    assertThat(nightlyRuns.getList("runs.runId", String.class))
        .containsExactly(fresh.toString(), middle.toString());
    assertThat(nightlyRuns.getList("runs[1].inputs", String.class))
        .containsExactlyInAnyOrder(
            "dataset:file:" + LANDING + "a.csv", "dataset:file:" + LANDING + "b.csv");
    assertThat(nightlyRuns.getList("runs[1].outputs", String.class)).containsExactly(OUT);
    assertThat(runs("reports", "quarterly").getList("runs.runId", String.class))
        .containsExactly(quarterly.toString());
    assertThat(nodes(OUT, "upstream"))
        .containsExactlyInAnyOrder(
            OUT,
            "job:retention-pipeline:nightly",
            "dataset:file:" + LANDING + "a.csv",
            "dataset:file:" + LANDING + "b.csv");
    assertThat(graph(OUT, 1, "upstream", true).getList("columnEdges", Map.class))
        .extracting(
            edge -> {
              Map<?, ?> origin = (Map<?, ?>) edge.get("origin");
              return origin.get("nodeId") + "." + origin.get("column");
            })
        .containsExactlyInAnyOrder(
            "dataset:file:" + LANDING + "a.csv.id", "dataset:file:" + LANDING + "b.csv.id");
    assertThat(nodes(OUT, "downstream"))
        .contains("job:reports:quarterly")
        .doesNotContain(job(TRINO, "20410301_1"), job(TRINO, "20410301_2"));
    for (String query : List.of("20410301_1", "20410301_2")) {
      assertThat(
              as("analyst")
                  .get(LINEAGE + "/jobs/{namespace}/{name}/runs", TRINO, query)
                  .then()
                  .extract()
                  .statusCode())
          .isEqualTo(404);
    }

    // Nothing more to forget: a second pass keeps the evidence.
    assertThat(retention.expire(cutoff).runs()).isZero();
    assertThat(nodes(OUT, "upstream")).hasSize(4);
  }

  /** A run of the nightly pipeline: the landing files in, the product table out, id from each. */
  private static UUID nightly(ZonedDateTime time, String... files) {
    OpenLineage.ColumnLineageDatasetFacetFieldsBuilder fields =
        OL.newColumnLineageDatasetFacetFieldsBuilder();
    fields.put(
        "id",
        OL.newColumnLineageDatasetFacetFieldsAdditionalBuilder()
            .inputFields(
                Arrays.stream(files)
                    .map(
                        file ->
                            OL.newInputField(
                                "file",
                                LANDING + file,
                                "id",
                                List.of(
                                    OL.newInputFieldTransformations(
                                        "DIRECT", "IDENTITY", null, false))))
                    .toList())
            .build());
    OpenLineage.OutputDataset out =
        OL.newOutputDatasetBuilder()
            .namespace("mesh")
            .name("claims.retention_out_v1")
            .facets(
                OL.newDatasetFacetsBuilder()
                    .schema(LineageApi.schema("id"))
                    .columnLineage(OL.newColumnLineageDatasetFacet(fields.build(), List.of()))
                    .build())
            .build();
    return run(
        "retention-pipeline",
        "nightly",
        time,
        Arrays.stream(files).map(file -> LineageApi.input("file", LANDING + file, "id")).toList(),
        List.of(out));
  }

  private static OpenLineage.InputDataset input(String node) {
    return LineageApi.input("mesh", node.substring("dataset:table:".length()), "id");
  }

  private static UUID run(
      String namespace,
      String name,
      ZonedDateTime time,
      List<OpenLineage.InputDataset> inputs,
      List<OpenLineage.OutputDataset> outputs) {
    UUID run = UUID.randomUUID();
    send(
        "claims-team",
        json(event(run, EventType.COMPLETE, time, namespace, name, inputs, outputs)),
        201);
    return run;
  }

  private static String job(String namespace, String name) {
    return "job:" + namespace + ":" + name;
  }

  private static List<String> nodes(String node, String direction) {
    return graph(node, 1, direction, false).getList("nodes.id", String.class);
  }

  private static JsonPath runs(String namespace, String name) {
    return as("analyst")
        .get(LINEAGE + "/jobs/{namespace}/{name}/runs", namespace, name)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  /** The runs whose events the API still serves, of this test's days. */
  private static List<String> eventRuns() {
    return as("analyst")
        .queryParam("after", "2041-03-01T00:00:00Z")
        .queryParam("before", "2041-03-06T00:00:00Z")
        .queryParam("pageSize", 200)
        .get(LINEAGE + "/events")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getList("events.run.runId", String.class);
  }
}
