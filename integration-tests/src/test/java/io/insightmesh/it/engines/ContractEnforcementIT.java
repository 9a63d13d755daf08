package io.insightmesh.it.engines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.insightmesh.it.harness.CatalogClients;
import io.insightmesh.it.harness.CatalogServer;
import io.insightmesh.it.harness.Engines;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.apache.iceberg.Schema;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Nobody bypasses a product's contract by writing through an engine: the catalog refuses an
 * incompatible {@code ALTER TABLE} from Spark and from Trino, and the removal of a PII tag, while
 * ordinary writes to the same table go through.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContractEnforcementIT {
  private static final String CONTRACT =
      "{\"type\":\"record\",\"name\":\"Enforced\",\"doc\":\"A product under contract.\",\"fields\":["
          + "{\"name\":\"claim_id\",\"type\":\"string\",\"doc\":\"The claim.\"},"
          + "{\"name\":\"nino\",\"type\":\"string\",\"doc\":\"NI number.\",\"pii\":\"nino\",\"mask\":\"partial\"}]}";

  private CatalogServer catalog;
  private SparkSession spark;
  private Connection trino;
  private RESTCatalog owner;
  private String token;

  @BeforeAll
  void start() {
    catalog = Engines.catalog();
    spark = Engines.spark();
    trino = Engines.trino().connection(Engines.PRINCIPAL);
    owner = CatalogClients.iceberg(catalog, Engines.PRINCIPAL);
    token = catalog.token(Engines.PRINCIPAL);
    if (!owner.namespaceExists(Namespace.of("claims"))) {
      owner.createNamespace(Namespace.of("claims"));
    }
    send(
        "POST",
        "/api/v1/products",
        "{\"domain\":\"claims\",\"name\":\"enforced\",\"owner\":{\"team\":\"claims-team\","
            + "\"contact\":\"claims-team@example.org\"},\"description\":\"Claims under contract.\","
            + "\"tags\":[],\"classification\":\"PII\",\"freshnessSla\":\"PT1H\","
            + "\"contractVersion\":\"1.0.0\",\"icebergTable\":\"claims.enforced_v1\"}",
        201);
    send("PUT", "/api/v1/products/claims.enforced/contracts/1.0.0", CONTRACT, 201);
    owner.createTable(
        TableIdentifier.of("claims", "enforced_v1"),
        new Schema(
            Types.NestedField.required(1, "claim_id", Types.StringType.get()),
            Types.NestedField.required(2, "nino", Types.StringType.get())),
        org.apache.iceberg.PartitionSpec.unpartitioned(),
        Map.of("mesh.pii.nino", "nino"));
  }

  @AfterAll
  void stop() throws Exception {
    trino.close();
    owner.close();
  }

  @Test
  void sparkCannotAddAColumnTheContractDoesNotHave() {
    assertThatThrownBy(
            () -> spark.sql("ALTER TABLE mesh.claims.enforced_v1 ADD COLUMN extra STRING"))
        .hasMessageContaining("column extra is not in the contract")
        .hasMessageContaining("claims.enforced under contract 1.0.0");
    assertThat(
            owner
                .loadTable(TableIdentifier.of("claims", "enforced_v1"))
                .schema()
                .findField("extra"))
        .isNull();
  }

  @Test
  void sparkCannotDropAPiiTag() {
    assertThatThrownBy(
            () ->
                spark.sql(
                    "ALTER TABLE mesh.claims.enforced_v1 UNSET TBLPROPERTIES ('mesh.pii.nino')"))
        .hasMessageContaining("column nino lost its pii tag nino");
    assertThat(owner.loadTable(TableIdentifier.of("claims", "enforced_v1")).properties())
        .containsEntry("mesh.pii.nino", "nino");
  }

  @Test
  void trinoCannotChangeATypeOrDropAColumn() {
    assertThatThrownBy(() -> trino("ALTER TABLE mesh.claims.enforced_v1 DROP COLUMN nino"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("column nino of the contract is missing");
  }

  @Test
  void writesThatKeepTheContractGoThrough() throws SQLException {
    spark.sql("INSERT INTO mesh.claims.enforced_v1 VALUES ('c-1', 'AB123456C')");
    trino("INSERT INTO mesh.claims.enforced_v1 VALUES ('c-2', 'CD654321A')");
    assertThat(spark.sql("SELECT count(*) FROM mesh.claims.enforced_v1").first().getLong(0))
        .isGreaterThanOrEqualTo(2);
  }

  private void trino(String sql) throws SQLException {
    try (Statement statement = trino.createStatement()) {
      statement.execute(sql);
    }
  }

  private void send(String method, String path, String body, int expected) {
    HttpResponse<String> response = CatalogClients.send(catalog, method, path, body, token);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(expected);
  }
}
