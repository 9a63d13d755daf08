package io.insightmesh.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.insightmesh.contracts.spec.InvalidContractException;
import io.insightmesh.contracts.spec.ProductDescriptor;
import io.insightmesh.contracts.spec.ProductDescriptors;
import io.insightmesh.contracts.spec.QualityRule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProductDescriptorsTest {
  @Test
  void theShippedProductsDescribeThemselves() {
    ProductDescriptor claims = ProductDescriptors.builtIn("claims.claims");
    assertThat(claims.table()).isEqualTo("claims.claims_v1");
    assertThat(claims.owner().team()).isEqualTo("claims-team");
    assertThat(claims.freshnessSla()).isEqualTo(Duration.ofHours(1));
    assertThat(claims.partitioning()).containsExactly("day(submitted_at)", "scheme");
    assertThat(claims.bloomFilterColumns()).containsExactly("claim_id");
    assertThat(claims.qualityRules())
        .contains(
            new QualityRule.NotNull("claim_id"),
            new QualityRule.Unique("claim_id"),
            new QualityRule.Freshness("submitted_at", Duration.ofDays(7)))
        .anyMatch(rule -> rule instanceof QualityRule.RowCount);

    assertThat(ProductDescriptors.builtIn("profiles.claimant_profiles").qualityRules())
        .contains(new QualityRule.References("claimant_id", "claims.claims", "claimant_id"));
    assertThat(ProductDescriptors.builtIn("risk.decisions").inputs())
        .containsExactly("claims.claims", "profiles.claimant_profiles");
  }

  @Test
  void aDescriptorWithoutOwnerIsRefused(@TempDir Path directory) throws IOException {
    Path descriptor =
        copy(
            directory,
            "owner:\n  team: claims-team\n  contact: claims-team@insight-mesh.example\n",
            "");
    assertThatThrownBy(() -> ProductDescriptors.load(descriptor))
        .isInstanceOf(InvalidContractException.class)
        .hasMessageEndingWith(": owner with team and contact is required");
  }

  @Test
  void aTableNameOutsideTheMajorVersionIsRefused(@TempDir Path directory) throws IOException {
    Path descriptor = copy(directory, "  name: claims_v1\n", "  name: claims_current\n");
    assertThatThrownBy(() -> ProductDescriptors.load(descriptor))
        .hasMessageContaining("table.name claims_current must be claims_v1");
  }

  @Test
  void aBloomFilterOnAColumnTheContractLacksIsRefused(@TempDir Path directory) throws IOException {
    Path descriptor =
        copy(directory, "bloomFilterColumns: [claim_id]", "bloomFilterColumns: [claim_number]");
    assertThatThrownBy(() -> ProductDescriptors.load(descriptor))
        .isInstanceOf(InvalidContractException.class)
        .hasMessageContaining(
            "table.bloomFilterColumns names claim_number, which is not a field of the contract");
  }

  @Test
  void unknownProductsAreNamed() {
    assertThatThrownBy(() -> ProductDescriptors.builtIn("claims.nothing"))
        .hasMessageStartingWith("Unknown product claims.nothing");
  }

  private static Path copy(Path directory, String replace, String with) throws IOException {
    ClassLoader loader = ProductDescriptorsTest.class.getClassLoader();
    String yaml =
        new String(loader.getResourceAsStream("contracts/claims/claims.yaml").readAllBytes());
    Files.writeString(directory.resolve("claims.yaml"), yaml.replace(replace, with));
    Files.write(
        directory.resolve("claims.avsc"),
        loader.getResourceAsStream("contracts/claims/claims.avsc").readAllBytes());
    return directory.resolve("claims.yaml");
  }
}
