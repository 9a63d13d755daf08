package io.insightmesh.catalog.registry;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.iceberg.catalog.TableIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProductTableTest {

  @Test
  void theTableARegistrationMustNameIsTheOneTheCatalogEnforcesOn() {
    for (String version : new String[] {"0.3.0", "1.0.0", "1.2.3", "2.0.0", "123456789.0.0"}) {
      ProductTable table =
          ProductTable.of(ProductId.of("claims", "claims"), ContractVersion.parse(version));

      assertThat(ProductTable.parse(table.identifier())).contains(table);
    }
    assertThat(ProductTable.of(ProductId.of("claims", "claims"), ContractVersion.parse("2.1.0")))
        .extracting(ProductTable::identifier)
        .isEqualTo(TableIdentifier.of("claims", "claims_v2"));
  }

  @Test
  void aNameEndingInAVersionIsTheProductBeforeTheLastOne() {
    assertThat(ProductTable.parse(TableIdentifier.parse("claims.claims_v1_v2")))
        .contains(new ProductTable(ProductId.of("claims", "claims_v1"), 2));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "claims.claims",
        "claims.claims_v",
        "claims.claims_v01",
        "claims.claims_v1234567890",
        "claims.claims_vx",
        "claims.archive.claims_v1",
        "Claims.claims_v1",
        "claims.Claims_v1",
        "claims._v1"
      })
  void tablesOutsideTheConventionBelongToNoProduct(String table) {
    assertThat(ProductTable.parse(TableIdentifier.parse(table))).isEmpty();
  }
}
