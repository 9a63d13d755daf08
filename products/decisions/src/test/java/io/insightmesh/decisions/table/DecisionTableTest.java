package io.insightmesh.decisions.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.insightmesh.contracts.risk.Decision;
import io.insightmesh.contracts.spec.ProductDescriptor;
import io.insightmesh.decisions.record.AssessedClaim;
import io.insightmesh.decisions.record.AssessedClaimCodec;
import io.insightmesh.decisions.record.Samples;
import io.insightmesh.sdk.contract.ChangeLevel;
import io.insightmesh.sdk.contract.ContractCompatibility;
import io.insightmesh.sdk.publish.CatalogConnection;
import io.insightmesh.sdk.publish.ProductTables;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.iceberg.AppendFiles;
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
          .containsEntry("mesh.contract.version", "1.1.0")
          .containsEntry("commit.manifest-merge.enabled", "true");
    }
  }

  @Test
  void contractOnePointOneOnlyAddsTheOptionalLiveFeaturesAMinorChange() throws Exception {
    Schema before = decisionSchema100();

    var report = ContractCompatibility.classify(before, DecisionTable.product().contract());

    assertThat(report.classification()).isEqualTo(ChangeLevel.MINOR);
    assertThat(report.toText()).contains("live_features");
  }

  @Test
  void aTableOfContractOnePointZeroEvolvesInPlaceAndKeepsItsDecisions() throws Exception {
    try (JdbcCatalog catalog = TestCatalogs.open(directory)) {
      ProductDescriptor current = DecisionTable.product();
      ProductDescriptor previous = current.withContract("1.0.0", decisionSchema100());
      Table old = ProductTables.createOrLoad(catalog, previous, "1.0.0");
      int claimIdField = old.schema().findField("claim_id").fieldId();
      AssessedClaim before = Samples.minimal(1, Instant.parse("2020-05-13T09:00:00Z"));
      AppendFiles append = old.newAppend();
      TableFiles.ofDecisions(old, "decisions", 1, List.of(before)).forEach(append::appendFile);
      append.commit();

      Table evolved = DecisionTable.createOrLoad(catalog);
      AssessedClaim after = Samples.full(2, Instant.parse("2020-05-13T09:00:01Z"));
      append = evolved.newAppend();
      TableFiles.ofDecisions(evolved, "decisions", 2, List.of(after)).forEach(append::appendFile);
      append.commit();

      assertThat(evolved.properties()).containsEntry("mesh.contract.version", "1.1.0");
      assertThat(evolved.schema().findField("claim_id").fieldId()).isEqualTo(claimIdField);
      List<Decision> read = new ArrayList<>();
      DecisionTable.readDecisions(evolved, read::add);
      assertThat(read).containsExactlyInAnyOrder(before.decision(), after.decision());
      assertThat(after.decision().getLiveFeatures().getVelocity())
          .containsEntry("bank_account_10m", 3);
    }
  }

  /** The decision contract before live features, as the engine's resources keep it. */
  static Schema decisionSchema100() throws Exception {
    try (var in =
        AssessedClaimCodec.class.getResourceAsStream(
            "/io/insightmesh/decisions/record/decision-1.0.0.avsc")) {
      return new Schema.Parser().parse(in);
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
