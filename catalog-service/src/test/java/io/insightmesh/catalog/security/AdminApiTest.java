package io.insightmesh.catalog.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.insightmesh.catalog.SeededPrincipals;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The admin API's answers to bodies it cannot take and to a creation repeated: a 400 or 409 in the
 * API's error shape that says what to change, and nothing changed.
 */
@QuarkusTest
class AdminApiTest {
  private static final String PRINCIPALS = "/api/v1/admin/principals";

  private static RequestSpecification admin() {
    return given()
        .header("Authorization", "Bearer " + SeededPrincipals.issueToken("admin"))
        .contentType(ContentType.JSON)
        .accept(ContentType.JSON);
  }

  private static List<String> principalNames() {
    return admin().get(PRINCIPALS).then().statusCode(200).extract().jsonPath().getList("name");
  }

  @Test
  void aFieldOfTheWrongTypeIsRefusedNamingItAndNothingIsCreated() {
    admin()
        .body("{\"name\":\"fraud-team\",\"roles\":\"domain-owner:fraud\"}")
        .post(PRINCIPALS)
        .then()
        .statusCode(400)
        .body("error.code", equalTo(400))
        .body("error.type", equalTo("IllegalArgumentException"))
        .body("error.message", equalTo("Invalid roles: must be an array"));
    assertThat(principalNames()).doesNotContain("fraud-team");

    String name = "wrong-shapes-" + UUID.randomUUID().toString().substring(0, 8);
    String secret = ClientSignIns.create(name, "analyst");
    admin()
        .body("{\"roles\":\"admin\"}")
        .put(PRINCIPALS + "/" + name + "/roles")
        .then()
        .statusCode(400)
        .body("error.message", equalTo("Invalid roles: must be an array"));
    admin()
        .body("{\"lifetime\":[\"P30D\"]}")
        .post(PRINCIPALS + "/" + name + "/tokens")
        .then()
        .statusCode(400)
        .body("error.message", equalTo("Invalid lifetime: must be a string"));
    for (String body : new String[] {"", "\"yes\"", "{\"disabled\":true}"}) {
      admin()
          .body(body)
          .put(PRINCIPALS + "/" + name + "/disabled")
          .then()
          .statusCode(400)
          .body("error.code", equalTo(400))
          .body(
              "error.message",
              equalTo(
                  "Invalid disabled: required, the body is true or false, the JSON value alone"));
    }
    admin()
        .get(PRINCIPALS)
        .then()
        .body("find { it.name == '" + name + "' }.roles", equalTo(List.of("analyst")))
        .body("find { it.name == '" + name + "' }.disabled", equalTo(false));
    assertThat(ClientSignIns.signIn(name, secret).statusCode()).isEqualTo(200);
  }

  @Test
  void aBodyWithASecondValueAfterItIsRefusedAndNothingIsCreated() {
    admin()
        .body("{\"name\":\"first-of-two\",\"roles\":[\"analyst\"]}{\"name\":\"second-of-two\"}")
        .post(PRINCIPALS)
        .then()
        .statusCode(400)
        .body("error.code", equalTo(400))
        .body(
            "error.message",
            equalTo("Invalid request body: more than one JSON value; send exactly one"));
    assertThat(principalNames()).doesNotContain("first-of-two", "second-of-two");
  }

  @Test
  void aNumberOrBooleanWhereTextIsExpectedIsRefusedNamingTheFieldAndNothingIsCreated() {
    // Read as the text "true", a boolean name would make a principal nobody asked for.
    for (String name : new String[] {"true", "123", "1.5"}) {
      admin()
          .body("{\"name\":" + name + ",\"roles\":[\"analyst\"]}")
          .post(PRINCIPALS)
          .then()
          .statusCode(400)
          .body("error.code", equalTo(400))
          .body("error.type", equalTo("IllegalArgumentException"))
          .body("error.message", equalTo("Invalid name: must be a string"));
    }
    admin()
        .body("{\"name\":\"typed-team\",\"roles\":[\"analyst\",7]}")
        .post(PRINCIPALS)
        .then()
        .statusCode(400)
        .body("error.message", equalTo("Invalid roles[1]: must be a string"));
    assertThat(principalNames()).doesNotContain("true", "123", "1.5", "typed-team");

    String name = "typed-" + UUID.randomUUID().toString().substring(0, 8);
    String secret = ClientSignIns.create(name, "analyst");
    admin()
        .body("{\"roles\":[true]}")
        .put(PRINCIPALS + "/" + name + "/roles")
        .then()
        .statusCode(400)
        .body("error.message", equalTo("Invalid roles[0]: must be a string"));
    admin()
        .body("{\"lifetime\":30}")
        .post(PRINCIPALS + "/" + name + "/tokens")
        .then()
        .statusCode(400)
        .body("error.message", equalTo("Invalid lifetime: must be a string"));
    admin()
        .get(PRINCIPALS)
        .then()
        .body("find { it.name == '" + name + "' }.roles", equalTo(List.of("analyst")));
    assertThat(ClientSignIns.signIn(name, secret).statusCode()).isEqualTo(200);
  }

  @Test
  void aFieldNoAdminBodyHasIsRefusedNamingItAndNothingChanges() {
    admin()
        .body("{\"name\":\"rolez-team\",\"rolez\":[\"analyst\"]}")
        .post(PRINCIPALS)
        .then()
        .statusCode(400)
        .body("error.code", equalTo(400))
        .body("error.type", equalTo("IllegalArgumentException"))
        .body(
            "error.message",
            equalTo(
                "Invalid field rolez: not a field of this request; the fields here are"
                    + " [name, roles]"));
    // Taken for a setting it is not, an extra field must not leave an enabled principal behind.
    String email = "jane.doe@example.org";
    String message =
        admin()
            .body(
                "{\"name\":\"extra-team\",\"roles\":[\"analyst\"],\"disabled\":true,"
                    + "\"email\":\""
                    + email
                    + "\"}")
            .post(PRINCIPALS)
            .then()
            .statusCode(400)
            .body(
                "error.message", startsWith("Invalid field disabled: not a field of this request"))
            .extract()
            .path("error.message");
    assertThat(message).doesNotContain(email);
    assertThat(principalNames()).doesNotContain("rolez-team", "extra-team");

    String name = "unknown-fields-" + UUID.randomUUID().toString().substring(0, 8);
    String secret = ClientSignIns.create(name, "analyst");
    admin()
        .body("{\"roles\":[\"admin\"],\"replace\":false}")
        .put(PRINCIPALS + "/" + name + "/roles")
        .then()
        .statusCode(400)
        .body(
            "error.message",
            equalTo(
                "Invalid field replace: not a field of this request; the fields here are"
                    + " [roles]"));
    admin()
        .body("{\"lifetime\":\"P30D\",\"lifetme\":\"P1D\"}")
        .post(PRINCIPALS + "/" + name + "/tokens")
        .then()
        .statusCode(400)
        .body(
            "error.message",
            equalTo(
                "Invalid field lifetme: not a field of this request; the fields here are"
                    + " [lifetime]"));
    admin()
        .get(PRINCIPALS)
        .then()
        .body("find { it.name == '" + name + "' }.roles", equalTo(List.of("analyst")));
    assertThat(ClientSignIns.signIn(name, secret).statusCode()).isEqualTo(200);
  }

  @Test
  void theDocumentedDisabledBodyDisablesAndEnables() {
    String name = "disabled-" + UUID.randomUUID().toString().substring(0, 8);
    String secret = ClientSignIns.create(name, "analyst");

    admin()
        .body("true")
        .put(PRINCIPALS + "/" + name + "/disabled")
        .then()
        .statusCode(200)
        .body("disabled", equalTo(true));
    assertThat(ClientSignIns.signIn(name, secret).statusCode()).isEqualTo(401);
    admin()
        .body(" false\n")
        .put(PRINCIPALS + "/" + name + "/disabled")
        .then()
        .statusCode(200)
        .body("disabled", equalTo(false));
    assertThat(ClientSignIns.signIn(name, secret).statusCode()).isEqualTo(200);
  }

  @Test
  void malformedJsonIsRefusedInTheErrorShapeAndNothingIsCreated() {
    admin()
        .body("{\"name\":\"malformed-team\",\"roles\":[\"analyst\"")
        .post(PRINCIPALS)
        .then()
        .statusCode(400)
        .body("error.code", equalTo(400))
        .body("error.type", equalTo("IllegalArgumentException"))
        .body("error.message", startsWith("Invalid request body: not valid JSON at line 1, column"))
        .body("error.requestId", org.hamcrest.Matchers.notNullValue());
    assertThat(principalNames()).doesNotContain("malformed-team");

    // Every body Quarkus binds answers alike, Trino's policy questions too.
    given()
        .contentType(ContentType.JSON)
        .body("{\"input\":")
        .post("/api/v1/policy/trino/trino:" + SeededPrincipals.secret("trino") + "/allow")
        .then()
        .statusCode(400)
        .body("error.message", startsWith("Invalid request body: not valid JSON at line 1"));
  }

  @Test
  void creatingAPrincipalTwiceIsAConflictThatChangesNothing() {
    String name = "retried-" + UUID.randomUUID().toString().substring(0, 8);
    String secret = ClientSignIns.create(name, "analyst");

    admin()
        .body("{\"name\":\"" + name + "\",\"roles\":[\"admin\"]}")
        .post(PRINCIPALS)
        .then()
        .statusCode(409)
        .body("error.code", equalTo(409))
        .body("error.type", equalTo("PrincipalAlreadyExistsException"))
        .body(
            "error.message",
            equalTo(
                "Cannot create principal "
                    + name
                    + ": it already exists and keeps its roles and secret; POST"
                    + " /api/v1/admin/principals/"
                    + name
                    + "/secret issues a new client secret"));

    admin()
        .get(PRINCIPALS)
        .then()
        .body("find { it.name == '" + name + "' }.roles", equalTo(List.of("analyst")));
    assertThat(ClientSignIns.signIn(name, secret).statusCode()).isEqualTo(200);
  }
}
