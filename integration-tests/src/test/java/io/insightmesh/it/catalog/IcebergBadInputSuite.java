package io.insightmesh.it.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.insightmesh.it.harness.CatalogClients;
import io.insightmesh.it.harness.CatalogServer;
import io.insightmesh.it.harness.IcebergMessages;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.Stream;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.rest.requests.CreateTableRequest;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile and malformed requests get a 4xx that names the field and the rule, and change nothing:
 * identifiers outside the allowlist, oversized or malformed bodies, and locations outside the
 * warehouse by every route a client could take.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class IcebergBadInputSuite {
  private static final String P = CatalogClients.ICEBERG_PATH;
  private static final Namespace CLAIMS = Namespace.of("claims");
  private static final Schema SCHEMA =
      new Schema(Types.NestedField.required(1, "id", Types.LongType.get()));

  private CatalogServer server;
  private RESTCatalog admin;
  private String token;
  private Table existing;

  abstract CatalogServer server();

  @BeforeAll
  void start() {
    server = server();
    admin = CatalogClients.iceberg(server, "admin");
    if (!admin.namespaceExists(CLAIMS)) {
      admin.createNamespace(CLAIMS);
    }
    TableIdentifier id = TableIdentifier.of(CLAIMS, "bad_input_target");
    existing = admin.tableExists(id) ? admin.loadTable(id) : admin.createTable(id, SCHEMA);
    token = server.token("admin");
  }

  @AfterAll
  void stop() throws Exception {
    admin.close();
  }

  Stream<Arguments> badNames() {
    return Stream.of(
        Arguments.of("star", "cl*ims"),
        Arguments.of("double quote", "cl\\\"aims"),
        Arguments.of("single quote", "cl'aims"),
        Arguments.of("slash", "cl/aims"),
        Arguments.of("dot-dot", "a..b"),
        Arguments.of("control character", "cl\\u0001aims"),
        Arguments.of("leading dash", "-claims"),
        Arguments.of("256 characters", "a".repeat(256)));
  }

  @ParameterizedTest(name = "namespace name with {0}")
  @MethodSource("badNames")
  void namespaceOutsideAllowlistIsRefused(String rule, String name) {
    List<Namespace> before = admin.listNamespaces(CLAIMS);
    HttpResponse<String> response =
        post(P + "/namespaces", "{\"namespace\":[\"claims\",\"" + name + "\"]}");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("Invalid namespace");
    assertThat(admin.listNamespaces(CLAIMS)).isEqualTo(before);
  }

  @ParameterizedTest(name = "table name with {0}")
  @MethodSource("badNames")
  void tableOutsideAllowlistIsRefused(String rule, String name) {
    List<TableIdentifier> before = admin.listTables(CLAIMS);
    String body =
        IcebergMessages.json(
                CreateTableRequest.builder().withName("placeholder").withSchema(SCHEMA).build())
            .replace("\"placeholder\"", "\"" + name + "\"");
    HttpResponse<String> response = post(P + "/namespaces/claims/tables", body);
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("Invalid name");
    assertThat(admin.listTables(CLAIMS)).isEqualTo(before);
  }

  @Test
  void encodedSlashInPathIsRefused() {
    HttpResponse<String> response =
        CatalogClients.send(server, "GET", P + "/namespaces/claims%2F..%2Fetc/tables", null, token);
    assertThat(response.statusCode()).isBetween(400, 404);
    assertThat(response.body()).doesNotContain("passwd");
  }

  @Test
  void malformedJsonIsRefused() {
    HttpResponse<String> response = post(P + "/namespaces/claims/tables", "{\"name\": \"t\", ");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("Invalid request body for CreateTableRequest");
  }

  /** Scan reports are answered on the event loop; a bad one is refused there the same way. */
  @Test
  void malformedScanReportIsRefused() {
    String metrics = P + "/namespaces/claims/tables/bad_input_target/metrics";
    HttpResponse<String> truncated = post(metrics, "{\"report-type\": ");
    assertThat(truncated.statusCode()).isEqualTo(400);
    assertThat(truncated.body()).contains("Invalid request body for ReportMetricsRequest");

    HttpResponse<String> nameless = post(metrics, "{\"report-type\": \"scan-report\"}");
    assertThat(nameless.statusCode()).isEqualTo(400);
    assertThat(nameless.body()).contains("table-name");
  }

  @Test
  void missingBodyIsRefused() {
    HttpResponse<String> response = post(P + "/namespaces", "");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("CreateNamespaceRequest JSON object is required");
  }

  @Test
  void oversizedBodyIsRefused() throws Exception {
    // A raw socket: the server answers 413 as soon as it reads the announced length, and an HTTP
    // client still busy uploading 17 MiB would see the closed connection instead of the answer.
    try (java.net.Socket socket =
        new java.net.Socket(server.uri().getHost(), server.uri().getPort())) {
      socket.setSoTimeout(30_000);
      String head =
          "POST "
              + P
              + "/namespaces HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
              + token
              + "\r\nContent-Type: application/json\r\nContent-Length: "
              + (17 << 20)
              + "\r\n\r\n{\"namespace\":[\"claims\"],\"properties\":{\"x\":\"";
      socket.getOutputStream().write(head.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      String statusLine =
          new java.io.BufferedReader(
                  new java.io.InputStreamReader(
                      socket.getInputStream(), java.nio.charset.StandardCharsets.US_ASCII))
              .readLine();
      assertThat(statusLine).startsWith("HTTP/1.1 413");
    }
    assertThat(admin.loadNamespaceMetadata(CLAIMS)).doesNotContainKey("x");
  }

  @Test
  void tableLocationOutsideWarehouseIsRefused() {
    String body =
        IcebergMessages.json(
            CreateTableRequest.builder()
                .withName("escapes")
                .withSchema(SCHEMA)
                .withLocation("file:/etc/escapes")
                .build());
    HttpResponse<String> response = post(P + "/namespaces/claims/tables", body);
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("Invalid location").contains("outside the warehouse");
    assertThat(admin.tableExists(TableIdentifier.of(CLAIMS, "escapes"))).isFalse();
  }

  @Test
  void aSnapshotNamingAnotherNamespacesFilesIsRefused() {
    // Another domain's manifest list, inside the warehouse: as this namespace's table, its rows
    // would be its owners' to read unmasked.
    if (!admin.namespaceExists(Namespace.of("profiles"))) {
      admin.createNamespace(Namespace.of("profiles"));
    }
    String foreign = warehouse() + "/profiles/claimant_profiles_v1/metadata/snap-1-1-a.avro";
    Table before = admin.loadTable(TableIdentifier.of(CLAIMS, "bad_input_target"));
    HttpResponse<String> response =
        post(
            P + "/namespaces/claims/tables/bad_input_target",
            "{\"requirements\":[],\"updates\":[{\"action\":\"add-snapshot\",\"snapshot\":"
                + "{\"snapshot-id\":4242,\"sequence-number\":1,\"timestamp-ms\":1700000000000,"
                + "\"summary\":{\"operation\":\"append\"},\"manifest-list\":\""
                + foreign
                + "\"}},{\"action\":\"set-snapshot-ref\",\"ref-name\":\"main\","
                + "\"type\":\"branch\",\"snapshot-id\":4242}]}");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body())
        .contains("Invalid updates.add-snapshot.manifest-list")
        .contains("inside the directory of namespace profiles, another domain's");
    Table after = admin.loadTable(TableIdentifier.of(CLAIMS, "bad_input_target"));
    assertThat(after.snapshot(4242)).isNull();
    assertThat(after.currentSnapshot()).isEqualTo(before.currentSnapshot());
  }

  @Test
  void aTableLocatedOutsideEveryDomainsDirectoryIsWritten() {
    if (!admin.namespaceExists(Namespace.of("profiles"))) {
      admin.createNamespace(Namespace.of("profiles"));
    }
    TableIdentifier id = TableIdentifier.of(CLAIMS, "located_elsewhere");
    if (admin.tableExists(id)) {
      admin.dropTable(id, false);
    }
    String location = warehouse() + "/custom_area/" + java.util.UUID.randomUUID();
    Table table = admin.buildTable(id, SCHEMA).withLocation(location).create();
    table
        .newFastAppend()
        .appendFile(
            org.apache.iceberg.DataFiles.builder(org.apache.iceberg.PartitionSpec.unpartitioned())
                .withPath(location + "/data/part-0.parquet")
                .withFileSizeInBytes(100)
                .withRecordCount(1)
                .build())
        .commit();
    assertThat(admin.loadTable(id).currentSnapshot()).isNotNull();

    HttpResponse<String> inAnotherDomain =
        post(
            P + "/namespaces/claims/tables",
            IcebergMessages.json(
                CreateTableRequest.builder()
                    .withName("located_in_profiles")
                    .withSchema(SCHEMA)
                    .withLocation(warehouse() + "/profiles/located_in_profiles")
                    .build()));
    assertThat(inAnotherDomain.statusCode()).isEqualTo(400);
    assertThat(inAnotherDomain.body())
        .contains("Invalid location")
        .contains("inside the directory of namespace profiles, another domain's");
    assertThat(admin.tableExists(TableIdentifier.of(CLAIMS, "located_in_profiles"))).isFalse();
  }

  private String warehouse() {
    String location = existing.location();
    return location.substring(0, location.lastIndexOf("/claims/"));
  }

  @Test
  void registeringAMetadataFileThatIsNotThereNamesTheField() {
    String missing = existing.location() + "/metadata/00042-typo.metadata.json";
    HttpResponse<String> response =
        post(
            P + "/namespaces/claims/register",
            "{\"name\":\"registers_nothing\",\"metadata-location\":\"" + missing + "\"}");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("Invalid metadata-location: no file at " + missing);
    assertThat(admin.tableExists(TableIdentifier.of(CLAIMS, "registers_nothing"))).isFalse();
  }

  @Test
  void droppingANamespaceThatHoldsNamespacesIsRefusedAndChangesNothing() {
    Namespace parent = Namespace.of("claims", "nested_drop_parent");
    Namespace child = Namespace.of("claims", "nested_drop_parent", "child");
    if (!admin.namespaceExists(parent)) {
      // Iceberg's request builder asks the map about a null key, which Map.of refuses.
      admin.createNamespace(
          parent, new java.util.HashMap<>(java.util.Map.of("owner", "claims-team")));
    }
    if (!admin.namespaceExists(child)) {
      admin.createNamespace(child);
    }
    HttpResponse<String> response =
        CatalogClients.send(
            server, "DELETE", P + "/namespaces/claims%1Fnested_drop_parent", null, token);
    assertThat(response.statusCode()).isEqualTo(409);
    assertThat(response.body()).contains("NamespaceNotEmptyException");
    assertThat(admin.loadNamespaceMetadata(parent)).containsEntry("owner", "claims-team");
  }

  @Test
  void traversalOutOfWarehouseIsRefused() {
    String inside = existing.location();
    String body =
        IcebergMessages.json(
            CreateTableRequest.builder()
                .withName("traverses")
                .withSchema(SCHEMA)
                .withLocation(inside + "/../../../../../../../../tmp/traverses")
                .build());
    HttpResponse<String> response = post(P + "/namespaces/claims/tables", body);
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("Invalid location");
    assertThat(admin.tableExists(TableIdentifier.of(CLAIMS, "traverses"))).isFalse();
  }

  @Test
  void metadataPathPropertyOutsideWarehouseIsRefused() {
    String body =
        IcebergMessages.json(
            CreateTableRequest.builder()
                .withName("redirects")
                .withSchema(SCHEMA)
                .setProperty("write.metadata.path", "file:/etc/redirected")
                .build());
    HttpResponse<String> response = post(P + "/namespaces/claims/tables", body);
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("Invalid properties.write.metadata.path");
    assertThat(admin.tableExists(TableIdentifier.of(CLAIMS, "redirects"))).isFalse();
  }

  @Test
  void commitMovingTableOutsideWarehouseIsRefused() {
    String before = admin.loadTable(TableIdentifier.of(CLAIMS, "bad_input_target")).location();
    HttpResponse<String> response =
        post(
            P + "/namespaces/claims/tables/bad_input_target",
            "{\"requirements\":[],\"updates\":[{\"action\":\"set-location\",\"location\":\"file:/etc\"}]}");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("Invalid updates.set-location");

    HttpResponse<String> property =
        post(
            P + "/namespaces/claims/tables/bad_input_target",
            "{\"requirements\":[],\"updates\":[{\"action\":\"set-properties\","
                + "\"updates\":{\"write.data.path\":\"file:/etc/data\"}}]}");
    assertThat(property.statusCode()).isEqualTo(400);
    assertThat(property.body()).contains("Invalid updates.set-properties.write.data.path");

    Table after = admin.loadTable(TableIdentifier.of(CLAIMS, "bad_input_target"));
    assertThat(after.location()).isEqualTo(before);
    assertThat(after.properties()).doesNotContainKey("write.data.path");
  }

  /**
   * The store holds metadata locations of up to 1000 characters: a longer one was refused there,
   * and answered 409 "Table was created concurrently".
   */
  @Test
  void aLocationLongerThanTheStoreHoldsIsRefused() {
    String location =
        warehouse()
            + "/claims/too_long/"
            + String.join("/", java.util.Collections.nCopies(5, "s".repeat(200)));
    HttpResponse<String> response =
        post(
            P + "/namespaces/claims/tables",
            IcebergMessages.json(
                CreateTableRequest.builder()
                    .withName("too_long")
                    .withSchema(SCHEMA)
                    .withLocation(location)
                    .build()));
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body())
        .contains("Invalid location")
        .contains("longer than the 1000 characters the metadata store holds");
    assertThat(admin.tableExists(TableIdentifier.of(CLAIMS, "too_long"))).isFalse();
  }

  @Test
  void registeringMetadataOutsideWarehouseIsRefused() {
    HttpResponse<String> response =
        post(
            P + "/namespaces/claims/register",
            "{\"name\":\"registered\",\"metadata-location\":\"file:/etc/passwd\"}");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("Invalid metadata-location").doesNotContain("root:");
    assertThat(admin.tableExists(TableIdentifier.of(CLAIMS, "registered"))).isFalse();
  }

  @Test
  void unknownWarehouseIsRefused() {
    HttpResponse<String> response =
        CatalogClients.send(server, "GET", "/iceberg/v1/config?warehouse=other", null, token);
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("Invalid warehouse 'other'");
  }

  @Test
  void pageSizeOutOfRangeIsRefused() {
    HttpResponse<String> response =
        CatalogClients.send(server, "GET", P + "/namespaces?pageSize=100000", null, token);
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("Invalid pageSize: must be an integer from 1 to 1000");
  }

  @Test
  void aPageSizeThatIsNoNumberIsABadRequestNotAMissingNamespace() {
    for (String size : new String[] {"ten", "99999999999"}) {
      HttpResponse<String> response =
          CatalogClients.send(server, "GET", P + "/namespaces?pageSize=" + size, null, token);
      assertThat(response.statusCode()).as(size).isEqualTo(400);
      assertThat(response.body()).contains("Invalid pageSize: must be an integer from 1 to 1000");
    }
  }

  @Test
  void aNegativePageTokenIsRefused() {
    HttpResponse<String> response =
        CatalogClients.send(
            server, "GET", P + "/namespaces/claims/tables?pageSize=10&pageToken=-1", null, token);
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("Invalid pageToken");
  }

  @Test
  void whatTheStoreCannotHoldIsRefusedAndNothingChanges() {
    List<Namespace> before = admin.listNamespaces(CLAIMS);
    // Each level is allowed; joined, they are longer than the store's column.
    HttpResponse<String> longNamespace =
        post(P + "/namespaces", "{\"namespace\":[\"claims\",\"" + "a".repeat(250) + "\"]}");
    assertThat(longNamespace.statusCode()).isEqualTo(400);
    assertThat(longNamespace.body()).contains("its levels joined by '.' are longer than 255");
    assertThat(admin.listNamespaces(CLAIMS)).isEqualTo(before);

    HttpResponse<String> longValue =
        post(
            P + "/namespaces/claims/properties",
            "{\"updates\":{\"comment\":\"" + "x".repeat(1_001) + "\"},\"removals\":[]}");
    assertThat(longValue.statusCode()).isEqualTo(400);
    assertThat(longValue.body()).contains("Invalid updates.comment: longer than 1000 characters");
    assertThat(admin.loadNamespaceMetadata(CLAIMS)).doesNotContainKey("comment");
  }

  @Test
  void aNullRoleIsRefused() {
    HttpResponse<String> response =
        CatalogClients.send(
            server, "PUT", "/api/v1/admin/principals/analyst/roles", "{\"roles\":[null]}", token);
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("Invalid roles");
  }

  private HttpResponse<String> post(String path, String body) {
    return CatalogClients.send(server, "POST", path, body, token);
  }
}
