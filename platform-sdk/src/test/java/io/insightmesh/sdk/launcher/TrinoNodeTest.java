package io.insightmesh.sdk.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Trino configuration the platform writes, as an operator finds it in {@code etc/}. */
class TrinoNodeTest {
  private static final String CREDENTIAL = "trino:s3cret-value";

  @TempDir Path directory;

  @Test
  void theNodeAsksTheCatalogForEveryDecisionAndSignsUsersInWithItsTokens() throws Exception {
    TrinoNode node = node();
    node.configure();

    Properties access = properties(node.etc().resolve("access-control.properties"));
    String policy = "http://localhost:8181/api/v1/policy/trino/" + CREDENTIAL;
    assertThat(access)
        .containsEntry("access-control.name", "opa")
        .containsEntry("opa.policy.uri", policy + "/allow")
        .containsEntry("opa.policy.batched-uri", policy + "/batch")
        .doesNotContainKey("opa.policy.row-filters-uri")
        .containsEntry("opa.policy.batch-column-masking-uri", policy + "/column-masks")
        .containsEntry("opa.allow-permission-management-operations", "false");
    Properties config = properties(node.etc().resolve("config.properties"));
    assertThat(config)
        .containsEntry("http-server.authentication.type", "JWT")
        .containsEntry(
            "http-server.authentication.jwt.key-file", "http://localhost:8181/oauth/jwks")
        .containsEntry("http-server.https.enabled", "true")
        .containsEntry("http-server.https.port", "18443")
        .doesNotContainKey("http-server.authentication.allow-insecure-over-http");
    assertThat(properties(node.etc().resolve("catalog/mesh.properties")))
        .containsEntry("iceberg.rest-catalog.uri", "http://localhost:8181/iceberg")
        .containsEntry("iceberg.rest-catalog.oauth2.credential", CREDENTIAL);
    assertThat(Files.readString(node.etc().resolve("log.properties")))
        .as("the start-up table would print the policy URIs")
        .contains("Bootstrap=WARN");
  }

  @Test
  void theRequestLogGoesToTheNodesDirectoryNotWhereverTrinoWasStartedFrom() throws Exception {
    TrinoNode node = node();
    node.configure();
    // Trino's default is relative to its working directory: `./mesh up` left var/log/ in the
    // checkout.
    assertThat(properties(node.etc().resolve("config.properties")))
        .containsEntry(
            "http-server.log.path",
            directory.resolve("node/data/var/log/http-request.log").toString());
  }

  @Test
  void filesHoldingSecretsAreTheOwnersAlone() throws Exception {
    TrinoNode node = node();
    node.configure();
    for (String file :
        new String[] {
          "access-control.properties", "config.properties", "catalog/mesh.properties"
        }) {
      assertThat(
              PosixFilePermissions.toString(
                  Files.getPosixFilePermissions(node.etc().resolve(file))))
          .as(file)
          .isEqualTo("rw-------");
    }
    // The key store, its passwords and the internal secret: keytool writes its stores readable.
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(node.etc().getParent().resolve("tls"))))
        .isEqualTo("rwx------");
  }

  @Test
  void theListenerReportsEveryQuerySelectIncludedToTheCatalogsLineageApi() throws Exception {
    TrinoNode node =
        node()
            .withLineage(
                new TrinoNode.Lineage(URI.create("http://localhost:8181"), "service.token.value"));
    node.configure();

    Path listener = node.etc().resolve("event-listener.properties");
    assertThat(properties(node.etc().resolve("config.properties")))
        .containsEntry("event-listener.config-files", listener.toString());
    assertThat(properties(listener))
        .containsEntry("event-listener.name", "openlineage")
        .containsEntry("openlineage-event-listener.transport.url", "http://localhost:8181")
        .containsEntry("openlineage-event-listener.transport.endpoint", "/api/v1/lineage")
        .containsEntry("openlineage-event-listener.transport.api-key", "service.token.value")
        .containsEntry("openlineage-event-listener.trino.uri", "https://localhost:18443");
    assertThat(
            properties(listener)
                .getProperty("openlineage-event-listener.trino.include-query-types"))
        .contains("SELECT");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(listener)))
        .as("the service token is the owner's alone")
        .isEqualTo("rw-------");

    node().configure();
    assertThat(listener).as("a node without a listener leaves none behind").doesNotExist();
    assertThat(properties(node.etc().resolve("config.properties")))
        .doesNotContainKey("event-listener.config-files");
  }

  @Test
  void anS3WarehouseIsReadThroughTrinosNativeS3WithCredentialsFromTheEnvironment()
      throws Exception {
    ObjectStorage storage =
        ObjectStorage.fromEnvironment(
                java.util.Map.of(
                    "MESH_WAREHOUSE", "s3://mesh-warehouse/platform",
                    "MESH_S3_ENDPOINT", "http://127.0.0.1:9000",
                    "MESH_S3_REGION", "eu-west-2",
                    "MESH_S3_PATH_STYLE_ACCESS", "true",
                    "AWS_SECRET_ACCESS_KEY", "never-in-a-file"))
            .orElseThrow();
    TrinoNode node = node().withObjectStorage(storage);
    node.configure();

    Path catalog = node.etc().resolve("catalog/mesh.properties");
    assertThat(properties(catalog))
        .containsEntry("fs.native-s3.enabled", "true")
        .containsEntry("s3.region", "eu-west-2")
        .containsEntry("s3.endpoint", "http://127.0.0.1:9000")
        .containsEntry("s3.path-style-access", "true");
    assertThat(Files.readString(catalog)).doesNotContain("never-in-a-file").doesNotContain("aws-");
  }

  @Test
  void aLocalWarehouseNeedsNoObjectStorageAndAnS3OneNeedsARegion() {
    assertThat(ObjectStorage.fromEnvironment(java.util.Map.of())).isEmpty();
    assertThat(ObjectStorage.fromEnvironment(java.util.Map.of("MESH_WAREHOUSE", "file:/data/wh")))
        .isEmpty();
    assertThatThrownBy(
            () ->
                ObjectStorage.fromEnvironment(
                    java.util.Map.of("MESH_WAREHOUSE", "s3://mesh-warehouse/platform")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Missing MESH_S3_REGION")
        .hasMessageContaining("s3://mesh-warehouse/platform");
  }

  @Test
  void withAServiceTokenTheCatalogConnectionSendsItInsteadOfAskingForATokenPerCall()
      throws Exception {
    TrinoNode node = node().withCatalogToken("service.token.value");
    node.configure();

    Properties catalog = properties(node.etc().resolve("catalog/mesh.properties"));
    assertThat(catalog)
        .containsEntry("iceberg.rest-catalog.security", "OAUTH2")
        .containsEntry("iceberg.rest-catalog.oauth2.token", "service.token.value")
        .containsEntry("iceberg.rest-catalog.oauth2.token-refresh-enabled", "false")
        .doesNotContainKey("iceberg.rest-catalog.oauth2.credential")
        .doesNotContainKey("iceberg.rest-catalog.oauth2.scope");
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(node.etc().resolve("catalog/mesh.properties"))))
        .isEqualTo("rw-------");
    assertThat(properties(node.etc().resolve("access-control.properties")))
        .as("the policy API still authenticates the engine by its credential")
        .containsEntry(
            "opa.policy.uri", "http://localhost:8181/api/v1/policy/trino/" + CREDENTIAL + "/allow");
    assertThatThrownBy(() -> node().withCatalogToken("token\nx=y"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("catalogToken");
  }

  @Test
  void aServiceTokenIsOneLineOfTheListenersFile() {
    assertThatThrownBy(
            () -> new TrinoNode.Lineage(URI.create("http://localhost:8181"), "token\nx=y"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("serviceToken");
  }

  @Test
  void clientsTrustTheCertificateAcrossRestarts() throws Exception {
    TrinoNode node = node();
    node.configure();
    Properties connection = properties(node.connectionFile());
    assertThat(connection).containsEntry(TrinoNode.JDBC_URL, "jdbc:trino://localhost:18443/mesh");
    byte[] first = Files.readAllBytes(node.truststore());

    node.configure();

    assertThat(Files.readAllBytes(node.truststore())).isEqualTo(first);
    KeyStore truststore = KeyStore.getInstance("PKCS12");
    try (var in = Files.newInputStream(node.truststore())) {
      truststore.load(in, connection.getProperty(TrinoNode.TRUSTSTORE_PASSWORD).toCharArray());
    }
    assertThat(truststore.isCertificateEntry("trino")).isTrue();
    assertThat(truststore.isKeyEntry("trino")).as("no private key for clients").isFalse();
  }

  private TrinoNode node() {
    return TrinoNode.of(
        directory.resolve("trino-server"),
        directory.resolve("node"),
        18080,
        18443,
        URI.create("http://localhost:8181"),
        CREDENTIAL,
        "1G");
  }

  private static Properties properties(Path file) throws Exception {
    Properties properties = new Properties();
    try (Reader in = Files.newBufferedReader(file)) {
      properties.load(in);
    }
    return properties;
  }
}
