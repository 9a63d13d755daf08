package io.insightmesh.catalog.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.insightmesh.catalog.SeededPrincipals;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Reading the audit log: a limit that is not a number is a bad request naming it. */
@QuarkusTest
class AuditReadTest {
  @Test
  void aLimitThatIsNoNumberIsNamed() {
    for (String limit : new String[] {"abc", "1e3", "99999999999"}) {
      given()
          .header("Authorization", "Bearer " + SeededPrincipals.issueToken("admin"))
          .queryParam("limit", limit)
          .get("/api/v1/admin/audit")
          .then()
          .statusCode(400)
          .body("error.message", equalTo("Invalid limit: must be an integer from 1 to 1000"));
    }
    given()
        .header("Authorization", "Bearer " + SeededPrincipals.issueToken("admin"))
        .queryParam("limit", 0)
        .get("/api/v1/admin/audit")
        .then()
        .statusCode(400)
        .body("error.message", equalTo("Invalid limit: must be an integer from 1 to 1000"));
  }
}
