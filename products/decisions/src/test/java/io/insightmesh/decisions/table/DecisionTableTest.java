package io.insightmesh.decisions.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.insightmesh.sdk.publish.CatalogConnection;
import java.net.URI;
import java.nio.file.Path;
import org.apache.iceberg.Table;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DecisionTableTest {
  @TempDir Path directory;

  @Test
  void createsTheProductTableFromItsContractAndLoadsItAgain() throws Exception {
    try (JdbcCatalog catalog = TestCatalogs.open(directory)) {
      Table created = DecisionTable.createOrLoad(catalog);
      Table loaded = DecisionTable.createOrLoad(catalog);

      assertThat(created.name()).isEqualTo("test.risk.decisions_v1");
      assertThat(loaded.schema().sameSchema(created.schema())).isTrue();
      assertThat(created.spec().fields())
          .singleElement()
          .satisfies(field -> assertThat(field.transform().toString()).isEqualTo("day"));
      assertThat(created.schema().findType("decided_at")).isEqualTo(Types.TimestampType.withZone());
      assertThat(created.schema().findType("reasons").isListType()).isTrue();
      assertThat(created.properties())
          .containsEntry("mesh.product", "risk.decisions")
          .containsEntry("mesh.contract.version", "1.0.0")
          .containsEntry("commit.manifest-merge.enabled", "true");
    }
  }

  @Test
  void theSdkCatalogConnectionWorksWithoutSparkOnTheClasspath() {
    assertThatThrownBy(() -> Class.forName("org.apache.spark.sql.SparkSession"))
        .isInstanceOf(ClassNotFoundException.class)
        .hasMessage("org.apache.spark.sql.SparkSession");

    CatalogConnection connection =
        new CatalogConnection(URI.create("http://localhost:8181"), "scoring-engine", "secret");

    assertThat(connection.icebergProperties())
        .containsEntry("uri", "http://localhost:8181/iceberg")
        .containsEntry("warehouse", "mesh")
        .containsEntry("oauth2-server-uri", "http://localhost:8181/oauth/token")
        .containsEntry("credential", "scoring-engine:secret");
  }
}
