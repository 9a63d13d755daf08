package io.insightmesh.catalog.lineage;

import static io.insightmesh.catalog.lineage.LineageApi.LINEAGE;
import static io.insightmesh.catalog.lineage.LineageApi.OL;
import static io.insightmesh.catalog.lineage.LineageApi.as;
import static io.insightmesh.catalog.lineage.LineageApi.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.openlineage.client.OpenLineage.RunEvent.EventType;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Events that break the OpenLineage spec or the catalog's bounds are refused with 400, naming the
 * field and the rule, never echoing the value; and nothing of the request is stored.
 */
@QuarkusTest
class LineageValidationTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A PII-looking value planted in the bad field: it must not come back in the error. */
  private static final String SECRET = "AB123456C";

  /** A valid event of a job of its own, with a column-lineage facet and a run facet. */
  private static ObjectNode validEvent(String jobName) {
    String text =
        json(
            OL.newRunEventBuilder()
                .eventType(EventType.COMPLETE)
                .eventTime(ZonedDateTime.parse("2032-01-01T00:00:00Z"))
                .run(
                    OL.newRun(
                        UUID.randomUUID(),
                        OL.newRunFacetsBuilder()
                            .nominalTime(
                                OL.newNominalTimeRunFacet(
                                    ZonedDateTime.parse("2032-01-01T00:00:00Z"), null))
                            .build()))
                .job(OL.newJob("validation", jobName, null))
                .inputs(List.of(LineageApi.input("mesh", "claims.landing_v1", "nino")))
                .outputs(
                    List.of(
                        OL.newOutputDatasetBuilder()
                            .namespace("mesh")
                            .name("claims.checked_v1")
                            .facets(
                                OL.newDatasetFacetsBuilder()
                                    .columnLineage(
                                        OL.newColumnLineageDatasetFacet(
                                            OL.newColumnLineageDatasetFacetFieldsBuilder()
                                                .put(
                                                    "nino",
                                                    OL.newColumnLineageDatasetFacetFieldsAdditionalBuilder()
                                                        .inputFields(
                                                            List.of(
                                                                OL.newInputField(
                                                                    "mesh",
                                                                    "claims.landing_v1",
                                                                    "nino",
                                                                    List.of())))
                                                        .build())
                                                .build(),
                                            List.of()))
                                    .build())
                            .build()))
                .build());
    try {
      return (ObjectNode) JSON.readTree(text);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static Stream<Arguments> brokenEvents() {
    return Stream.of(
        broken(event -> event.remove("eventTime"), "Invalid eventTime: required, a string"),
        broken(
            event -> event.put("eventTime", SECRET),
            "Invalid eventTime: must be an RFC 3339 date-time with an offset, such as"
                + " 2025-01-31T09:30:00Z"),
        broken(
            event -> event.put("eventTime", "2032-01-01T00:00:00"),
            "Invalid eventTime: must be an RFC 3339 date-time with an offset, such as"
                + " 2025-01-31T09:30:00Z"),
        broken(event -> event.put("producer", SECRET), "Invalid producer: must be an absolute URI"),
        broken(event -> event.remove("schemaURL"), "Invalid schemaURL: required, a string"),
        broken(
            event -> event.put("eventType", SECRET),
            "Invalid eventType: must be one of START, RUNNING, COMPLETE, ABORT, FAIL or OTHER"),
        broken(
            event -> event.put("eventType", "complete"),
            "Invalid eventType: must be one of START, RUNNING, COMPLETE, ABORT, FAIL or OTHER"),
        broken(event -> event.remove("eventType"), "Invalid eventType: required, a string"),
        broken(event -> event.remove("run"), "Invalid run: required, an object"),
        broken(
            event -> ((ObjectNode) event.get("run")).put("runId", SECRET),
            "Invalid run.runId: must be a UUID"),
        broken(
            event -> ((ObjectNode) event.get("run")).put("runId", 42),
            "Invalid run.runId: must be a string"),
        broken(
            event -> ((ObjectNode) event.get("job")).remove("namespace"),
            "Invalid job.namespace: required, a string"),
        broken(
            event -> ((ObjectNode) event.get("job")).put("name", "x".repeat(1025)),
            "Invalid job.name: at most 1024 characters"),
        broken(
            event -> ((ObjectNode) event.get("job")).put("name", "claims\u0000publish"),
            "Invalid job.name: must not contain control characters"),
        broken(
            event -> ((ObjectNode) event.get("inputs").get(0)).put("name", " "),
            "Invalid inputs[0].name: must not be blank"),
        broken(
            event -> event.put("outputs", SECRET), "Invalid outputs: must be an array of datasets"),
        broken(
            event -> {
              ArrayNode outputs = event.putArray("outputs");
              for (int index = 0; index <= LineageEventParser.MAX_DATASETS; index++) {
                outputs.addObject().put("namespace", "mesh").put("name", "claims.t" + index);
              }
            },
            "Invalid outputs: at most 500 datasets per event"),
        broken(
            event ->
                ((ObjectNode) event.get("run").get("facets").get("nominalTime"))
                    .remove("_producer"),
            "Invalid run.facets.nominalTime._producer: required, a string"),
        broken(
            event -> ((ObjectNode) event.get("run").get("facets")).put("nominalTime", SECRET),
            "Invalid run.facets.nominalTime: must be a facet object"),
        broken(
            event ->
                ((ObjectNode)
                        event
                            .get("outputs")
                            .get(0)
                            .get("facets")
                            .get("columnLineage")
                            .get("fields")
                            .get("nino")
                            .get("inputFields")
                            .get(0))
                    .remove("field"),
            "Invalid outputs[0].facets.columnLineage.fields.nino.inputFields[0].field: required,"
                + " a string"),
        broken(
            event ->
                ((ObjectNode) event.get("run").get("facets").get("nominalTime"))
                    .put("nominalStartTime", SECRET),
            "Invalid run.facets.nominalTime.nominalStartTime: does not have the type the"
                + " OpenLineage spec gives it"),
        broken(
            event -> {
              event.remove("run");
              event.remove("job");
              event.remove("eventType");
              event.putObject("dataset").put("namespace", "mesh").put("name", "claims.x_v1");
            },
            "Invalid run: required; DatasetEvents are not accepted here, send RunEvents (run,"
                + " job, eventType)"),
        broken(
            event -> {
              event.remove("run");
              event.remove("eventType");
            },
            "Invalid run: required; JobEvents are not accepted here, send RunEvents (run, job,"
                + " eventType)"));
  }

  private static Arguments broken(Consumer<ObjectNode> breakIt, String message) {
    return Arguments.of(message, breakIt);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("brokenEvents")
  void aBrokenEventIsRefusedNamingTheFieldAndNothingIsStored(
      String message, Consumer<ObjectNode> breakIt) {
    String job = "broken-" + UUID.randomUUID();
    ObjectNode event = validEvent(job);
    breakIt.accept(event);

    JsonPath error = refused(event.toString());

    assertThat(error.getString("error.type")).isEqualTo("InvalidLineageEventException");
    assertThat(error.getString("error.message")).isEqualTo(message);
    assertThat(error.getString("error.message")).doesNotContain(SECRET);
    as("analyst").get(LINEAGE + "/jobs/validation/" + job + "/runs").then().statusCode(404);
  }

  @Test
  void aBatchWithOneBrokenEventStoresNone() {
    String job = "broken-batch-" + UUID.randomUUID();
    ObjectNode good = validEvent(job);
    ObjectNode bad = validEvent(job);
    ((ObjectNode) bad.get("run")).put("runId", "not-a-uuid");

    JsonPath error = refused("[" + good + "," + bad + "]");

    assertThat(error.getString("error.message")).isEqualTo("Invalid [1].run.runId: must be a UUID");
    as("analyst").get(LINEAGE + "/jobs/validation/" + job + "/runs").then().statusCode(404);
  }

  @Test
  void aBodyThatIsNoEventIsRefused() {
    assertThat(refused("{\"eventTime\": ").getString("error.message"))
        .startsWith("Invalid request body: not valid JSON at line 1, column");
    assertThat(refused("[]").getString("error.message"))
        .isEqualTo("Invalid request body: an array of events must hold at least one event");
    assertThat(refused("\"" + SECRET + "\"").getString("error.message"))
        .isEqualTo(
            "Invalid request body: must be an OpenLineage RunEvent object or an array of them");
    assertThat(refused("{\"run\": 1, \"run\": 2}").getString("error.message"))
        .isEqualTo(
            "Invalid request body: a field appears twice in one object at line 1, column 17");
    assertThat(refused("[" + "[".repeat(200) + "]".repeat(200) + "]").getString("error.message"))
        .isEqualTo("Invalid request body: JSON nested deeper than 100 levels");
  }

  @Test
  void moreThanAHundredEventsInOneRequestAreRefused() {
    String event = validEvent("too-many").toString();
    String batch = "[" + String.join(",", java.util.Collections.nCopies(101, event)) + "]";

    assertThat(refused(batch).getString("error.message"))
        .isEqualTo("Invalid request body: at most 100 events per request");
  }

  private static JsonPath refused(String body) {
    return as("claims-team").body(body).post(LINEAGE).then().statusCode(400).extract().jsonPath();
  }
}
