package io.insightmesh.catalog;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Tokens for the principals the catalog under test seeded, signed in as a client would be: the
 * secret the catalog wrote to its data directory, exchanged at {@code POST /oauth/token}. Callers
 * keep their own tokens: each test profile runs a catalog with its own data directory and keys.
 */
public final class SeededPrincipals {
  private SeededPrincipals() {}

  /** The secret the catalog seeded for {@code principal} in its data directory. */
  public static String secret(String principal) {
    Path dataDir =
        Path.of(ConfigProvider.getConfig().getValue("mesh.catalog.data-dir", String.class));
    Path secretFile = dataDir.resolve("catalog").resolve("credentials").resolve(principal);
    try {
      return Files.readString(secretFile).strip();
    } catch (IOException e) {
      throw new UncheckedIOException("No seeded secret for " + principal + " at " + secretFile, e);
    }
  }

  /** A fresh bearer token for {@code principal}. */
  public static String issueToken(String principal) {
    return given()
        .contentType(ContentType.URLENC)
        .formParam("grant_type", "client_credentials")
        .formParam("client_id", principal)
        .formParam("client_secret", secret(principal))
        .formParam("scope", "catalog")
        .post("/oauth/token")
        .then()
        .statusCode(200)
        .extract()
        .path("access_token");
  }
}
