package io.insightmesh.catalog.lineage;

import static io.insightmesh.catalog.lineage.LineageApi.LINEAGE;
import static io.insightmesh.catalog.lineage.LineageApi.OL;
import static io.insightmesh.catalog.lineage.LineageApi.as;
import static io.insightmesh.catalog.lineage.LineageApi.ensureProduct;
import static io.insightmesh.catalog.lineage.LineageApi.graph;
import static io.insightmesh.catalog.lineage.LineageApi.input;
import static io.insightmesh.catalog.lineage.LineageApi.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineage.RunEvent.EventType;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The graph around a node, on a small mesh: a landing file feeds the claims product, which feeds
 * the claimant profiles, both feed the decisions, and an analyst's Trino query reports on the
 * decisions. Each job names its datasets its own way, as Spark, the Iceberg REST client and Trino
 * do.
 */
@QuarkusTest
class LineageGraphTest {
  private static final String LANDING = "dataset:file:/landing/graph/claims.csv";
  private static final String CLAIMS = "dataset:claims.graph_claims";
  private static final String PROFILES = "dataset:profiles.graph_profiles";
  private static final String DECISIONS = "dataset:risk.graph_decisions";
  private static final String REPORT = "dataset:table:risk.graph_report";
  private static final String INGEST = "job:spark:graph.ingest_claims";
  private static final String PROFILE = "job:spark:graph.build_profiles";
  private static final String SCORE = "job:scoring-engine:graph.score";
  private static final String QUERY = "job:trino://localhost:8080:graph_report_query";

  private static boolean sent;

  /** One input column a column is derived from. */
  private record From(String namespace, String name, String column, String type, String subtype) {}

  @BeforeEach
  void sendTheMeshsLineage() {
    if (sent) {
      return;
    }
    ensureProduct("claims", "graph_claims");
    ensureProduct("profiles", "graph_profiles");
    ensureProduct("risk", "graph_decisions");

    Map<String, List<From>> claims = new LinkedHashMap<>();
    claims.put(
        "claim_id",
        List.of(new From("file", "/landing/graph/claims.csv", "id", "DIRECT", "IDENTITY")));
    claims.put(
        "nino",
        List.of(new From("file", "/landing/graph/claims.csv", "nino", "DIRECT", "IDENTITY")));
    send(
        "claims-team",
        "spark",
        "graph.ingest_claims",
        1,
        List.of(input("file", "/landing/graph/claims.csv", "id", "nino")),
        output("mesh", "claims.graph_claims_v1", claims));

    Map<String, List<From>> profiles = new LinkedHashMap<>();
    profiles.put(
        "nino",
        List.of(
            new From(
                "http://localhost:8181/iceberg",
                "claims.graph_claims_v1",
                "nino",
                "DIRECT",
                "IDENTITY")));
    profiles.put(
        "claim_count",
        List.of(
            new From(
                "http://localhost:8181/iceberg",
                "claims.graph_claims_v1",
                "claim_id",
                "DIRECT",
                "AGGREGATION")));
    send(
        "profiles-team",
        "spark",
        "graph.build_profiles",
        2,
        List.of(input("http://localhost:8181/iceberg", "claims.graph_claims_v1", "nino")),
        output("iceberg", "profiles.graph_profiles_v1", profiles));

    Map<String, List<From>> decisions = new LinkedHashMap<>();
    decisions.put(
        "risk_score",
        List.of(
            new From(
                "trino://localhost:8080",
                "mesh.profiles.graph_profiles_v1",
                "claim_count",
                "DIRECT",
                "TRANSFORMATION"),
            new From("mesh", "claims.graph_claims_v1", "nino", "INDIRECT", "FILTER")));
    send(
        "scoring-engine",
        "scoring-engine",
        "graph.score",
        3,
        List.of(
            input("trino://localhost:8080", "mesh.profiles.graph_profiles_v1", "claim_count"),
            input("mesh", "claims.graph_claims_v1", "nino")),
        output("mesh", "risk.graph_decisions_v1", decisions));

    Map<String, List<From>> report = new LinkedHashMap<>();
    report.put(
        "flagged",
        List.of(
            new From(
                "trino://localhost:8080",
                "mesh.risk.graph_decisions_v1",
                "decision",
                "DIRECT",
                "AGGREGATION")));
    send(
        "trino",
        "trino://localhost:8080",
        "graph_report_query",
        4,
        List.of(input("trino://localhost:8080", "mesh.risk.graph_decisions_v1", "decision")),
        output("trino://localhost:8080", "mesh.risk.graph_report", report));
    sent = true;
  }

  private static void send(
      String principal,
      String namespace,
      String name,
      int hour,
      List<OpenLineage.InputDataset> inputs,
      OpenLineage.OutputDataset output) {
    OpenLineage.RunEvent event =
        OL.newRunEventBuilder()
            .eventType(EventType.COMPLETE)
            .eventTime(ZonedDateTime.parse("2033-01-01T00:00:00Z").plusHours(hour))
            // One fixed run per job: sending the mesh again is a duplicate, not a new run.
            .run(OL.newRun(UUID.nameUUIDFromBytes(name.getBytes()), null))
            .job(OL.newJob(namespace, name, null))
            .inputs(inputs)
            .outputs(List.of(output))
            .build();
    int status = as(principal).body(json(event)).post(LINEAGE).then().extract().statusCode();
    assertThat(status).isIn(200, 201);
  }

  private static OpenLineage.OutputDataset output(
      String namespace, String name, Map<String, List<From>> columns) {
    OpenLineage.ColumnLineageDatasetFacetFieldsBuilder fields =
        OL.newColumnLineageDatasetFacetFieldsBuilder();
    columns.forEach(
        (column, froms) ->
            fields.put(
                column,
                OL.newColumnLineageDatasetFacetFieldsAdditionalBuilder()
                    .inputFields(
                        froms.stream()
                            .map(
                                from ->
                                    OL.newInputField(
                                        from.namespace(),
                                        from.name(),
                                        from.column(),
                                        List.of(
                                            OL.newInputFieldTransformations(
                                                from.type(), from.subtype(), null, false))))
                            .toList())
                    .build()));
    return OL.newOutputDatasetBuilder()
        .namespace(namespace)
        .name(name)
        .facets(
            OL.newDatasetFacetsBuilder()
                .schema(LineageApi.schema(columns.keySet().toArray(String[]::new)))
                .columnLineage(OL.newColumnLineageDatasetFacet(fields.build(), List.of()))
                .build())
        .build();
  }

  private static List<String> nodes(JsonPath graph) {
    return graph.getList("nodes.id");
  }

  private static List<String> edges(JsonPath graph) {
    List<String> edges = new ArrayList<>();
    for (Map<?, ?> edge : graph.getList("edges", Map.class)) {
      edges.add(edge.get("origin") + " -> " + edge.get("destination"));
    }
    return edges;
  }

  @Test
  void upstreamReachesAsManyJobsAsTheDepthSays() {
    JsonPath one = graph(DECISIONS, 1, "upstream", false);

    assertThat(one.getString("root")).isEqualTo(DECISIONS);
    assertThat(one.getString("direction")).isEqualTo("upstream");
    assertThat(one.getInt("depth")).isEqualTo(1);
    assertThat(one.getBoolean("truncated")).isFalse();
    assertThat(nodes(one)).containsExactlyInAnyOrder(DECISIONS, SCORE, PROFILES, CLAIMS);
    assertThat(edges(one))
        .containsExactlyInAnyOrder(
            SCORE + " -> " + DECISIONS, PROFILES + " -> " + SCORE, CLAIMS + " -> " + SCORE);
    assertThat(one.getMap("")).doesNotContainKey("columnEdges");

    JsonPath two = graph(DECISIONS, 2, "upstream", false);
    assertThat(nodes(two))
        .containsExactlyInAnyOrder(DECISIONS, SCORE, PROFILES, CLAIMS, PROFILE, INGEST, LANDING);
    assertThat(edges(two))
        .contains(
            PROFILE + " -> " + PROFILES,
            CLAIMS + " -> " + PROFILE,
            INGEST + " -> " + CLAIMS,
            LANDING + " -> " + INGEST)
        .hasSize(7);
    assertThat(nodes(graph(DECISIONS, 10, "upstream", false)))
        .containsExactlyInAnyOrderElementsOf(nodes(two));
  }

  @Test
  void downstreamFollowsReadersToTheEnd() {
    assertThat(nodes(graph(LANDING, 1, "downstream", false)))
        .containsExactlyInAnyOrder(LANDING, INGEST, CLAIMS);
    assertThat(nodes(graph(LANDING, 2, "downstream", false)))
        .containsExactlyInAnyOrder(LANDING, INGEST, CLAIMS, PROFILE, PROFILES, SCORE, DECISIONS);
    JsonPath three = graph(LANDING, 3, "downstream", false);
    assertThat(nodes(three))
        .containsExactlyInAnyOrder(
            LANDING, INGEST, CLAIMS, PROFILE, PROFILES, SCORE, DECISIONS, QUERY, REPORT);
    assertThat(edges(three)).contains(DECISIONS + " -> " + QUERY, QUERY + " -> " + REPORT);
    assertThat(three.getString("nodes.find { it.id == '" + REPORT + "' }.kind")).isEqualTo("TABLE");
    assertThat(three.getString("nodes.find { it.id == '" + QUERY + "' }.type")).isEqualTo("JOB");
    assertThat(three.getString("nodes.find { it.id == '" + QUERY + "' }.namespace"))
        .isEqualTo("trino://localhost:8080");
  }

  @Test
  void bothWaysIsUpstreamAndDownstreamNotSiblings() {
    JsonPath both = graph(PROFILES, 1, "both", false);

    assertThat(nodes(both))
        .containsExactlyInAnyOrder(PROFILES, PROFILE, CLAIMS, SCORE, DECISIONS)
        .doesNotContain(INGEST, LANDING, QUERY);
    // Both is the default direction.
    JsonPath byDefault =
        as("analyst")
            .queryParam("nodeId", PROFILES)
            .queryParam("depth", 1)
            .get(LINEAGE)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(nodes(byDefault)).containsExactlyInAnyOrderElementsOf(nodes(both));
  }

  @Test
  void theGraphAroundAJobStartsFromItsDatasets() {
    assertThat(nodes(graph(PROFILE, 1, "both", false)))
        .containsExactlyInAnyOrder(PROFILE, CLAIMS, PROFILES);
    assertThat(nodes(graph(PROFILE, 2, "upstream", false)))
        .containsExactlyInAnyOrder(PROFILE, CLAIMS, INGEST, LANDING);
    assertThat(nodes(graph(QUERY, 1, "downstream", false)))
        .containsExactlyInAnyOrder(QUERY, REPORT);
  }

  @Test
  void columnsShowHowEachColumnIsDerived() {
    JsonPath graph = graph(DECISIONS, 1, "upstream", true);

    assertThat(graph.getList("columnEdges", Map.class))
        .containsExactlyInAnyOrder(
            columnEdge(
                PROFILES, "claim_count", DECISIONS, "risk_score", "DIRECT", "TRANSFORMATION"),
            columnEdge(CLAIMS, "nino", DECISIONS, "risk_score", "INDIRECT", "FILTER"),
            columnEdge(CLAIMS, "nino", PROFILES, "nino", "DIRECT", "IDENTITY"),
            columnEdge(CLAIMS, "claim_id", PROFILES, "claim_count", "DIRECT", "AGGREGATION"));

    // Deeper, the landing file's columns join in.
    assertThat(graph(DECISIONS, 2, "upstream", true).getList("columnEdges", Map.class))
        .contains(
            columnEdge(LANDING, "nino", CLAIMS, "nino", "DIRECT", "IDENTITY"),
            columnEdge(LANDING, "id", CLAIMS, "claim_id", "DIRECT", "IDENTITY"))
        .hasSize(6);
    assertThat(
            graph.getList("nodes.find { it.id == '" + DECISIONS + "' }.fields.name", String.class))
        .containsExactly("risk_score");
  }

  @Test
  void columnLineageFollowsOneColumnUpstream() {
    JsonPath one = columnLineage(DECISIONS, "risk_score", 1);

    assertThat(one.getMap("root")).isEqualTo(Map.of("nodeId", DECISIONS, "column", "risk_score"));
    assertThat(one.getList("columns", Map.class))
        .containsExactlyInAnyOrder(
            Map.of("nodeId", PROFILES, "column", "claim_count"),
            Map.of("nodeId", CLAIMS, "column", "nino"));

    JsonPath three = columnLineage(DECISIONS, "risk_score", 3);
    assertThat(three.getList("columns", Map.class))
        .containsExactlyInAnyOrder(
            Map.of("nodeId", PROFILES, "column", "claim_count"),
            Map.of("nodeId", CLAIMS, "column", "nino"),
            Map.of("nodeId", CLAIMS, "column", "claim_id"),
            Map.of("nodeId", LANDING, "column", "nino"),
            Map.of("nodeId", LANDING, "column", "id"));
    assertThat(three.getList("edges", Map.class))
        .contains(columnEdge(LANDING, "id", CLAIMS, "claim_id", "DIRECT", "IDENTITY"))
        .hasSize(5);
    assertThat(columnLineage(DECISIONS, "no_such_column", 3).getList("columns")).isEmpty();
  }

  @Test
  void badQueriesAreRefusedNamingTheParameter() {
    refused(
        Map.of("nodeId", DECISIONS, "depth", "0"),
        400,
        "Invalid depth: must be an integer from 1 to 10 (jobs away from the node)");
    refused(
        Map.of("nodeId", DECISIONS, "depth", "11"),
        400,
        "Invalid depth: must be an integer from 1 to 10 (jobs away from the node)");
    refused(
        Map.of("nodeId", DECISIONS, "direction", "sideways"),
        400,
        "Invalid direction: must be upstream, downstream or both");
    refused(
        Map.of("nodeId", DECISIONS, "columns", "maybe"),
        400,
        "Invalid columns: must be true or false");
    refused(
        Map.of("nodeId", "claims.graph_claims"),
        400,
        "Invalid nodeId: required, dataset:<product id> (dataset:claims.claims),"
            + " dataset:table:<namespace>.<table>, dataset:<namespace>:<name> or"
            + " job:<namespace>:<name>");
    refused(
        Map.of("nodeId", "dataset:claims.never_sent"),
        404,
        "No lineage for dataset:claims.never_sent: no stored event names it");
    as("analyst")
        .queryParam("nodeId", SCORE)
        .queryParam("column", "risk_score")
        .get(LINEAGE + "/column-lineage")
        .then()
        .statusCode(400)
        .body(
            "error.message",
            equalTo(
                "Invalid nodeId: column lineage is asked of a dataset, dataset:<product id> such"
                    + " as dataset:claims.claims"));
  }

  private static void refused(Map<String, String> query, int status, String message) {
    as("analyst")
        .queryParams(query)
        .get(LINEAGE)
        .then()
        .statusCode(status)
        .body("error.message", equalTo(message));
  }

  private static JsonPath columnLineage(String nodeId, String column, int depth) {
    return as("analyst")
        .queryParam("nodeId", nodeId)
        .queryParam("column", column)
        .queryParam("depth", depth)
        .get(LINEAGE + "/column-lineage")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  private static Map<String, Object> columnEdge(
      String from, String fromColumn, String to, String toColumn, String type, String subtype) {
    return Map.of(
        "origin", Map.of("nodeId", from, "column", fromColumn),
        "destination", Map.of("nodeId", to, "column", toColumn),
        "transformations", List.of(Map.of("type", type, "subtype", subtype, "masking", false)));
  }
}
