package io.insightmesh.catalog.lineage;

import static io.insightmesh.catalog.lineage.LineageApi.LINEAGE;
import static io.insightmesh.catalog.lineage.LineageApi.OL;
import static io.insightmesh.catalog.lineage.LineageApi.as;
import static io.insightmesh.catalog.lineage.LineageApi.event;
import static io.insightmesh.catalog.lineage.LineageApi.input;
import static io.insightmesh.catalog.lineage.LineageApi.json;
import static io.insightmesh.catalog.lineage.LineageApi.output;
import static io.insightmesh.catalog.lineage.LineageApi.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineage.RunEvent.EventType;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Runs per job with their state, times and facets; stored events newest first; paging. */
@QuarkusTest
class LineageRunsAndEventsTest {
  private static final ZonedDateTime T0 = ZonedDateTime.parse("2034-03-01T08:00:00Z");

  private static JsonPath runs(String namespace, String name, Map<String, ?> query) {
    return as("analyst")
        .queryParams(query)
        .get(LINEAGE + "/jobs/{namespace}/{name}/runs", namespace, name)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  private static String lifecycleEvent(
      UUID runId, EventType type, ZonedDateTime time, String job, OpenLineage.RunFacets facets) {
    return json(
        OL.newRunEventBuilder()
            .eventType(type)
            .eventTime(time)
            .run(OL.newRun(runId, facets))
            .job(OL.newJob("runs-pipeline", job, null))
            .inputs(List.of(input("file", "/landing/runs/input.csv", "id")))
            .outputs(List.of(output("mesh", "claims.runs_output_v1", "id")))
            .build());
  }

  @Test
  void aRunShowsItsStateTimesFacetsAndDatasets() {
    UUID runId = UUID.randomUUID();
    send(
        "claims-team",
        lifecycleEvent(
            runId,
            EventType.START,
            T0,
            "lifecycle",
            OL.newRunFacetsBuilder()
                .nominalTime(OL.newNominalTimeRunFacet(T0, T0.plusHours(1)))
                .build()),
        201);
    send(
        "claims-team",
        lifecycleEvent(
            runId,
            EventType.COMPLETE,
            T0.plusMinutes(5),
            "lifecycle",
            OL.newRunFacetsBuilder()
                .processing_engine(OL.newProcessingEngineRunFacet("4.0.1", "spark", "1.37.0"))
                .build()),
        201);

    JsonPath page = runs("runs-pipeline", "lifecycle", Map.of());

    assertThat(page.getList("runs")).hasSize(1);
    assertThat(page.getString("runs[0].runId")).isEqualTo(runId.toString());
    assertThat(page.getString("runs[0].state")).isEqualTo("COMPLETE");
    assertThat(page.getString("runs[0].startedAt")).isEqualTo("2034-03-01T08:00:00Z");
    assertThat(page.getString("runs[0].endedAt")).isEqualTo("2034-03-01T08:05:00Z");
    assertThat(page.getLong("runs[0].durationMs")).isEqualTo(300_000L);
    assertThat(page.getString("runs[0].facets.nominalTime.nominalStartTime"))
        .startsWith("2034-03-01T08:00");
    assertThat(page.getString("runs[0].facets.processing_engine.name")).isEqualTo("spark");
    assertThat(page.getList("runs[0].inputs"))
        .containsExactly("dataset:file:/landing/runs/input.csv");
    assertThat(page.getList("runs[0].outputs"))
        .containsExactly("dataset:table:claims.runs_output_v1");
    assertThat(page.getString("nextPageToken")).isNull();
  }

  @Test
  void eventsArrivingOutOfOrderLeaveTheRunInItsFinalState() {
    UUID runId = UUID.randomUUID();
    send(
        "claims-team",
        lifecycleEvent(runId, EventType.COMPLETE, T0.plusMinutes(9), "late", null),
        201);
    send("claims-team", lifecycleEvent(runId, EventType.START, T0, "late", null), 201);
    send(
        "claims-team",
        lifecycleEvent(runId, EventType.RUNNING, T0.plusMinutes(3), "late", null),
        201);
    send(
        "claims-team",
        lifecycleEvent(runId, EventType.OTHER, T0.plusMinutes(20), "late", null),
        201);

    JsonPath page = runs("runs-pipeline", "late", Map.of());

    assertThat(page.getString("runs[0].state")).isEqualTo("COMPLETE");
    assertThat(page.getString("runs[0].stateAt")).isEqualTo("2034-03-01T08:09:00Z");
    assertThat(page.getString("runs[0].startedAt")).isEqualTo("2034-03-01T08:00:00Z");
    assertThat(page.getString("runs[0].endedAt")).isEqualTo("2034-03-01T08:09:00Z");
  }

  @Test
  void aFailedRunKeepsItsErrorFacet() {
    UUID runId = UUID.randomUUID();
    send("claims-team", lifecycleEvent(runId, EventType.START, T0, "failing", null), 201);
    send(
        "claims-team",
        lifecycleEvent(
            runId,
            EventType.FAIL,
            T0.plusMinutes(1),
            "failing",
            OL.newRunFacetsBuilder()
                .errorMessage(
                    OL.newErrorMessageRunFacet(
                        "Quality rule not_null failed on nino", "JAVA", null))
                .build()),
        201);

    JsonPath page = runs("runs-pipeline", "failing", Map.of());

    assertThat(page.getString("runs[0].state")).isEqualTo("FAIL");
    assertThat(page.getString("runs[0].facets.errorMessage.message"))
        .isEqualTo("Quality rule not_null failed on nino");
  }

  @Test
  void runsPageNewestFirst() {
    List<String> sent = new ArrayList<>();
    for (int index = 0; index < 5; index++) {
      UUID runId = UUID.randomUUID();
      sent.add(0, runId.toString());
      send(
          "claims-team",
          lifecycleEvent(runId, EventType.COMPLETE, T0.plusHours(index), "paged", null),
          201);
    }

    List<String> seen = new ArrayList<>();
    List<Integer> sizes = new ArrayList<>();
    String token = null;
    do {
      JsonPath page =
          runs(
              "runs-pipeline",
              "paged",
              token == null ? Map.of("pageSize", 2) : Map.of("pageSize", 2, "pageToken", token));
      seen.addAll(page.getList("runs.runId"));
      sizes.add(page.getList("runs").size());
      token = page.getString("nextPageToken");
    } while (token != null);

    assertThat(seen).containsExactlyElementsOf(sent);
    assertThat(sizes).containsExactly(2, 2, 1);

    String firstToken =
        runs("runs-pipeline", "paged", Map.of("pageSize", 2)).getString("nextPageToken");
    as("analyst")
        .queryParam("pageToken", firstToken)
        .get(LINEAGE + "/jobs/runs-pipeline/lifecycle/runs")
        .then()
        .statusCode(400)
        .body(
            "error.message",
            equalTo(
                "Invalid pageToken: not a token of this listing; pass the previous page's"
                    + " nextPageToken unchanged"));
    as("analyst")
        .queryParam("pageSize", 201)
        .get(LINEAGE + "/jobs/runs-pipeline/paged/runs")
        .then()
        .statusCode(400)
        .body("error.message", equalTo("Invalid pageSize: must be an integer from 1 to 200"));
  }

  @Test
  void aJobNamespaceWithSlashesIsOnePathSegmentEncoded() {
    String name = "20340301_080000_00001_abcde";
    send(
        "trino",
        json(
            event(
                UUID.randomUUID(),
                EventType.COMPLETE,
                T0,
                "trino://localhost:8080",
                name,
                List.of(input("trino://localhost:8080", "mesh.claims.claims_v1", "nino")),
                List.of())),
        201);

    JsonPath page = runs("trino://localhost:8080", name, Map.of());

    assertThat(page.getString("runs[0].state")).isEqualTo("COMPLETE");
    as("analyst")
        .get(LINEAGE + "/jobs/{namespace}/{name}/runs", "trino://localhost:8080", "no-such-query")
        .then()
        .statusCode(404)
        .body("error.type", equalTo("NoSuchLineageNodeException"))
        .body(
            "error.message",
            equalTo(
                "No lineage for job:trino://localhost:8080:no-such-query: no stored event names"
                    + " it"));
  }

  @Test
  void aRunBelongsToOneJob() {
    UUID runId = UUID.randomUUID();
    send("claims-team", lifecycleEvent(runId, EventType.START, T0, "owner", null), 201);

    as("claims-team")
        .body(lifecycleEvent(runId, EventType.COMPLETE, T0.plusMinutes(1), "impostor", null))
        .post(LINEAGE)
        .then()
        .statusCode(409)
        .body("error.type", equalTo("LineageConflictException"))
        .body(
            "error.message",
            equalTo(
                "Cannot store event COMPLETE of run "
                    + runId
                    + " for job job:runs-pipeline:impostor: the run belongs to"
                    + " job:runs-pipeline:owner, and a run belongs to one job"));
    as("analyst").get(LINEAGE + "/jobs/runs-pipeline/impostor/runs").then().statusCode(404);
    assertThat(runs("runs-pipeline", "owner", Map.of()).getString("runs[0].state"))
        .isEqualTo("START");
  }

  @Test
  void eventsPageNewestFirstWithinATimeWindow() {
    ZonedDateTime day = ZonedDateTime.parse("2034-07-01T00:00:00Z");
    List<String> sent = new ArrayList<>();
    for (int index = 0; index < 5; index++) {
      UUID runId = UUID.randomUUID();
      sent.add(0, runId.toString());
      send(
          "claims-team",
          lifecycleEvent(runId, EventType.COMPLETE, day.plusHours(index), "events", null),
          201);
    }
    // Outside the window on both sides.
    send(
        "claims-team",
        lifecycleEvent(UUID.randomUUID(), EventType.COMPLETE, day.minusSeconds(1), "events", null),
        201);
    send(
        "claims-team",
        lifecycleEvent(UUID.randomUUID(), EventType.COMPLETE, day.plusDays(1), "events", null),
        201);

    List<String> seen = new ArrayList<>();
    List<Integer> sizes = new ArrayList<>();
    String token = null;
    do {
      var request =
          as("analyst")
              .queryParam("after", "2034-07-01T00:00:00Z")
              .queryParam("before", "2034-07-02T00:00:00Z")
              .queryParam("pageSize", 2);
      if (token != null) {
        request.queryParam("pageToken", token);
      }
      JsonPath page = request.get(LINEAGE + "/events").then().statusCode(200).extract().jsonPath();
      seen.addAll(page.getList("events.run.runId"));
      sizes.add(page.getList("events").size());
      token = page.getString("nextPageToken");
    } while (token != null);

    assertThat(seen).containsExactlyElementsOf(sent);
    assertThat(sizes).containsExactly(2, 2, 1);

    as("analyst")
        .queryParam("after", "last tuesday")
        .get(LINEAGE + "/events")
        .then()
        .statusCode(400)
        .body(
            "error.message",
            equalTo(
                "Invalid after: must be an RFC 3339 date-time with an offset, such as"
                    + " 2025-01-31T09:30:00Z"));
    as("analyst")
        .queryParam("pageToken", "bm90LWEtdG9rZW4")
        .get(LINEAGE + "/events")
        .then()
        .statusCode(400)
        .body("error.type", equalTo("IllegalArgumentException"));
  }
}
