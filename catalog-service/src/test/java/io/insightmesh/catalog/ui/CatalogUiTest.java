package io.insightmesh.catalog.ui;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * The catalog UI as the service serves it: the page and its assets need no token (they hold no
 * data), everything the page reads does, and a missing scoring engine is reported, not hidden.
 */
@QuarkusTest
class CatalogUiTest {

  @Test
  void thePageAndItsAssetsAreServedWithoutAToken() {
    given()
        .get("/")
        .then()
        .statusCode(200)
        .contentType(containsString("text/html"))
        .body(containsString("<title>Insight Mesh catalog</title>"))
        .body(containsString("/ui/app.js"))
        // Nothing from the internet: the page works on an air-gapped machine.
        .body(not(containsString("https://")));
    given()
        .get("/ui/app.js")
        .then()
        .statusCode(200)
        .body(containsString("sessionStorage"))
        .body(not(containsString("localStorage")));
    given().get("/ui/app.css").then().statusCode(200).body(containsString(":focus-visible"));
  }

  @Test
  void theEngineViewsNeedAToken() {
    given()
        .get("/api/v1/ui/engine/search?nino=AB123456C&reason=case-1")
        .then()
        .statusCode(401)
        .body("error.message", containsString("bearer token"));
    given().get("/api/v1/ui/engine/figures").then().statusCode(401);
  }

  @Test
  void theEngineFiguresNeedAReaderOrCaseWorkerRole() {
    given()
        .header("Authorization", "Bearer " + token("admin"))
        .contentType(ContentType.JSON)
        .body(Map.of("name", "figures-roleless", "roles", List.of()))
        .post("/api/v1/admin/principals")
        .then()
        .statusCode(200);
    String roleless =
        given()
            .header("Authorization", "Bearer " + token("admin"))
            .contentType(ContentType.JSON)
            .body(Map.of("lifetime", "P2D"))
            .post("/api/v1/admin/principals/figures-roleless/tokens")
            .then()
            .statusCode(200)
            .extract()
            .path("accessToken");
    given()
        .header("Authorization", "Bearer " + roleless)
        .get("/api/v1/ui/engine/figures")
        .then()
        .statusCode(403)
        .body("error.message", containsString("a reader role or the case-worker role"));
    given()
        .header("Authorization", "Bearer " + token("case-worker"))
        .get("/api/v1/ui/engine/figures")
        .then()
        .statusCode(200);
  }

  @Test
  void anUnreachableEngineIsReportedWithoutTheSearchedValue() {
    String body =
        given()
            .header("Authorization", "Bearer " + token("case-worker"))
            .get("/api/v1/ui/engine/search?nino=AB123456C&reason=case-1")
            .then()
            .statusCode(503)
            .contentType(ContentType.JSON)
            .body("error.message", containsString("scoring engine at http://127.0.0.1:9"))
            .extract()
            .asString();
    assertThat(body).doesNotContain("AB123456C");

    given()
        .header("Authorization", "Bearer " + token("analyst"))
        .get("/api/v1/ui/engine/figures")
        .then()
        .statusCode(200)
        .body("reachable", equalTo(false));
  }

  private static String token(String principal) {
    Path dataDir =
        Path.of(ConfigProvider.getConfig().getValue("mesh.catalog.data-dir", String.class));
    String secret;
    try {
      secret =
          Files.readString(dataDir.resolve("catalog").resolve("credentials").resolve(principal))
              .strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return given()
        .contentType(ContentType.URLENC)
        .formParam("grant_type", "client_credentials")
        .formParam("client_id", principal)
        .formParam("client_secret", secret)
        .post("/oauth/token")
        .then()
        .statusCode(200)
        .extract()
        .path("access_token");
  }
}
