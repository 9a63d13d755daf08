package io.insightmesh.catalog.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.insightmesh.catalog.SeededPrincipals;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Guessing a client secret: after ten failures in a minute from one address, the token endpoint and
 * the policy API refuse that client id from that address (429 with {@code Retry-After}) — even with
 * the right secret, before it is checked and without an audit row each — while every other client
 * signs in as before.
 */
@QuarkusTest
class SignInThrottlingTest {
  @Test
  void tenWrongSecretsThrottleThatClientFromThatAddressOnly() {
    String name = "guessed-" + UUID.randomUUID().toString().substring(0, 8);
    String secret = ClientSignIns.create(name, "analyst");
    for (int guess = 0; guess < 10; guess++) {
      assertThat(ClientSignIns.signIn(name, "guess-" + guess).statusCode())
          .as("guess %d", guess)
          .isEqualTo(401);
    }

    Response refused = ClientSignIns.signIn(name, secret);
    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.jsonPath().getString("error")).isEqualTo("slow_down");
    assertThat(Integer.parseInt(refused.header("Retry-After"))).isBetween(1, 60);
    assertThat(ClientSignIns.signIn(name, "guess-11").statusCode()).isEqualTo(429);
    // Another client from the same address is not held back.
    assertThat(ClientSignIns.signIn("analyst", SeededPrincipals.secret("analyst")).statusCode())
        .isEqualTo(200);
    String audit =
        given()
            .header("Authorization", "Bearer " + SeededPrincipals.issueToken("admin"))
            .queryParam("principal", name)
            .queryParam("limit", 100)
            .get("/api/v1/admin/audit")
            .then()
            .statusCode(200)
            .extract()
            .asString();
    // The ten failures, the last saying what follows; the refused attempts are not written.
    assertThat(audit.split("\"action\":\"token.issue\"", -1)).hasSize(11);
    assertThat(audit).contains("further attempts are refused unaudited").doesNotContain(secret);
  }

  @Test
  void thePolicyApiCountsTowardsTheSameLimit() {
    String name = "engine-" + UUID.randomUUID().toString().substring(0, 8);
    String secret = ClientSignIns.create(name, "trino");
    for (int guess = 0; guess < 10; guess++) {
      assertThat(ClientSignIns.askPolicy(name, "guess-" + guess))
          .as("guess %d", guess)
          .isEqualTo(401);
    }

    // Throttled, not wrong: Trino's operator sees 429 and how long to wait, not a bad secret.
    Response refused = ClientSignIns.policyAnswer(name, secret);
    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(Integer.parseInt(refused.header("Retry-After"))).isBetween(1, 60);
    assertThat(refused.jsonPath().getString("error.type")).isEqualTo("TooManyRequestsException");
    assertThat(refused.jsonPath().getString("error.message"))
        .startsWith("Too many failed sign-ins for this principal from this address; try again in")
        .doesNotContain(secret);
    assertThat(ClientSignIns.signIn(name, secret).statusCode()).isEqualTo(429);
    assertThat(ClientSignIns.askPolicy("trino", SeededPrincipals.secret("trino"))).isEqualTo(200);
  }
}
