package io.insightmesh.it.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.insightmesh.it.catalog.Callers.Access;
import io.insightmesh.it.catalog.Callers.Who;
import io.insightmesh.it.harness.CatalogClients;
import io.insightmesh.it.harness.CatalogServer;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The platform's own APIs — product registry and administration — × every kind of caller, against
 * the packaged service: 401 without a valid token, 403 without the right, 2xx with it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ApiAccessMatrixSuite {
  private static final String PRODUCTS = "/api/v1/products";
  private static final String ADMIN = "/api/v1/admin";
  private static final Schema SCHEMA =
      new Schema(Types.NestedField.required(1, "claim_id", Types.StringType.get()));

  record Endpoint(String name, Access access, Consumer<String> setup, Function<String, Call> call) {
    @Override
    public String toString() {
      return name;
    }
  }

  record Call(String method, String path, String body) {}

  private final AtomicInteger sequence = new AtomicInteger();
  private final Map<Who, String> tokens = new EnumMap<>(Who.class);
  private final Map<String, Long> snapshots = new ConcurrentHashMap<>();
  private CatalogServer server;
  private RESTCatalog iceberg;

  abstract CatalogServer server();

  @BeforeAll
  void start() {
    server = server();
    iceberg = CatalogClients.iceberg(server, "admin");
    if (!iceberg.namespaceExists(Namespace.of("claims"))) {
      iceberg.createNamespace(Namespace.of("claims"));
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
    iceberg.close();
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
    String unique = "p" + sequence.incrementAndGet();
    endpoint.setup().accept(unique);
    Call call = endpoint.call().apply(unique);

    HttpResponse<String> response =
        CatalogClients.send(server, call.method(), call.path(), call.body(), tokens.get(who));

    int expected = who.expected(endpoint.access());
    if (expected == 200) {
      assertThat(response.statusCode())
          .as("%s %s as %s: %s", call.method(), call.path(), who, response.body())
          .isBetween(200, 204);
    } else {
      assertThat(response.statusCode())
          .as("%s %s as %s: %s", call.method(), call.path(), who, response.body())
          .isEqualTo(expected);
      assertThat(response.body()).contains("\"code\":" + expected);
    }
  }

  @Test
  void theOpenApiDocumentDescribesTheRegistry() {
    HttpResponse<String> response = CatalogClients.send(server, "GET", "/q/openapi", null, null);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body())
        .contains("/api/v1/products")
        .contains("/api/v1/products/{id}/releases");
  }

  private List<Endpoint> endpoints() {
    Consumer<String> none = unique -> {};
    Consumer<String> product = this::registerProduct;
    Consumer<String> deprecated =
        unique -> {
          registerProduct(unique);
          asAdmin(
              "POST", PRODUCTS + "/claims." + unique + "/deprecate", "{\"reason\":\"replaced\"}");
        };
    Consumer<String> snapshot =
        unique -> {
          registerProduct(unique);
          snapshots.put(unique, appendSnapshot(unique));
          // A release is recorded under a stored contract version.
          asAdmin(
              "PUT",
              PRODUCTS + "/claims." + unique + "/contracts/1.0.0",
              "{\"type\":\"record\",\"name\":\"Claims\",\"doc\":\"Claims.\",\"fields\":"
                  + "[{\"name\":\"claim_id\",\"type\":\"string\",\"doc\":\"The claim.\"}]}");
        };
    Consumer<String> principal =
        unique ->
            asAdmin(
                "POST",
                ADMIN + "/principals",
                "{\"name\":\"" + unique + "-svc\",\"roles\":[\"analyst\"]}");

    return List.of(
        new Endpoint("list products", Access.READ, none, u -> new Call("GET", PRODUCTS, null)),
        new Endpoint(
            "search products",
            Access.READ,
            none,
            u -> new Call("GET", PRODUCTS + "?q=claims&domain=claims&pageSize=5", null)),
        new Endpoint(
            "register product",
            Access.WRITE,
            none,
            u -> new Call("POST", PRODUCTS, registration(u))),
        new Endpoint(
            "get product",
            Access.READ,
            product,
            u -> new Call("GET", PRODUCTS + "/claims." + u, null)),
        new Endpoint(
            "update product",
            Access.WRITE,
            product,
            u -> new Call("PUT", PRODUCTS + "/claims." + u, registration(u))),
        new Endpoint(
            "deprecate product",
            Access.WRITE,
            product,
            u ->
                new Call(
                    "POST", PRODUCTS + "/claims." + u + "/deprecate", "{\"reason\":\"replaced\"}")),
        new Endpoint(
            "retire product",
            Access.WRITE,
            deprecated,
            u -> new Call("POST", PRODUCTS + "/claims." + u + "/retire", null)),
        new Endpoint(
            "list releases",
            Access.READ,
            product,
            u -> new Call("GET", PRODUCTS + "/claims." + u + "/releases", null)),
        new Endpoint(
            "product usage",
            Access.READ,
            product,
            u -> new Call("GET", PRODUCTS + "/claims." + u + "/usage", null)),
        new Endpoint(
            "record release",
            Access.WRITE,
            snapshot,
            u ->
                new Call(
                    "POST",
                    PRODUCTS + "/claims." + u + "/releases",
                    "{\"version\":\"1.0.0\",\"snapshotId\":"
                        + snapshots.get(u)
                        + ",\"rowCount\":1}")),
        new Endpoint(
            "list principals",
            Access.ADMIN,
            none,
            u -> new Call("GET", ADMIN + "/principals", null)),
        new Endpoint(
            "create principal",
            Access.ADMIN,
            none,
            u ->
                new Call(
                    "POST",
                    ADMIN + "/principals",
                    "{\"name\":\"" + u + "-new\",\"roles\":[\"analyst\"]}")),
        new Endpoint(
            "grant roles",
            Access.ADMIN,
            principal,
            u ->
                new Call(
                    "PUT",
                    ADMIN + "/principals/" + u + "-svc/roles",
                    "{\"roles\":[\"pii-analyst\"]}")),
        new Endpoint(
            "rotate a principal's secret",
            Access.ADMIN,
            principal,
            u -> new Call("POST", ADMIN + "/principals/" + u + "-svc/secret", null)),
        new Endpoint(
            "disable principal",
            Access.ADMIN,
            principal,
            u -> new Call("PUT", ADMIN + "/principals/" + u + "-svc/disabled", "true")),
        new Endpoint(
            "read audit log",
            Access.ADMIN,
            none,
            u -> new Call("GET", ADMIN + "/audit?limit=5", null)));
  }

  private void registerProduct(String unique) {
    asAdmin("POST", PRODUCTS, registration(unique));
  }

  private void asAdmin(String method, String path, String body) {
    HttpResponse<String> response =
        CatalogClients.send(server, method, path, body, tokens.get(Who.ADMIN));
    assertThat(response.statusCode())
        .as("set-up %s %s: %s", method, path, response.body())
        .isBetween(200, 204);
  }

  private long appendSnapshot(String unique) {
    Table table = iceberg.createTable(TableIdentifier.of("claims", unique + "_v1"), SCHEMA);
    table
        .newFastAppend()
        .appendFile(
            DataFiles.builder(table.spec())
                .withPath(table.location() + "/data/one.parquet")
                .withFileSizeInBytes(10)
                .withRecordCount(1)
                .build())
        .commit();
    return table.currentSnapshot().snapshotId();
  }

  private static String registration(String unique) {
    return "{\"domain\":\"claims\",\"name\":\""
        + unique
        + "\",\"owner\":{\"team\":\"claims-team\",\"contact\":\"claims-team@example.org\"},"
        + "\"description\":\"Claims as submitted, for the access matrix.\",\"tags\":[\"claims\"],"
        + "\"classification\":\"NON_PII\",\"freshnessSla\":\"PT1H\",\"contractVersion\":\"1.0.0\","
        + "\"icebergTable\":\"claims."
        + unique
        + "_v1\"}";
  }
}
