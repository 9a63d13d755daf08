package io.insightmesh.catalog.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.insightmesh.catalog.SeededPrincipals;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * An admin rotates a leaked client secret: the old one signs in nowhere from then on, the new one
 * everywhere, and a seeded principal's credentials file follows so {@code ./mesh token} keeps
 * working.
 */
@QuarkusTest
class SecretRotationTest {
  @Test
  void aRotatedSecretIsRefusedAtOnceAndTheNewOneSignsIn() {
    String name = "engine-" + UUID.randomUUID().toString().substring(0, 8);
    String old = ClientSignIns.create(name, "trino");
    assertThat(signIn(name, old)).isEqualTo(200);
    assertThat(ClientSignIns.askPolicy(name, old)).isEqualTo(200);

    String rotated =
        admin()
            .post("/api/v1/admin/principals/" + name + "/secret")
            .then()
            .statusCode(200)
            .body("name", equalTo(name))
            .extract()
            .path("clientSecret");

    assertThat(rotated).isNotEqualTo(old);
    assertThat(signIn(name, old)).isEqualTo(401);
    assertThat(ClientSignIns.askPolicy(name, old))
        .as("not trusted for another 30 s")
        .isEqualTo(401);
    assertThat(signIn(name, rotated)).isEqualTo(200);
    assertThat(ClientSignIns.askPolicy(name, rotated)).isEqualTo(200);
    String audit =
        admin()
            .queryParam("principal", "admin")
            .queryParam("limit", 20)
            .get("/api/v1/admin/audit")
            .then()
            .statusCode(200)
            .extract()
            .asString();
    assertThat(audit).contains("principal.rotate").doesNotContain(rotated).doesNotContain(old);
  }

  @Test
  void aSeededPrincipalsCredentialsFileFollowsItsSecret() {
    String before = SeededPrincipals.secret("profiles-team");

    String rotated =
        admin()
            .post("/api/v1/admin/principals/profiles-team/secret")
            .then()
            .statusCode(200)
            .extract()
            .path("clientSecret");

    assertThat(SeededPrincipals.secret("profiles-team")).isEqualTo(rotated).isNotEqualTo(before);
    assertThat(SeededPrincipals.issueToken("profiles-team")).isNotBlank();
  }

  @Test
  void onlyAnAdminRotatesAndOnlyAPrincipalThatExists() {
    given()
        .header("Authorization", "Bearer " + SeededPrincipals.issueToken("analyst"))
        .post("/api/v1/admin/principals/trino/secret")
        .then()
        .statusCode(403);
    admin().post("/api/v1/admin/principals/nobody-here/secret").then().statusCode(404);
    assertThat(signIn("trino", SeededPrincipals.secret("trino"))).isEqualTo(200);
  }

  private static io.restassured.specification.RequestSpecification admin() {
    return given()
        .header("Authorization", "Bearer " + SeededPrincipals.issueToken("admin"))
        .contentType(ContentType.JSON);
  }

  private static int signIn(String name, String secret) {
    return ClientSignIns.signIn(name, secret).statusCode();
  }
}
