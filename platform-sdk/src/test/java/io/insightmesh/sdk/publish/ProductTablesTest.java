package io.insightmesh.sdk.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.insightmesh.contracts.spec.ContractSpec;
import io.insightmesh.contracts.spec.ProductDescriptor;
import io.insightmesh.contracts.spec.ProductDescriptors;
import java.util.Map;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Table;
import org.apache.iceberg.inmemory.InMemoryCatalog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A product's table follows its contract from the schema its released data was written with: what a
 * failed or crashed publish added and the next contract no longer names is gone, what released data
 * holds stays with its field ids.
 */
class ProductTablesTest {
  private final ProductDescriptor released =
      ProductDescriptors.builtIn("profiles.claimant_profiles");
  private InMemoryCatalog catalog;

  @BeforeEach
  void open() {
    catalog = new InMemoryCatalog();
    catalog.initialize("test", Map.of());
  }

  @AfterEach
  void close() throws Exception {
    catalog.close();
  }

  @Test
  void aColumnOnlyAFailedPublishAddedGivesWayToTheCorrectedContract() {
    Table table = ProductTables.createOrLoad(catalog, released, "1.0.0");
    int claimantId = table.schema().findField("claimant_id").fieldId();
    release(table);

    // A publish of 1.1.0 evolved the table, then failed its checks (or died) before releasing.
    Table drafted = ProductTables.createOrLoad(catalog, adding("agent_region", "1.1.0"), "1.1.0");
    int draftId = drafted.schema().findField("agent_region").fieldId();

    Table corrected = ProductTables.createOrLoad(catalog, adding("agent_area", "1.1.0"), "1.1.0");

    assertThat(corrected.schema().findField("agent_region")).isNull();
    assertThat(corrected.schema().findField("agent_area").fieldId()).isGreaterThan(draftId);
    assertThat(corrected.schema().findField("claimant_id").fieldId()).isEqualTo(claimantId);
    assertThat(corrected.properties()).containsEntry("mesh.contract.version", "1.1.0");
  }

  @Test
  void aPipelineRolledBackToAnOlderContractKeepsTheColumnsReleasedDataHolds() {
    Table table = ProductTables.createOrLoad(catalog, released, "1.0.0");
    Table evolved = ProductTables.createOrLoad(catalog, adding("agent_area", "1.1.0"), "1.1.0");
    int agentArea = evolved.schema().findField("agent_area").fieldId();
    release(evolved);

    Table rolledBack = ProductTables.createOrLoad(catalog, released, "1.0.0");

    assertThat(rolledBack.schema().findField("agent_area").fieldId()).isEqualTo(agentArea);
    assertThat(rolledBack.schema().sameSchema(evolved.schema())).isTrue();
    assertThat(rolledBack.properties()).containsEntry("mesh.contract.version", "1.0.0");
    assertThat(table.uuid()).isEqualTo(rolledBack.uuid());
  }

  @Test
  void beforeAnyReleaseTheTableIsExactlyTheContract() {
    ProductTables.createOrLoad(catalog, adding("agent_region", "1.0.0"), "1.0.0");

    Table corrected = ProductTables.createOrLoad(catalog, adding("agent_area", "1.0.0"), "1.0.0");

    assertThat(corrected.schema().findField("agent_region")).isNull();
    assertThat(corrected.schema().findField("agent_area")).isNotNull();
    assertThat(corrected.schema().columns())
        .hasSameSizeAs(TableLayout.schema(adding("agent_area", "1.0.0")).columns());
  }

  @Test
  void beforeAnyReleaseARenamedPartitionColumnTakesThePartitioningAlong() {
    String contract =
        released.contract().toString().replace("\"name\":\"claimant_id\"", "\"name\":\"claimant\"");
    ProductDescriptor misnamed =
        new ProductDescriptor(
            released.id(),
            released.domain(),
            released.name(),
            "1.0.0",
            released.description(),
            released.owner(),
            released.classification(),
            released.tags(),
            released.freshnessSla(),
            ContractSpec.parse(contract, "misnamed"),
            released.tableName(),
            java.util.List.of("bucket(16, claimant)"),
            java.util.List.of(),
            released.inputs(),
            released.minRows(),
            released.maxRows(),
            released.freshness());
    ProductTables.createOrLoad(catalog, misnamed, "1.0.0");

    Table corrected = ProductTables.createOrLoad(catalog, released, "1.0.0");

    assertThat(corrected.schema().findField("claimant")).isNull();
    assertThat(corrected.spec().fields())
        .singleElement()
        .satisfies(
            field ->
                assertThat(corrected.schema().findColumnName(field.sourceId()))
                    .isEqualTo("claimant_id"));
  }

  @Test
  void anUnchangedContractLeavesTheTableMetadataAlone() {
    Table table = ProductTables.createOrLoad(catalog, released, "1.0.0");
    release(table);
    String metadata = location(table);

    Table again = ProductTables.createOrLoad(catalog, released, "1.0.0");

    assertThat(location(again)).isEqualTo(metadata);
  }

  /** The released contract with one more optional string column. */
  private ProductDescriptor adding(String column, String version) {
    String contract = released.contract().toString();
    int end = contract.lastIndexOf("]}");
    return released.withContract(
        version,
        ContractSpec.parse(
            contract.substring(0, end)
                + ",{\"name\":\""
                + column
                + "\",\"type\":[\"null\",\"string\"],\"default\":null,\"doc\":\"A new column.\"}]}",
            released.id() + " " + version));
  }

  /** Commits a snapshot to main, as a release does (one data file's metadata; nothing reads it). */
  private static void release(Table table) {
    table
        .newAppend()
        .appendFile(
            DataFiles.builder(table.spec())
                .withPath(table.location() + "/data/" + System.nanoTime() + ".parquet")
                .withPartitionPath("claimant_id_bucket=3")
                .withFormat(FileFormat.PARQUET)
                .withFileSizeInBytes(1024)
                .withRecordCount(1)
                .build())
        .commit();
  }

  private static String location(Table table) {
    return ((org.apache.iceberg.HasTableOperations) table)
        .operations()
        .current()
        .metadataFileLocation();
  }
}
