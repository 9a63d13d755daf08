package io.insightmesh.catalog.lineage;

import static io.restassured.RestAssured.given;

import io.insightmesh.catalog.SeededPrincipals;
import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineageClientUtils;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.net.URI;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The lineage API as producers and readers see it: bearer tokens for the seeded principals from
 * {@code POST /oauth/token}, products registered through the registry API, and events built with
 * the OpenLineage Java client, the way a pipeline builds them.
 */
final class LineageApi {
  static final String LINEAGE = "/api/v1/lineage";
  static final String PRODUCTS = "/api/v1/products";
  static final URI PRODUCER = URI.create("https://github.com/insight-mesh/insight-mesh/tests");
  static final OpenLineage OL = new OpenLineage(PRODUCER);

  private static final Map<String, String> TOKENS = new ConcurrentHashMap<>();

  private LineageApi() {}

  /** A JSON request signed in as {@code principal}. */
  static RequestSpecification as(String principal) {
    return given()
        .header("Authorization", "Bearer " + token(principal))
        .contentType(ContentType.JSON)
        .accept(ContentType.JSON);
  }

  /** Posts {@code json} as {@code principal}'s lineage and expects {@code status}. */
  static JsonPath send(String principal, String json, int status) {
    return as(principal).body(json).post(LINEAGE).then().statusCode(status).extract().jsonPath();
  }

  /** The graph around {@code nodeId}. */
  static JsonPath graph(String nodeId, int depth, String direction, boolean columns) {
    return as("analyst")
        .queryParam("nodeId", nodeId)
        .queryParam("depth", depth)
        .queryParam("direction", direction)
        .queryParam("columns", columns)
        .get(LINEAGE)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  /** Registers {@code <domain>.<name>} with table {@code <domain>.<name>_v1}, unless it is. */
  static void ensureProduct(String domain, String name) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("domain", domain);
    body.put("name", name);
    body.put("owner", Map.of("team", domain + "-team", "contact", domain + "-team@example.org"));
    body.put("description", "The " + name + " product of the " + domain + " domain.");
    body.put("tags", List.of());
    body.put("classification", "NON_PII");
    body.put("freshnessSla", "PT1H");
    body.put("contractVersion", "1.0.0");
    body.put("icebergTable", domain + "." + name + "_v1");
    int status = as("admin").body(body).post(PRODUCTS).then().extract().statusCode();
    if (status != 201 && status != 409) {
      throw new AssertionError("Cannot register " + domain + "." + name + ": HTTP " + status);
    }
  }

  /** An output dataset with a schema facet of {@code columns}. */
  static OpenLineage.OutputDataset output(String namespace, String name, String... columns) {
    return OL.newOutputDatasetBuilder()
        .namespace(namespace)
        .name(name)
        .facets(OL.newDatasetFacetsBuilder().schema(schema(columns)).build())
        .build();
  }

  /** An input dataset with a schema facet of {@code columns}. */
  static OpenLineage.InputDataset input(String namespace, String name, String... columns) {
    return OL.newInputDatasetBuilder()
        .namespace(namespace)
        .name(name)
        .facets(OL.newDatasetFacetsBuilder().schema(schema(columns)).build())
        .build();
  }

  static OpenLineage.SchemaDatasetFacet schema(String... columns) {
    return OL.newSchemaDatasetFacet(
        List.of(columns).stream()
            .map(column -> OL.newSchemaDatasetFacetFields(column, "string", null, null))
            .toList());
  }

  /** A run event of job {@code namespace}/{@code name} reading inputs and writing outputs. */
  static OpenLineage.RunEvent event(
      UUID runId,
      OpenLineage.RunEvent.EventType type,
      ZonedDateTime time,
      String namespace,
      String name,
      List<OpenLineage.InputDataset> inputs,
      List<OpenLineage.OutputDataset> outputs) {
    return OL.newRunEventBuilder()
        .eventType(type)
        .eventTime(time)
        .run(OL.newRun(runId, null))
        .job(OL.newJob(namespace, name, null))
        .inputs(inputs)
        .outputs(outputs)
        .build();
  }

  static String json(Object event) {
    return OpenLineageClientUtils.toJson(event);
  }

  /** A bearer token for a seeded principal, from {@code POST /oauth/token}. */
  static String token(String principal) {
    return TOKENS.computeIfAbsent(principal, SeededPrincipals::issueToken);
  }
}
