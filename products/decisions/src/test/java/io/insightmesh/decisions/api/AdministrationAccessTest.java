package io.insightmesh.decisions.api;

import static io.insightmesh.decisions.api.AssessmentResourceTest.token;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Who may call each rules and block-list endpoint: 401 without a token or with a bad one, 403 with
 * a role the endpoint is not for, and past both with one it is for. Requests that pass carry bodies
 * that are refused (or values not on a list), so the matrix changes nothing.
 */
@QuarkusTest
@TestProfile(AdministrationTestProfile.class)
class AdministrationAccessTest {
  private static final List<String> ROLES =
      List.of(
          "admin",
          "analyst",
          "pii-analyst",
          "case-worker",
          "scoring-engine",
          "domain-owner:claims",
          "domain-owner:risk");

  private record Endpoint(String method, String path, String body, Set<String> allowed) {
    int call(RequestSpecification request) {
      RequestSpecification ready =
          body.isEmpty() ? request : request.contentType("application/json").body(body);
      return ready.request(method, path).statusCode();
    }
  }

  private static final List<Endpoint> ENDPOINTS =
      List.of(
          new Endpoint(
              "GET",
              "/api/v1/rules",
              "",
              Set.of("analyst", "pii-analyst", "case-worker", "admin", "scoring-engine")),
          new Endpoint("PUT", "/api/v1/rules", "{}", Set.of("analyst", "admin")),
          new Endpoint("POST", "/api/v1/rules/changes", "{}", Set.of("analyst", "admin")),
          new Endpoint("GET", "/api/v1/blocklists", "", Set.of("admin", "analyst", "case-worker")),
          new Endpoint(
              "GET", "/api/v1/blocklists/ninos", "", Set.of("admin", "analyst", "case-worker")),
          new Endpoint(
              "GET",
              "/api/v1/blocklists/ninos/changes?reason=access-check",
              "",
              Set.of("admin", "case-worker")),
          new Endpoint("POST", "/api/v1/blocklists/ninos", "{}", Set.of("admin", "analyst")),
          new Endpoint(
              "POST",
              "/api/v1/blocklists/ninos/removals",
              "{\"value\": \"AB000001C\", \"reason\": \"access check\"}",
              Set.of("admin", "analyst")));

  @Test
  void everyEndpointNeedsAValidTokenAndOneOfItsRoles() {
    for (Endpoint endpoint : ENDPOINTS) {
      String name = endpoint.method() + " " + endpoint.path();
      assertThat(endpoint.call(given())).as(name + " without a token").isEqualTo(401);
      assertThat(endpoint.call(given().auth().oauth2("not-a-token")))
          .as(name + " with a bad token")
          .isEqualTo(401);
      for (String role : ROLES) {
        int status = endpoint.call(given().auth().oauth2(token(role, role)));
        if (endpoint.allowed().contains(role)) {
          assertThat(status).as(name + " as " + role).isNotIn(401, 403).isLessThan(500);
        } else {
          assertThat(status).as(name + " as " + role).isEqualTo(403);
        }
      }
    }
  }
}
