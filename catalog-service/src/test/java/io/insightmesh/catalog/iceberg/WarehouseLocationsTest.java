package io.insightmesh.catalog.iceberg;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.apache.iceberg.MetadataUpdate;
import org.junit.jupiter.api.Test;

class WarehouseLocationsTest {
  private final WarehouseLocations warehouse = new WarehouseLocations("file:/data/warehouse/");

  @Test
  void acceptsLocationsInsideTheWarehouseInEverySpelling() {
    assertThatCode(
            () -> {
              warehouse.check("location", "file:/data/warehouse/claims/claims_v1");
              warehouse.check("location", "file:///data/warehouse/claims/claims_v1");
              warehouse.check("location", "/data/warehouse/claims");
            })
        .doesNotThrowAnyException();
  }

  @Test
  void refusesLocationsOutsideTheWarehouse() {
    assertThatThrownBy(() -> warehouse.check("location", "file:/etc/passwd"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Invalid location: location file:/etc/passwd is outside the warehouse"
                + " file:/data/warehouse; every location must be inside the warehouse");
  }

  @Test
  void refusesSiblingDirectoriesThatShareThePrefix() {
    assertThatThrownBy(() -> warehouse.check("location", "file:/data/warehouse-other/t"))
        .hasMessageContaining("outside the warehouse");
  }

  @Test
  void refusesTraversal() {
    assertThatThrownBy(() -> warehouse.check("location", "file:/data/warehouse/../secrets"))
        .hasMessageContaining("outside the warehouse");
  }

  @Test
  void refusesOtherSchemesForALocalWarehouse() {
    assertThatThrownBy(() -> warehouse.check("location", "s3://bucket/data/warehouse/t"))
        .hasMessageContaining("outside the warehouse");
  }

  @Test
  void refusesStatisticsOutsideTheWarehouse() {
    // A purge deletes the files a table's metadata names: the catalog's own database among them,
    // had a commit named it.
    assertThatThrownBy(() -> checkStatistics("file:/data/catalog/db/mesh.mv.db"))
        .hasMessageStartingWith(
            "Invalid updates.set-statistics.statistics-path: location"
                + " file:/data/catalog/db/mesh.mv.db is outside the warehouse");
    assertThatThrownBy(
            () ->
                warehouse.checkUpdates(
                    "updates",
                    List.of(
                        new MetadataUpdate.SetPartitionStatistics(
                            org.apache.iceberg.ImmutableGenericPartitionStatisticsFile.builder()
                                .snapshotId(1)
                                .path("file:/etc/passwd")
                                .fileSizeInBytes(8)
                                .build()))))
        .hasMessageStartingWith("Invalid updates.set-partition-statistics.statistics-path");
    assertThatCode(() -> checkStatistics("file:/data/warehouse/claims/t/metadata/stats.puffin"))
        .doesNotThrowAnyException();
  }

  private void checkStatistics(String path) {
    warehouse.checkUpdates(
        "updates",
        List.of(
            new MetadataUpdate.SetStatistics(
                new org.apache.iceberg.GenericStatisticsFile(1, path, 8, 0, List.of()))));
  }

  @Test
  void refusesRedirectingPropertiesAndMoves() {
    assertThatThrownBy(
            () ->
                warehouse.checkProperties(
                    "properties", Map.of("write.metadata.path", "file:/tmp/elsewhere")))
        .hasMessageStartingWith("Invalid properties.write.metadata.path");
    assertThatThrownBy(
            () ->
                warehouse.checkUpdates(
                    "updates", List.of(new MetadataUpdate.SetLocation("file:/tmp/moved"))))
        .hasMessageStartingWith("Invalid updates.set-location");
  }

  @Test
  void objectStoreWarehouseComparesByPrefix() {
    WarehouseLocations s3 = new WarehouseLocations("s3://lake/mesh");
    assertThatCode(() -> s3.check("location", "s3://lake/mesh/claims/t"))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> s3.check("location", "s3://lake/mesh-other/t"))
        .hasMessageContaining("outside the warehouse");
  }
}
