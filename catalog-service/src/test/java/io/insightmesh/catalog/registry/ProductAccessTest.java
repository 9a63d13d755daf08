package io.insightmesh.catalog.registry;

import static io.insightmesh.catalog.registry.RegistryApi.PRODUCTS;
import static io.insightmesh.catalog.registry.RegistryApi.as;
import static io.insightmesh.catalog.registry.RegistryApi.register;
import static io.insightmesh.catalog.registry.RegistryApi.registration;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.insightmesh.catalog.security.AuditLog;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Who may read and write products (DESIGN.md §5), and that writes and denials are audited. */
@QuarkusTest
class ProductAccessTest {
  @Inject AuditLog audit;

  @Test
  void withoutATokenNothingIsAnswered() {
    given()
        .get(PRODUCTS)
        .then()
        .statusCode(401)
        .header("WWW-Authenticate", equalTo("Bearer realm=\"insight-mesh\""))
        .body("error.type", equalTo("NotAuthorizedException"))
        .body("error.message", equalTo("Authentication required: send a bearer token"));
    given()
        .contentType("application/json")
        .body(registration("claims", "anonymous"))
        .post(PRODUCTS)
        .then()
        .statusCode(401);
  }

  @Test
  void readersReadAndCaseWorkersDoNot() {
    register("claims-team", registration("claims", "access_read"));
    for (String reader :
        List.of("analyst", "pii-analyst", "trino", "scoring-engine", "profiles-team", "admin")) {
      as(reader).get(PRODUCTS + "/claims.access_read").then().statusCode(200);
    }

    as("case-worker")
        .get(PRODUCTS + "/claims.access_read")
        .then()
        .statusCode(403)
        .body("error.type", equalTo("ForbiddenException"))
        .body(
            "error.message",
            equalTo(
                "Principal case-worker may not read product claims.access_read: reading the"
                    + " catalog needs a reader role"));
    as("case-worker").get(PRODUCTS).then().statusCode(403);
    as("case-worker").get(PRODUCTS + "/claims.access_read/releases").then().statusCode(403);
  }

  @Test
  void aDomainTeamCannotRegisterInAnotherDomainAndTheDenialIsAudited() {
    as("claims-team")
        .body(registration("risk", "claims_team_decisions"))
        .post(PRODUCTS)
        .then()
        .statusCode(403)
        .body(
            "error.message",
            equalTo(
                "Principal claims-team may not register product risk.claims_team_decisions: only"
                    + " the owner of domain risk (role domain-owner:risk) may write it"));

    as("admin").get(PRODUCTS + "/risk.claims_team_decisions").then().statusCode(404);
    assertThat(audit.recent("claims-team", 50))
        .anySatisfy(
            entry -> {
              assertThat(entry.action()).isEqualTo("register");
              assertThat(entry.target()).isEqualTo("product risk.claims_team_decisions");
              assertThat(entry.outcome()).isEqualTo(AuditLog.Outcome.DENIED);
              assertThat(entry.detail()).contains("domain-owner:risk");
            });
  }

  @Test
  void onlyTheDomainOwnerOrAnAdminChangesAProduct() {
    register("profiles-team", registration("profiles", "access_owned"));
    String product = PRODUCTS + "/profiles.access_owned";

    for (String outsider : List.of("claims-team", "analyst", "pii-analyst", "trino")) {
      as(outsider)
          .body(registration("profiles", "access_owned"))
          .put(product)
          .then()
          .statusCode(403);
      as(outsider)
          .body(Map.of("reason", "not mine"))
          .post(product + "/deprecate")
          .then()
          .statusCode(403);
      as(outsider).post(product + "/retire").then().statusCode(403);
      as(outsider)
          .body(Map.of("version", "1.0.0", "snapshotId", 1, "rowCount", 1))
          .post(product + "/releases")
          .then()
          .statusCode(403);
    }
    as("profiles-team").get(product).then().body("status", equalTo("ACTIVE"));

    Map<String, Object> update = registration("profiles", "access_owned");
    update.put("description", "Changed by an admin.");
    as("admin")
        .body(update)
        .put(product)
        .then()
        .statusCode(200)
        .body("updatedBy", equalTo("admin"));
  }

  @Test
  void everyWriteIsAudited() {
    register("risk-team", registration("risk", "access_audited"));
    String product = PRODUCTS + "/risk.access_audited";
    as("risk-team")
        .body(registration("risk", "access_audited"))
        .put(product)
        .then()
        .statusCode(200);
    as("risk-team")
        .body(Map.of("reason", "Superseded"))
        .post(product + "/deprecate")
        .then()
        .statusCode(200);
    as("risk-team").post(product + "/retire").then().statusCode(200);

    List<String> actions =
        audit.recent("risk-team", 200).stream()
            .filter(entry -> entry.target().equals("product risk.access_audited"))
            .filter(entry -> entry.outcome() == AuditLog.Outcome.ALLOWED)
            .map(AuditLog.Entry::action)
            .toList();
    assertThat(actions)
        .containsExactly(
            "product.retire", "product.deprecate", "product.update", "product.register");
  }
}
