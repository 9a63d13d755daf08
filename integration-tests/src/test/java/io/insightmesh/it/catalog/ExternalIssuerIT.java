package io.insightmesh.it.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.insightmesh.it.harness.CatalogClients;
import io.insightmesh.it.harness.CatalogServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Production can name an external OpenID Connect issuer instead of the embedded one. Here a second
 * catalog instance plays that identity provider (its token endpoint and key set are real
 * OAuth2/JWKS endpoints); the catalog under test accepts its tokens and takes roles from its own
 * store.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExternalIssuerIT {
  private static final String IDP_ISSUER = "http://idp.insight-mesh.test";
  private CatalogServer identityProvider;
  private CatalogServer catalog;

  @BeforeAll
  void start() throws Exception {
    identityProvider =
        CatalogServer.start(
            "idp",
            Files.createTempDirectory("mesh-idp"),
            Map.of("mesh.catalog.tokens.issuer", IDP_ISSUER));
    catalog =
        CatalogServer.start(
            "external-issuer",
            Files.createTempDirectory("mesh-external"),
            Map.of(
                "mesh.catalog.tokens.external-issuer",
                IDP_ISSUER,
                "mesh.catalog.tokens.external-jwks-url",
                identityProvider.uri() + "/oauth/jwks"));
  }

  @AfterAll
  void stop() {
    catalog.close();
    identityProvider.close();
  }

  @Test
  void tokensOfTheExternalIssuerAreAcceptedWithRolesFromTheStore() {
    String external = identityProvider.token("claims-team");

    HttpResponse<String> created =
        CatalogClients.send(
            catalog,
            "POST",
            CatalogClients.ICEBERG_PATH + "/namespaces",
            "{\"namespace\":[\"claims\"]}",
            external);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(200);

    HttpResponse<String> otherDomain =
        CatalogClients.send(
            catalog,
            "POST",
            CatalogClients.ICEBERG_PATH + "/namespaces",
            "{\"namespace\":[\"risk\"]}",
            external);
    assertThat(otherDomain.statusCode()).isEqualTo(403);
  }

  @Test
  void aSubjectTheStoreDoesNotKnowMayDoNothing() {
    String admin = identityProvider.token("admin");
    HttpResponse<String> createdAtIdp =
        CatalogClients.send(
            identityProvider,
            "POST",
            "/api/v1/admin/principals",
            "{\"name\":\"outsider\",\"roles\":[\"analyst\"]}",
            admin);
    assertThat(createdAtIdp.statusCode()).as(createdAtIdp.body()).isEqualTo(200);
    Matcher secret = Pattern.compile("\"clientSecret\":\"([^\"]+)\"").matcher(createdAtIdp.body());
    assertThat(secret.find()).isTrue();
    String outsider = identityProvider.tokenFor("outsider", secret.group(1));

    HttpResponse<String> read =
        CatalogClients.send(
            catalog, "GET", CatalogClients.ICEBERG_PATH + "/namespaces", null, outsider);
    assertThat(read.statusCode()).isEqualTo(403);
  }

  @Test
  void aTamperedExternalTokenIsRefused() {
    String token = identityProvider.token("admin");
    String[] parts = token.split("\\.");
    // Claims rewritten to another subject, original signature kept: the signature no longer fits.
    String claims =
        new String(java.util.Base64.getUrlDecoder().decode(parts[1]))
            .replace("\"sub\":\"admin\"", "\"sub\":\"claims-team\"");
    String tampered =
        parts[0]
            + "."
            + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(claims.getBytes())
            + "."
            + parts[2];

    HttpResponse<String> response =
        CatalogClients.send(
            catalog, "GET", CatalogClients.ICEBERG_PATH + "/namespaces", null, tampered);
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.body()).contains("Authentication failed");
  }
}
