package io.insightmesh.catalog.registry;

import static io.insightmesh.catalog.registry.RegistryApi.PRODUCTS;
import static io.insightmesh.catalog.registry.RegistryApi.as;
import static io.insightmesh.catalog.registry.RegistryApi.register;
import static io.insightmesh.catalog.registry.RegistryApi.registration;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** ACTIVE → DEPRECATED → RETIRED, and nothing else. */
@QuarkusTest
class ProductLifecycleTest {

  @Test
  void aProductIsDeprecatedWithAReasonAndSuccessorThenRetired() {
    register("claims-team", registration("claims", "lifecycle_v1"));
    register("claims-team", registration("claims", "lifecycle_v2"));
    String product = PRODUCTS + "/claims.lifecycle_v1";

    as("claims-team")
        .body(Map.of("reason", "Moved to lifecycle_v2", "successor", "claims.lifecycle_v2"))
        .post(product + "/deprecate")
        .then()
        .statusCode(200)
        .body("status", equalTo("DEPRECATED"))
        .body("deprecation.reason", equalTo("Moved to lifecycle_v2"))
        .body("deprecation.successor", equalTo("claims.lifecycle_v2"))
        .body("deprecation.deprecatedBy", equalTo("claims-team"))
        .body("deprecation.deprecatedAt", notNullValue())
        .body("retiredAt", nullValue());

    as("claims-team")
        .post(product + "/retire")
        .then()
        .statusCode(200)
        .body("status", equalTo("RETIRED"))
        .body("retiredBy", equalTo("claims-team"))
        .body("retiredAt", notNullValue())
        .body("deprecation.successor", equalTo("claims.lifecycle_v2"));

    as("analyst").get(product).then().statusCode(200).body("status", equalTo("RETIRED"));
  }

  @Test
  void retiringAProductThatWasNotDeprecatedIsRefused() {
    register("claims-team", registration("claims", "lifecycle_active"));

    as("claims-team")
        .post(PRODUCTS + "/claims.lifecycle_active/retire")
        .then()
        .statusCode(409)
        .body("error.type", equalTo("ProductLifecycleException"))
        .body(
            "error.message",
            equalTo(
                "Cannot retire claims.lifecycle_active: only a DEPRECATED product may be retired"
                    + " and it is ACTIVE; deprecate it first so its readers are warned"));
    as("analyst")
        .get(PRODUCTS + "/claims.lifecycle_active")
        .then()
        .body("status", equalTo("ACTIVE"));
  }

  @Test
  void repeatingATransitionIsIdempotentButChangingItIsRefused() {
    register("claims-team", registration("claims", "lifecycle_repeat"));
    String product = PRODUCTS + "/claims.lifecycle_repeat";
    Map<String, String> deprecation = Map.of("reason", "No longer fed");

    String deprecatedAt =
        as("claims-team")
            .body(deprecation)
            .post(product + "/deprecate")
            .then()
            .statusCode(200)
            .extract()
            .path("deprecation.deprecatedAt");
    as("claims-team")
        .body(deprecation)
        .post(product + "/deprecate")
        .then()
        .statusCode(200)
        .body("deprecation.deprecatedAt", equalTo(deprecatedAt));
    as("claims-team")
        .body(Map.of("reason", "Another reason"))
        .post(product + "/deprecate")
        .then()
        .statusCode(409)
        .body(
            "error.message",
            equalTo(
                "Cannot deprecate claims.lifecycle_repeat: it is already DEPRECATED with another"
                    + " reason or successor, and a deprecation is not changed"));

    String retiredAt =
        as("claims-team")
            .post(product + "/retire")
            .then()
            .statusCode(200)
            .extract()
            .path("retiredAt");
    as("claims-team")
        .post(product + "/retire")
        .then()
        .statusCode(200)
        .body("retiredAt", equalTo(retiredAt));
  }

  @Test
  void aRetiredProductIsFinal() {
    register("claims-team", registration("claims", "lifecycle_final"));
    String product = PRODUCTS + "/claims.lifecycle_final";
    as("claims-team")
        .body(Map.of("reason", "Done"))
        .post(product + "/deprecate")
        .then()
        .statusCode(200);
    as("claims-team").post(product + "/retire").then().statusCode(200);

    as("claims-team")
        .body(Map.of("reason", "Done"))
        .post(product + "/deprecate")
        .then()
        .statusCode(409)
        .body(
            "error.message",
            equalTo(
                "Cannot deprecate claims.lifecycle_final: it is RETIRED, and a retired product is"
                    + " final"));
    as("claims-team")
        .body(registration("claims", "lifecycle_final"))
        .put(product)
        .then()
        .statusCode(409)
        .body(
            "error.message",
            equalTo(
                "Cannot update claims.lifecycle_final: it is RETIRED, and a retired product is"
                    + " final"));
  }

  @Test
  void aDeprecationNeedsAReasonAndARegisteredSuccessor() {
    register("claims-team", registration("claims", "lifecycle_checked"));
    String deprecate = PRODUCTS + "/claims.lifecycle_checked/deprecate";

    as("claims-team")
        .body(Map.of("successor", "claims.claims"))
        .post(deprecate)
        .then()
        .statusCode(400)
        .body("error.message", equalTo("Invalid reason: required, 1 to 1000 characters of text"));
    as("claims-team")
        .body(Map.of("reason", "x".repeat(1001)))
        .post(deprecate)
        .then()
        .statusCode(400)
        .body("error.message", equalTo("Invalid reason: 1001 characters, at most 1000"));
    as("claims-team")
        .body(Map.of("reason", "Replaced", "successor", "claims.not_registered"))
        .post(deprecate)
        .then()
        .statusCode(400)
        .body(
            "error.message",
            equalTo("Invalid successor claims.not_registered: no such product is registered"));
    as("claims-team")
        .body(Map.of("reason", "Replaced", "successor", "Claims"))
        .post(deprecate)
        .then()
        .statusCode(400)
        .body("error.message", containsString("Invalid successor 'Claims': must be a product id"));
    as("claims-team")
        .body(Map.of("reason", "Replaced", "successor", "claims.lifecycle_checked"))
        .post(deprecate)
        .then()
        .statusCode(400)
        .body(
            "error.message",
            equalTo("Invalid successor claims.lifecycle_checked: a product cannot succeed itself"));

    as("analyst")
        .get(PRODUCTS + "/claims.lifecycle_checked")
        .then()
        .body("status", equalTo("ACTIVE"))
        .body("deprecation", nullValue());
  }

  @Test
  void unknownProductsCannotChangeState() {
    as("claims-team")
        .body(Map.of("reason", "x"))
        .post(PRODUCTS + "/claims.lifecycle_unknown/deprecate")
        .then()
        .statusCode(404)
        .body("error.message", equalTo("Product claims.lifecycle_unknown is not registered"));
    as("claims-team").post(PRODUCTS + "/claims.lifecycle_unknown/retire").then().statusCode(404);
  }
}
