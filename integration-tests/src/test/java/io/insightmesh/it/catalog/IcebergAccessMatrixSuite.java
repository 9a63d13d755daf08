package io.insightmesh.it.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.insightmesh.it.catalog.Callers.Access;
import io.insightmesh.it.catalog.Callers.Who;
import io.insightmesh.it.harness.CatalogClients;
import io.insightmesh.it.harness.CatalogServer;
import io.insightmesh.it.harness.IcebergMessages;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.rest.requests.CreateTableRequest;
import org.apache.iceberg.rest.requests.ImmutableCreateViewRequest;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.view.ImmutableSQLViewRepresentation;
import org.apache.iceberg.view.ImmutableViewVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every Iceberg REST endpoint × every kind of caller, against the packaged service: no or a forged
 * token → 401, a principal without the right → 403 with nothing changed, the right principal → 2xx.
 * Writes target the {@code claims} domain, owned by {@code claims-team}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class IcebergAccessMatrixSuite {
  private static final String P = CatalogClients.ICEBERG_PATH;
  private static final Namespace CLAIMS = Namespace.of("claims");
  private static final Schema SCHEMA =
      new Schema(
          Types.NestedField.required(1, "id", Types.LongType.get()),
          Types.NestedField.optional(2, "data", Types.StringType.get()));

  /**
   * One endpoint: state it needs, the request, and how to tell that a refused call changed nothing.
   */
  record Endpoint(
      String name,
      Access access,
      BiConsumer<RESTCatalog, String> setup,
      Function<String, Request> request,
      BiPredicate<RESTCatalog, String> unchanged) {
    @Override
    public String toString() {
      return name;
    }
  }

  record Request(String method, String path, String body) {}

  private final AtomicInteger sequence = new AtomicInteger();
  private CatalogServer server;
  private RESTCatalog admin;
  private final Map<Who, String> tokens = new java.util.EnumMap<>(Who.class);

  abstract CatalogServer server();

  @BeforeAll
  void start() {
    server = server();
    admin = CatalogClients.iceberg(server, "admin");
    if (!admin.namespaceExists(CLAIMS)) {
      admin.createNamespace(CLAIMS);
    }
    for (Who who : Who.values()) {
      if (who.principal != null) {
        tokens.put(who, server.token(who.principal));
      }
    }
    tokens.put(Who.FORGED_TOKEN, Callers.FORGED_TOKEN);
  }

  @AfterAll
  void stop() throws Exception {
    admin.close();
  }

  Stream<Arguments> calls() {
    List<Arguments> calls = new ArrayList<>();
    for (Endpoint endpoint : endpoints()) {
      for (Who who : Who.values()) {
        calls.add(Arguments.of(endpoint, who));
      }
    }
    return calls.stream();
  }

  @ParameterizedTest(name = "{0} as {1}")
  @MethodSource("calls")
  void endpointAnswersByRole(Endpoint endpoint, Who who) {
    String unique = "m" + sequence.incrementAndGet();
    endpoint.setup().accept(admin, unique);
    Request request = endpoint.request().apply(unique);

    HttpResponse<String> response =
        CatalogClients.send(
            server, request.method(), request.path(), request.body(), tokens.get(who));

    int expected = who.expected(endpoint.access());
    if (expected == 200) {
      assertThat(response.statusCode())
          .as("%s %s as %s: %s", request.method(), request.path(), who, response.body())
          .isBetween(200, 204);
    } else {
      assertThat(response.statusCode())
          .as("%s %s as %s: %s", request.method(), request.path(), who, response.body())
          .isEqualTo(expected);
      assertThat(endpoint.unchanged().test(admin, unique))
          .as("a refused %s must change nothing", endpoint.name())
          .isTrue();
    }
  }

  @Test
  void denialsAreAudited() {
    HttpResponse<String> denied =
        CatalogClients.send(
            server,
            "POST",
            P + "/namespaces",
            "{\"namespace\":[\"claims\",\"audited\"]}",
            tokens.get(Who.ANALYST));
    assertThat(denied.statusCode()).isEqualTo(403);
    assertThat(denied.body()).contains("analyst may not create namespace claims.audited");

    HttpResponse<String> audit =
        CatalogClients.send(
            server,
            "GET",
            "/api/v1/admin/audit?principal=analyst&limit=1",
            null,
            tokens.get(Who.ADMIN));
    assertThat(audit.statusCode()).isEqualTo(200);
    assertThat(audit.body())
        .contains("\"outcome\":\"DENIED\"")
        .contains("\"action\":\"create\"")
        .contains("\"target\":\"namespace claims.audited\"")
        .contains(denied.headers().firstValue("X-Request-Id").orElseThrow());
  }

  /**
   * Scan reports are answered on the event loop when the caller is known: a token the catalog has
   * never seen is still verified (off the event loop) and counted, and a caller without a reader
   * role is still refused and audited.
   */
  @Test
  void scanReportsCheckNewTokensAndAuditRefusals() {
    String unique = "m" + sequence.incrementAndGet();
    admin.createTable(id(unique), SCHEMA);
    double before = scanReportsCounted();

    HttpResponse<String> accepted =
        CatalogClients.send(
            server,
            "POST",
            tablePath(unique) + "/metrics",
            scanReport(unique),
            server.token("trino"));
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(204);
    assertThat(scanReportsCounted()).isEqualTo(before + 1);

    HttpResponse<String> refused =
        CatalogClients.send(
            server,
            "POST",
            tablePath(unique) + "/metrics",
            scanReport(unique),
            server.token("case-worker"));
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.body())
        .contains("case-worker may not report metrics for table claims." + unique);
    HttpResponse<String> audit =
        CatalogClients.send(
            server,
            "GET",
            "/api/v1/admin/audit?principal=case-worker&limit=1",
            null,
            tokens.get(Who.ADMIN));
    assertThat(audit.body())
        .contains("\"action\":\"report metrics for\"")
        .contains(refused.headers().firstValue("X-Request-Id").orElseThrow());
    assertThat(scanReportsCounted()).isEqualTo(before + 1);

    assertThat(
            CatalogClients.send(
                    server,
                    "POST",
                    tablePath(unique) + "/metrics",
                    scanReport(unique),
                    Callers.FORGED_TOKEN)
                .statusCode())
        .isEqualTo(401);
  }

  private double scanReportsCounted() {
    return CatalogClients.counter(
        server, "mesh_catalog_metrics_reports_total", "type=\"SCAN_REPORT\"");
  }

  @Test
  void auditLogIsAdminOnly() {
    assertThat(
            CatalogClients.send(server, "GET", "/api/v1/admin/audit", null, tokens.get(Who.ANALYST))
                .statusCode())
        .isEqualTo(403);
    assertThat(CatalogClients.send(server, "GET", "/api/v1/admin/audit", null, null).statusCode())
        .isEqualTo(401);
  }

  // ---- the endpoints

  private static List<Endpoint> endpoints() {
    BiConsumer<RESTCatalog, String> none = (catalog, unique) -> {};
    BiConsumer<RESTCatalog, String> table =
        (catalog, unique) -> catalog.createTable(id(unique), SCHEMA);
    BiConsumer<RESTCatalog, String> view = IcebergAccessMatrixSuite::createView;
    BiConsumer<RESTCatalog, String> namespace =
        (catalog, unique) -> catalog.createNamespace(Namespace.of("claims", unique));
    BiPredicate<RESTCatalog, String> always = (catalog, unique) -> true;
    BiPredicate<RESTCatalog, String> tableAbsent =
        (catalog, unique) -> !catalog.tableExists(id(unique));
    BiPredicate<RESTCatalog, String> tablePresent =
        (catalog, unique) -> catalog.tableExists(id(unique));
    BiPredicate<RESTCatalog, String> viewPresent =
        (catalog, unique) -> catalog.viewExists(id(unique));

    return List.of(
        new Endpoint(
            "config", Access.CONFIG, none, u -> get("/iceberg/v1/config?warehouse=mesh"), always),
        new Endpoint("list namespaces", Access.READ, none, u -> get(P + "/namespaces"), always),
        new Endpoint(
            "load namespace", Access.READ, none, u -> get(P + "/namespaces/claims"), always),
        new Endpoint(
            "namespace exists",
            Access.READ,
            none,
            u -> new Request("HEAD", P + "/namespaces/claims", null),
            always),
        new Endpoint(
            "list tables", Access.READ, none, u -> get(P + "/namespaces/claims/tables"), always),
        new Endpoint("load table", Access.READ, table, u -> get(tablePath(u)), always),
        new Endpoint(
            "table exists",
            Access.READ,
            table,
            u -> new Request("HEAD", tablePath(u), null),
            always),
        new Endpoint(
            "report metrics",
            Access.READ,
            table,
            u -> post(tablePath(u) + "/metrics", scanReport(u)),
            always),
        new Endpoint(
            "list views", Access.READ, none, u -> get(P + "/namespaces/claims/views"), always),
        new Endpoint("load view", Access.READ, view, u -> get(viewPath(u)), always),
        new Endpoint(
            "view exists", Access.READ, view, u -> new Request("HEAD", viewPath(u), null), always),
        new Endpoint(
            "create namespace",
            Access.ENGINE_WRITE,
            none,
            u -> post(P + "/namespaces", "{\"namespace\":[\"claims\",\"" + u + "\"]}"),
            (catalog, u) -> !catalog.namespaceExists(Namespace.of("claims", u))),
        new Endpoint(
            "update namespace properties",
            Access.ENGINE_WRITE,
            namespace,
            u ->
                post(
                    P + "/namespaces/claims%1F" + u + "/properties",
                    "{\"updates\":{\"owner\":\"x\"},\"removals\":[]}"),
            (catalog, u) ->
                !catalog.loadNamespaceMetadata(Namespace.of("claims", u)).containsKey("owner")),
        new Endpoint(
            "drop namespace",
            Access.ENGINE_WRITE,
            namespace,
            u -> new Request("DELETE", P + "/namespaces/claims%1F" + u, null),
            (catalog, u) -> catalog.namespaceExists(Namespace.of("claims", u))),
        new Endpoint(
            "create table",
            Access.ENGINE_WRITE,
            none,
            u -> post(P + "/namespaces/claims/tables", createTable(u, false)),
            tableAbsent),
        new Endpoint(
            "stage create table",
            Access.ENGINE_WRITE,
            none,
            u -> post(P + "/namespaces/claims/tables", createTable(u, true)),
            tableAbsent),
        new Endpoint(
            "register table",
            Access.ENGINE_WRITE,
            IcebergAccessMatrixSuite::dropKeepingMetadata,
            u ->
                post(
                    P + "/namespaces/claims/register",
                    "{\"name\":\"" + u + "\",\"metadata-location\":\"" + KEPT.get(u) + "\"}"),
            tableAbsent),
        new Endpoint(
            "commit table",
            Access.ENGINE_WRITE,
            table,
            u -> post(tablePath(u), setProperty(u)),
            (catalog, u) -> !catalog.loadTable(id(u)).properties().containsKey("matrix")),
        new Endpoint(
            "drop table",
            Access.ENGINE_WRITE,
            table,
            u -> new Request("DELETE", tablePath(u), null),
            tablePresent),
        new Endpoint(
            "purge table",
            Access.ENGINE_WRITE,
            table,
            u -> new Request("DELETE", tablePath(u) + "?purgeRequested=true", null),
            tablePresent),
        new Endpoint(
            "rename table",
            Access.ENGINE_WRITE,
            table,
            u -> post(P + "/tables/rename", rename(u)),
            tablePresent),
        new Endpoint(
            "commit transaction",
            Access.ENGINE_WRITE,
            table,
            u -> post(P + "/transactions/commit", "{\"table-changes\":[" + setProperty(u) + "]}"),
            (catalog, u) -> !catalog.loadTable(id(u)).properties().containsKey("matrix")),
        new Endpoint(
            "create view",
            Access.ENGINE_WRITE,
            none,
            u -> post(P + "/namespaces/claims/views", createView(u)),
            (catalog, u) -> !catalog.viewExists(id(u))),
        new Endpoint(
            "replace view",
            Access.ENGINE_WRITE,
            view,
            u -> post(viewPath(u), setViewProperty(u)),
            (catalog, u) -> !catalog.loadView(id(u)).properties().containsKey("matrix")),
        new Endpoint(
            "drop view",
            Access.ENGINE_WRITE,
            view,
            u -> new Request("DELETE", viewPath(u), null),
            viewPresent),
        new Endpoint(
            "rename view",
            Access.ENGINE_WRITE,
            view,
            u -> post(P + "/views/rename", rename(u)),
            viewPresent));
  }

  private static final Map<String, String> KEPT = new java.util.concurrent.ConcurrentHashMap<>();

  private static void dropKeepingMetadata(RESTCatalog catalog, String unique) {
    TableIdentifier source = TableIdentifier.of(CLAIMS, unique + "_source");
    Table table = catalog.createTable(source, SCHEMA);
    KEPT.put(
        unique,
        ((org.apache.iceberg.HasTableOperations) table)
            .operations()
            .current()
            .metadataFileLocation());
    catalog.dropTable(source, false);
  }

  private static void createView(RESTCatalog catalog, String unique) {
    catalog
        .buildView(id(unique))
        .withSchema(SCHEMA)
        .withDefaultNamespace(CLAIMS)
        .withQuery("spark", "SELECT 1 AS id")
        .create();
  }

  private static TableIdentifier id(String unique) {
    return TableIdentifier.of(CLAIMS, unique);
  }

  private static String tablePath(String unique) {
    return P + "/namespaces/claims/tables/" + unique;
  }

  private static String viewPath(String unique) {
    return P + "/namespaces/claims/views/" + unique;
  }

  private static Request get(String path) {
    return new Request("GET", path, null);
  }

  private static Request post(String path, String body) {
    return new Request("POST", path, body);
  }

  private static String createTable(String unique, boolean stage) {
    return IcebergMessages.json(
            CreateTableRequest.builder().withName(unique).withSchema(SCHEMA).stageCreate().build())
        .replace("\"stage-create\":true", "\"stage-create\":" + stage);
  }

  private static String createView(String unique) {
    return IcebergMessages.json(
        ImmutableCreateViewRequest.builder()
            .name(unique)
            .schema(SCHEMA)
            .viewVersion(
                ImmutableViewVersion.builder()
                    .versionId(1)
                    .schemaId(SCHEMA.schemaId())
                    .timestampMillis(System.currentTimeMillis())
                    .defaultNamespace(CLAIMS)
                    .addRepresentations(
                        ImmutableSQLViewRepresentation.builder()
                            .sql("SELECT 1 AS id")
                            .dialect("spark")
                            .build())
                    .build())
            .build());
  }

  private static String setProperty(String unique) {
    return "{\"identifier\":{\"namespace\":[\"claims\"],\"name\":\""
        + unique
        + "\"},\"requirements\":[],\"updates\":[{\"action\":\"set-properties\","
        + "\"updates\":{\"matrix\":\"yes\"}}]}";
  }

  private static String setViewProperty(String unique) {
    return "{\"requirements\":[],\"updates\":[{\"action\":\"set-properties\","
        + "\"updates\":{\"matrix\":\"yes\"}}]}";
  }

  private static String rename(String unique) {
    return "{\"source\":{\"namespace\":[\"claims\"],\"name\":\""
        + unique
        + "\"},\"destination\":{\"namespace\":[\"claims\"],\"name\":\""
        + unique
        + "_renamed\"}}";
  }

  private static String scanReport(String unique) {
    return "{\"report-type\":\"scan-report\",\"table-name\":\"mesh.claims."
        + unique
        + "\",\"snapshot-id\":-1,\"filter\":true,\"schema-id\":0,\"projected-field-ids\":[1],"
        + "\"projected-field-names\":[\"id\"],\"metrics\":{}}";
  }
}
