package io.insightmesh.catalog.lineage;

import static io.insightmesh.catalog.lineage.LineageApi.LINEAGE;
import static io.insightmesh.catalog.lineage.LineageApi.as;
import static io.insightmesh.catalog.lineage.LineageApi.event;
import static io.insightmesh.catalog.lineage.LineageApi.input;
import static io.insightmesh.catalog.lineage.LineageApi.json;
import static io.insightmesh.catalog.lineage.LineageApi.output;
import static io.insightmesh.catalog.lineage.LineageApi.send;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.insightmesh.catalog.security.AuditLog;
import io.openlineage.client.OpenLineage.RunEvent.EventType;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Who may send and read lineage: producers (domain owners, the scoring engine, Trino, admins) send,
 * a domain owner writing only its own domains' datasets; readers of the catalog read; case workers,
 * like for all catalog metadata, do neither. Every stored event is audited under its job, and every
 * denial too.
 */
@QuarkusTest
class LineageAccessTest {
  @Inject AuditLog audit;

  private static String anEvent(String job) {
    return json(
        event(
            UUID.randomUUID(),
            EventType.COMPLETE,
            ZonedDateTime.parse("2035-01-01T00:00:00Z"),
            "access",
            job,
            List.of(input("mesh", "claims.access_input_v1", "id")),
            List.of()));
  }

  @Test
  void withoutATokenNothingIsAnswered() {
    given()
        .contentType("application/json")
        .body(anEvent("anonymous"))
        .post(LINEAGE)
        .then()
        .statusCode(401)
        .header("WWW-Authenticate", equalTo("Bearer realm=\"insight-mesh\""))
        .body("error.type", equalTo("NotAuthorizedException"));
    given().queryParam("nodeId", "dataset:claims.claims").get(LINEAGE).then().statusCode(401);
    given().get(LINEAGE + "/events").then().statusCode(401);
  }

  @Test
  void producersSendLineage() {
    for (String producer :
        List.of("claims-team", "risk-team", "scoring-engine", "trino", "admin")) {
      send(producer, anEvent("sent-by-" + producer), 201);
    }
  }

  @Test
  void readersCannotSendLineageAndTheDenialIsAudited() {
    for (String reader : List.of("analyst", "pii-analyst", "case-worker")) {
      as(reader)
          .body(anEvent("sent-by-" + reader))
          .post(LINEAGE)
          .then()
          .statusCode(403)
          .body("error.type", equalTo("ForbiddenException"))
          .body(
              "error.message",
              equalTo(
                  "Principal "
                      + reader
                      + " may not send lineage events: sending lineage needs a producer role"
                      + " (domain-owner:<domain>, scoring-engine, trino or admin)"));
      as("admin").get(LINEAGE + "/jobs/access/sent-by-" + reader + "/runs").then().statusCode(404);
    }
    assertThat(audit.recent("analyst", 50))
        .anySatisfy(
            entry -> {
              assertThat(entry.action()).isEqualTo("send");
              assertThat(entry.target()).isEqualTo("lineage events");
              assertThat(entry.outcome()).isEqualTo(AuditLog.Outcome.DENIED);
            });
  }

  @Test
  void aTeamSendsLineageWritingOnlyItsOwnDomainsDatasetsAndTheDenialIsAudited() {
    LineageApi.ensureProduct("claims", "access_owned");
    String writesClaims =
        json(
            event(
                UUID.randomUUID(),
                EventType.COMPLETE,
                ZonedDateTime.parse("2035-01-01T00:00:00Z"),
                "access",
                "writes-claims",
                List.of(input("mesh", "profiles.access_features_v1", "id")),
                List.of(output("mesh", "claims.access_owned_v1", "id"))));
    String writesClaimsTable =
        json(
            event(
                UUID.randomUUID(),
                EventType.COMPLETE,
                ZonedDateTime.parse("2035-01-01T00:00:00Z"),
                "access",
                "writes-claims-table",
                List.of(),
                List.of(output("mesh", "claims.access_scratch", "id"))));

    as("profiles-team")
        .body(writesClaims)
        .post(LINEAGE)
        .then()
        .statusCode(403)
        .body("error.type", equalTo("ForbiddenException"))
        .body(
            "error.message",
            equalTo(
                "Principal profiles-team may not send lineage with output product"
                    + " claims.access_owned: only the owner of domain claims (role"
                    + " domain-owner:claims) may write it"));
    as("profiles-team")
        .body(writesClaimsTable)
        .post(LINEAGE)
        .then()
        .statusCode(403)
        .body("error.message", containsString("output table claims.access_scratch"));
    as("admin").get(LINEAGE + "/jobs/access/writes-claims/runs").then().statusCode(404);
    assertThat(audit.recent("profiles-team", 50))
        .anySatisfy(
            entry -> {
              assertThat(entry.action()).isEqualTo("send lineage with output");
              assertThat(entry.target()).isEqualTo("product claims.access_owned");
              assertThat(entry.outcome()).isEqualTo(AuditLog.Outcome.DENIED);
            });

    // Its owner, Trino and admins write it; reading another domain's product is anyone's.
    send("claims-team", writesClaims, 201);
    send("trino", writesClaimsTable, 201);
    send(
        "profiles-team",
        json(
            event(
                UUID.randomUUID(),
                EventType.COMPLETE,
                ZonedDateTime.parse("2035-01-01T00:00:00Z"),
                "access",
                "reads-claims",
                List.of(input("mesh", "claims.access_owned_v1", "id")),
                List.of(output("mesh", "profiles.access_features_v1", "id")))),
        201);
  }

  @Test
  void readersReadLineageAndCaseWorkersDoNot() {
    send("claims-team", anEvent("read-me"), 201);
    String job = "job:access:read-me";

    for (String reader :
        List.of("analyst", "pii-analyst", "trino", "scoring-engine", "profiles-team", "admin")) {
      as(reader).queryParam("nodeId", job).get(LINEAGE).then().statusCode(200);
      as(reader).get(LINEAGE + "/jobs/access/read-me/runs").then().statusCode(200);
      as(reader).get(LINEAGE + "/events").then().statusCode(200);
    }

    as("case-worker")
        .queryParam("nodeId", job)
        .get(LINEAGE)
        .then()
        .statusCode(403)
        .body(
            "error.message",
            equalTo(
                "Principal case-worker may not read lineage of job:access:read-me: reading the"
                    + " catalog needs a reader role"));
    as("case-worker").get(LINEAGE + "/jobs/access/read-me/runs").then().statusCode(403);
    as("case-worker").get(LINEAGE + "/events").then().statusCode(403);
    as("case-worker")
        .queryParam("nodeId", "dataset:claims.claims")
        .queryParam("column", "nino")
        .get(LINEAGE + "/column-lineage")
        .then()
        .statusCode(403);
  }

  @Test
  void everyStoredEventIsAuditedUnderItsJob() {
    String event = anEvent("audited");
    send("risk-team", event, 201);
    send("risk-team", event, 200);

    List<AuditLog.Entry> entries =
        audit.recent("risk-team", 50).stream()
            .filter(entry -> entry.action().equals("lineage.ingest"))
            .filter(entry -> entry.target().equals("job access:audited"))
            .toList();
    // Once: the duplicate stored nothing.
    assertThat(entries).hasSize(1);
    assertThat(entries.get(0).outcome()).isEqualTo(AuditLog.Outcome.ALLOWED);
  }
}
