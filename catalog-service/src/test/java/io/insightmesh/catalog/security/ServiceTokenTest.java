package io.insightmesh.catalog.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.insightmesh.catalog.SeededPrincipals;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Long-lived tokens for services that can only be configured with a fixed token, such as Trino's
 * OpenLineage listener (one API key in its configuration): an admin issues one; it works like any
 * token; disabling its principal revokes it; it carries the principal's current roles.
 */
@QuarkusTest
class ServiceTokenTest {
  private static final String EVENT =
      """
      {"eventTime": "2031-02-01T12:00:00Z", "eventType": "START",
       "producer": "https://github.com/trinodb/trino/plugin/trino-openlineage",
       "schemaURL": "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
       "run": {"runId": "%s"},
       "job": {"namespace": "trino://localhost:8080", "name": "20310201_120000_00001_abcde"}}
      """;

  private static RequestSpecification as(String token) {
    return given()
        .header("Authorization", "Bearer " + token)
        .contentType(ContentType.JSON)
        .accept(ContentType.JSON);
  }

  private static String serviceToken(String principal, String lifetime) {
    return as(SeededPrincipals.issueToken("admin"))
        .body("{\"lifetime\":\"" + lifetime + "\"}")
        .post("/api/v1/admin/principals/" + principal + "/tokens")
        .then()
        .statusCode(200)
        .body("principal", equalTo(principal))
        .extract()
        .path("accessToken");
  }

  private static int sendLineage(String token) {
    return as(token)
        .body(EVENT.formatted(UUID.randomUUID()))
        .post("/api/v1/lineage")
        .then()
        .extract()
        .statusCode();
  }

  private static String newService(String role) {
    String name = "svc-" + UUID.randomUUID().toString().substring(0, 8);
    as(SeededPrincipals.issueToken("admin"))
        .body("{\"name\":\"" + name + "\",\"roles\":[\"" + role + "\"]}")
        .post("/api/v1/admin/principals")
        .then()
        .statusCode(200);
    return name;
  }

  private static void disable(String name, boolean disabled) {
    as(SeededPrincipals.issueToken("admin"))
        .body(String.valueOf(disabled))
        .put("/api/v1/admin/principals/" + name + "/disabled")
        .then()
        .statusCode(200);
  }

  private static void assertRevoked(String token) {
    as(token)
        .get("/api/v1/products")
        .then()
        .statusCode(401)
        .body(
            "error.message",
            equalTo("Authentication failed: the token's principal is disabled or gone"));
  }

  @Test
  void anAdminIssuesALongLivedTokenThatSendsLineage() {
    int expiresIn =
        as(SeededPrincipals.issueToken("admin"))
            .body("{\"lifetime\":\"P90D\"}")
            .post("/api/v1/admin/principals/trino/tokens")
            .then()
            .statusCode(200)
            .extract()
            .path("expiresIn");
    assertThat(expiresIn).isEqualTo(90 * 86_400);

    assertThat(sendLineage(serviceToken("trino", "P365D"))).isEqualTo(201);
  }

  @Test
  void disablingThePrincipalRevokesItsServiceToken() {
    String service = newService("trino");
    String token = serviceToken(service, "P30D");

    disable(service, true);
    assertRevoked(token);

    disable(service, false);
    assertThat(sendLineage(token)).isEqualTo(201);
  }

  @Test
  void disablingThePrincipalStopsTheOrdinaryTokensItAlreadyHolds() {
    String name = "team-" + UUID.randomUUID().toString().substring(0, 8);
    String token =
        ClientSignIns.signIn(name, ClientSignIns.create(name, "analyst"))
            .then()
            .statusCode(200)
            .extract()
            .path("access_token");
    // Used once, so this instance has it verified in memory.
    as(token).get("/api/v1/products").then().statusCode(200);

    disable(name, true);
    assertRevoked(token);

    disable(name, false);
    as(token).get("/api/v1/products").then().statusCode(200);
  }

  @Test
  void aServiceTokenCarriesThePrincipalsCurrentRoles() {
    String service = newService("analyst");
    String token = serviceToken(service, "P30D");

    as(SeededPrincipals.issueToken("admin"))
        .body("{\"roles\":[\"trino\"]}")
        .put("/api/v1/admin/principals/" + service + "/roles")
        .then()
        .statusCode(200);

    assertThat(sendLineage(token)).as("trino may send lineage; analyst may not").isEqualTo(201);
  }

  @Test
  void onlyAdminsIssueServiceTokens() {
    as(SeededPrincipals.issueToken("trino"))
        .body("{\"lifetime\":\"P30D\"}")
        .post("/api/v1/admin/principals/trino/tokens")
        .then()
        .statusCode(403)
        .body(
            "error.message",
            equalTo(
                "Principal trino may not issue a token for principal trino: needs the admin role"));
  }

  @Test
  void aLifetimeMustBeLongerThanUsualAndAtMostAYearAndADay() {
    for (String lifetime : new String[] {"forever", "P400D", "PT30M"}) {
      as(SeededPrincipals.issueToken("admin"))
          .body("{\"lifetime\":\"" + lifetime + "\"}")
          .post("/api/v1/admin/principals/trino/tokens")
          .then()
          .statusCode(400)
          .body("error.message", org.hamcrest.Matchers.startsWith("Invalid lifetime"));
    }
    as(SeededPrincipals.issueToken("admin"))
        .body("{}")
        .post("/api/v1/admin/principals/trino/tokens")
        .then()
        .statusCode(400)
        .body(
            "error.message",
            equalTo(
                "Invalid lifetime: required: an ISO-8601 duration longer than the usual token"
                    + " lifetime, at most P366D"));
    as(SeededPrincipals.issueToken("admin"))
        .body("{\"lifetime\":\"P30D\"}")
        .post("/api/v1/admin/principals/nobody-here/tokens")
        .then()
        .statusCode(404);
  }
}
