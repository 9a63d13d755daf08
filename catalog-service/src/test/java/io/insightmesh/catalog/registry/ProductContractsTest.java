package io.insightmesh.catalog.registry;

import static io.insightmesh.catalog.registry.RegistryApi.PRODUCTS;
import static io.insightmesh.catalog.registry.RegistryApi.as;
import static io.insightmesh.catalog.registry.RegistryApi.register;
import static io.insightmesh.catalog.registry.RegistryApi.registration;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import io.insightmesh.catalog.iceberg.IcebergJson;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.MetadataUpdate;
import org.apache.iceberg.Schema;
import org.apache.iceberg.UpdateRequirement;
import org.apache.iceberg.rest.requests.CreateTableRequest;
import org.apache.iceberg.rest.requests.UpdateTableRequest;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

/**
 * Contract versions are stored once and never change once released, and the catalog holds a
 * product's table to its contract through the Iceberg REST API, whatever client sends the commit.
 */
@QuarkusTest
class ProductContractsTest {
  private static final String ICEBERG = "/iceberg/v1/mesh";

  private static final String CONTRACT_1_0 =
      "{\"type\":\"record\",\"name\":\"Gated\",\"doc\":\"A gated product.\",\"fields\":["
          + "{\"name\":\"claim_id\",\"type\":\"string\",\"doc\":\"The claim.\"},"
          + "{\"name\":\"nino\",\"type\":\"string\",\"doc\":\"NI number.\",\"pii\":\"nino\",\"mask\":\"partial\"}]}";
  private static final String CONTRACT_1_1 =
      CONTRACT_1_0.replace(
          "]}",
          ",{\"name\":\"channel\",\"type\":[\"null\",\"string\"],\"default\":null,\"doc\":\"How it came.\"}]}");

  private static final Schema TABLE_1_0 =
      new Schema(
          Types.NestedField.required(1, "claim_id", Types.StringType.get()),
          Types.NestedField.required(2, "nino", Types.StringType.get()));

  @Test
  void aContractVersionIsStoredOnceAndCorrectedOnlyBeforeAnyRelease() {
    register("claims-team", registration("claims", "versioned"));
    String path = PRODUCTS + "/claims.versioned/contracts/1.0.0";

    as("claims-team").body(CONTRACT_1_0).put(path).then().statusCode(201);
    as("claims-team").body(CONTRACT_1_0).put(path).then().statusCode(200);
    // No release was published under 1.0.0 (a publish failed with it): it is corrected in place.
    // Once one is, the version never changes (ProductReleasesTest).
    as("claims-team").body(CONTRACT_1_1).put(path).then().statusCode(200);

    String stored =
        as("analyst")
            .get(path)
            .then()
            .statusCode(200)
            .header("Contract-Version", "1.0.0")
            .extract()
            .asString();
    assertThat(stored).contains("\"pii\":\"nino\"").contains("\"channel\"");
    as("analyst")
        .get(PRODUCTS + "/claims.versioned/contract")
        .then()
        .statusCode(200)
        .header("Contract-Version", "1.0.0");
  }

  @Test
  void anInvalidContractIsRefusedNamingTheFieldAndNothingIsStored() {
    register("claims-team", registration("claims", "invalid_contract"));
    String path = PRODUCTS + "/claims.invalid_contract/contracts/1.0.0";
    as("claims-team")
        .body(CONTRACT_1_0.replace("\"doc\":\"NI number.\",", ""))
        .put(path)
        .then()
        .statusCode(400)
        .body("error.message", containsString("field nino has no doc"));
    as("claims-team").get(path).then().statusCode(404);
    // A rule every publish would fail on is refused here, not at the first release.
    as("claims-team")
        .body(
            CONTRACT_1_0.replace(
                "\"mask\":\"partial\"",
                "\"mask\":\"partial\",\"quality\":[{\"rule\":\"regex\",\"pattern\":\"[A-Z\"}]"))
        .put(path)
        .then()
        .statusCode(400)
        .body(
            "error.message",
            containsString(
                "Invalid contract claims.invalid_contract 1.0.0: Invalid quality rule on field"
                    + " nino: "));
    as("claims-team").get(path).then().statusCode(404);
  }

  @Test
  void onlyTheOwningTeamStoresContracts() {
    register("claims-team", registration("claims", "owned_contract"));
    as("risk-team")
        .body(CONTRACT_1_0)
        .put(PRODUCTS + "/claims.owned_contract/contracts/1.0.0")
        .then()
        .statusCode(403);
  }

  @Test
  void theCatalogHoldsAProductTableToItsContract() {
    Map<String, Object> product = registration("claims", "gated");
    product.put("classification", "PII");
    register("claims-team", product);
    as("claims-team")
        .body(CONTRACT_1_0)
        .put(PRODUCTS + "/claims.gated/contracts/1.0.0")
        .then()
        .statusCode(201);
    ensureNamespace();

    // A table that is not the contract's: refused at creation.
    Schema extra =
        new Schema(
            Types.NestedField.required(1, "claim_id", Types.StringType.get()),
            Types.NestedField.required(2, "nino", Types.StringType.get()),
            Types.NestedField.optional(3, "extra", Types.StringType.get()));
    createTable("gated_v1", extra, Map.of("mesh.pii.nino", "nino"))
        .statusCode(422)
        .body("error.type", containsString("ContractViolationException"))
        .body("error.message", containsString("column extra is not in the contract"));
    createTable("gated_v1", TABLE_1_0, Map.of())
        .statusCode(422)
        .body("error.message", containsString("column nino lost its pii tag nino"));
    createTable("gated_v1", TABLE_1_0, Map.of("mesh.pii.nino", "nino")).statusCode(200);

    // Schema changes and dropped tags are refused; other commits pass.
    commit(List.of(new MetadataUpdate.AddSchema(extra), new MetadataUpdate.SetCurrentSchema(-1)))
        .statusCode(422)
        .body("error.message", containsString("column extra is not in the contract"));
    commit(List.of(new MetadataUpdate.RemoveProperties(java.util.Set.of("mesh.pii.nino"))))
        .statusCode(422)
        .body("error.message", containsString("lost its pii tag nino"));
    commit(List.of(new MetadataUpdate.SetProperties(Map.of("owner", "claims-team"))))
        .statusCode(200);

    // A new contract version first, then the table follows it.
    as("claims-team")
        .body(CONTRACT_1_1)
        .put(PRODUCTS + "/claims.gated/contracts/1.1.0")
        .then()
        .statusCode(201);
    product.put("contractVersion", "1.1.0");
    as("claims-team").body(product).put(PRODUCTS + "/claims.gated").then().statusCode(200);
    Schema evolved =
        new Schema(
            Types.NestedField.required(1, "claim_id", Types.StringType.get()),
            Types.NestedField.required(2, "nino", Types.StringType.get()),
            Types.NestedField.optional(3, "channel", Types.StringType.get()));
    commit(List.of(new MetadataUpdate.AddSchema(evolved), new MetadataUpdate.SetCurrentSchema(-1)))
        .statusCode(200);
  }

  @Test
  void aTableRenamedOrRegisteredAsAProductIsHeldToItsContract() {
    Map<String, Object> product = registration("claims", "arriving");
    product.put("classification", "PII");
    register("claims-team", product);
    as("claims-team")
        .body(CONTRACT_1_0)
        .put(PRODUCTS + "/claims.arriving/contracts/1.0.0")
        .then()
        .statusCode(201);
    ensureNamespace();
    // Built under another name, where no contract applies: its nino carries no pii tag.
    String location =
        createTable("arriving_build", TABLE_1_0, Map.of())
            .statusCode(200)
            .extract()
            .path("metadata-location");

    as("claims-team")
        .body(
            "{\"source\":{\"namespace\":[\"claims\"],\"name\":\"arriving_build\"},"
                + "\"destination\":{\"namespace\":[\"claims\"],\"name\":\"arriving_v1\"}}")
        .post(ICEBERG + "/tables/rename")
        .then()
        .statusCode(422)
        .body("error.message", containsString("column nino lost its pii tag nino"));
    as("claims-team")
        .body("{\"name\":\"arriving_v1\",\"metadata-location\":\"" + location + "\"}")
        .post(ICEBERG + "/namespaces/claims/register")
        .then()
        .statusCode(422)
        .body("error.message", containsString("column nino lost its pii tag nino"));
    as("claims-team").get(ICEBERG + "/namespaces/claims/tables/arriving_v1").then().statusCode(404);
    as("claims-team")
        .get(ICEBERG + "/namespaces/claims/tables/arriving_build")
        .then()
        .statusCode(200);

    createTable("arriving_tagged", TABLE_1_0, Map.of("mesh.pii.nino", "nino")).statusCode(200);
    as("claims-team")
        .body(
            "{\"source\":{\"namespace\":[\"claims\"],\"name\":\"arriving_tagged\"},"
                + "\"destination\":{\"namespace\":[\"claims\"],\"name\":\"arriving_v1\"}}")
        .post(ICEBERG + "/tables/rename")
        .then()
        .statusCode(204);
  }

  private static void ensureNamespace() {
    int status =
        as("claims-team")
            .body("{\"namespace\":[\"claims\"]}")
            .post(ICEBERG + "/namespaces")
            .then()
            .extract()
            .statusCode();
    assertThat(status).isIn(200, 409);
  }

  private static io.restassured.response.ValidatableResponse createTable(
      String name, Schema schema, Map<String, String> properties) {
    return as("claims-team")
        .body(
            IcebergJson.write(
                CreateTableRequest.builder()
                    .withName(name)
                    .withSchema(schema)
                    .setProperties(new java.util.HashMap<>(properties))
                    .build()))
        .post(ICEBERG + "/namespaces/claims/tables")
        .then();
  }

  private static io.restassured.response.ValidatableResponse commit(List<MetadataUpdate> updates) {
    return as("claims-team")
        .body(IcebergJson.write(new UpdateTableRequest(List.<UpdateRequirement>of(), updates)))
        .post(ICEBERG + "/namespaces/claims/tables/gated_v1")
        .then();
  }
}
