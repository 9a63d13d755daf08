package io.insightmesh.catalog.security;

import static io.restassured.RestAssured.given;

import io.insightmesh.catalog.SeededPrincipals;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** How a client proves its secret: at the token endpoint, and as Trino does on a policy URI. */
final class ClientSignIns {
  private static final String ALLOW =
      "{\"input\":{\"context\":{\"identity\":{\"user\":\"analyst\",\"groups\":[]},"
          + "\"softwareStack\":{\"trinoVersion\":\"476\"}},\"action\":{\"operation\":"
          + "\"ExecuteQuery\"}}}";

  private ClientSignIns() {}

  /** Creates a principal with one role through the admin API; its client secret. */
  static String create(String name, String role) {
    return given()
        .header("Authorization", "Bearer " + SeededPrincipals.issueToken("admin"))
        .contentType(ContentType.JSON)
        .body("{\"name\":\"" + name + "\",\"roles\":[\"" + role + "\"]}")
        .post("/api/v1/admin/principals")
        .then()
        .statusCode(200)
        .extract()
        .path("clientSecret");
  }

  /** A client-credentials sign-in's response. */
  static Response signIn(String name, String secret) {
    return given()
        .contentType(ContentType.URLENC)
        .formParam("grant_type", "client_credentials")
        .formParam("client_id", name)
        .formParam("client_secret", secret)
        .formParam("scope", "catalog")
        .post("/oauth/token");
  }

  /** The status of an access question asked with {@code name:secret} in the policy URI. */
  static int askPolicy(String name, String secret) {
    return policyAnswer(name, secret).statusCode();
  }

  static Response policyAnswer(String name, String secret) {
    return given()
        .contentType(ContentType.JSON)
        .body(ALLOW)
        .post("/api/v1/policy/trino/" + name + ":" + secret + "/allow")
        .then()
        .extract()
        .response();
  }
}
