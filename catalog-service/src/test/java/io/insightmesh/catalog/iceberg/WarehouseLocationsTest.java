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
