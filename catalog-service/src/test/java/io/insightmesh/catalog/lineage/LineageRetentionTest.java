package io.insightmesh.catalog.lineage;

import static io.insightmesh.catalog.lineage.LineageApi.LINEAGE;
import static io.insightmesh.catalog.lineage.LineageApi.as;
import static io.insightmesh.catalog.lineage.LineageApi.event;
import static io.insightmesh.catalog.lineage.LineageApi.graph;
import static io.insightmesh.catalog.lineage.LineageApi.input;
import static io.insightmesh.catalog.lineage.LineageApi.json;
import static io.insightmesh.catalog.lineage.LineageApi.output;
import static io.insightmesh.catalog.lineage.LineageApi.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.openlineage.client.OpenLineage.RunEvent.EventType;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Past the retention, events go, a query's run goes whole with its job, and a pipeline's runs go
 * once newer runs have reported all they did: the graph still draws every edge its newest evidence
 * shows, however old.
 */
@QuarkusTest
class LineageRetentionTest {
  private static final ZonedDateTime T0 = ZonedDateTime.parse("2041-03-01T00:00:00Z");
  private static final String OUT = "dataset:table:claims.retention_out_v1";
  private static final String QUERY_JOB = "job:trino://retention:8080:20410301_000000_00001_abcde";

  @Inject LineageRetention retention;

  @Test
  void pastTheRetentionTheGraphKeepsEachJobsNewestEvidenceAndQueriesGo() {
    UUID oldest = UUID.randomUUID();
    UUID middle = UUID.randomUUID();
    UUID newest = UUID.randomUUID();
    UUID query = UUID.randomUUID();
    nightly(oldest, T0, "a.csv");
    // Only this run read b.csv: no newer run reports that edge, so it keeps the run.
    nightly(middle, T0.plusDays(1), "a.csv", "b.csv");
    nightly(newest, T0.plusDays(2), "a.csv");
    send(
        "claims-team",
        json(
            event(
                query,
                EventType.COMPLETE,
                T0.plusDays(3),
                "trino://retention:8080",
                "20410301_000000_00001_abcde",
                List.of(input("mesh", "claims.retention_out_v1", "id")),
                List.of())),
        201);
    assertThat(graph(OUT, 1, "downstream", false).getList("nodes.id", String.class))
        .contains(QUERY_JOB);
    List<String> sent =
        List.of(oldest.toString(), middle.toString(), newest.toString(), query.toString());
    assertThat(eventRuns()).containsAll(sent);

    LineageRetention.Expired expired =
        retention.expire(OffsetDateTime.now(ZoneOffset.UTC).plusMinutes(1));

    assertThat(eventRuns()).doesNotContainAnyElementsOf(sent);
    assertThat(expired.events()).isGreaterThanOrEqualTo(4);
    assertThat(
            as("analyst")
                .get(LINEAGE + "/jobs/{namespace}/{name}/runs", "retention-pipeline", "nightly")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("runs.runId", String.class))
        .containsExactly(newest.toString(), middle.toString());
    assertThat(graph(OUT, 1, "upstream", false).getList("nodes.id", String.class))
        .containsExactlyInAnyOrder(
            OUT,
            "job:retention-pipeline:nightly",
            "dataset:file:/landing/retention/a.csv",
            "dataset:file:/landing/retention/b.csv");
    assertThat(graph(OUT, 1, "downstream", false).getList("nodes.id", String.class))
        .doesNotContain(QUERY_JOB);
    assertThat(
            as("analyst")
                .get(
                    LINEAGE + "/jobs/{namespace}/{name}/runs",
                    "trino://retention:8080",
                    "20410301_000000_00001_abcde")
                .then()
                .extract()
                .statusCode())
        .isEqualTo(404);

    // Nothing more to forget: a second pass keeps the evidence.
    LineageRetention.Expired again =
        retention.expire(OffsetDateTime.now(ZoneOffset.UTC).plusMinutes(1));
    assertThat(again.runs())
        .as("first %s, then %s; runs %s", expired, again, runs("retention-pipeline", "nightly"))
        .isZero();
    assertThat(graph(OUT, 1, "upstream", false).getList("nodes.id", String.class)).hasSize(4);
  }

  private static void nightly(UUID run, ZonedDateTime time, String... files) {
    send(
        "claims-team",
        json(
            event(
                run,
                EventType.COMPLETE,
                time,
                "retention-pipeline",
                "nightly",
                java.util.Arrays.stream(files)
                    .map(file -> input("file", "/landing/retention/" + file, "id"))
                    .toList(),
                List.of(output("mesh", "claims.retention_out_v1", "id")))),
        201);
  }

  private static List<String> runs(String namespace, String name) {
    return as("analyst")
        .get(LINEAGE + "/jobs/{namespace}/{name}/runs", namespace, name)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getList("runs.runId", String.class);
  }

  /** The runs whose events the API still serves, of this test's days. */
  private static List<String> eventRuns() {
    return as("analyst")
        .queryParam("after", "2041-03-01T00:00:00Z")
        .queryParam("before", "2041-03-05T00:00:00Z")
        .queryParam("pageSize", 200)
        .get(LINEAGE + "/events")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getList("events.run.runId", String.class);
  }
}
