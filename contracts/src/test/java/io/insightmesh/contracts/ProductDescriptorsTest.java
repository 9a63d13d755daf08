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
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
  void everyShippedDescriptorLoads() throws Exception {
    Path shipped = Path.of(getClass().getClassLoader().getResource("contracts").toURI());
    List<String> products;
    try (Stream<Path> files = Files.walk(shipped)) {
      products =
          files
              .filter(file -> file.toString().endsWith(".yaml"))
              .map(file -> shipped.relativize(file).toString().replace(".yaml", ""))
              .map(product -> product.replace(java.io.File.separatorChar, '.'))
              .sorted()
              .toList();
    }
    assertThat(products)
        .containsExactly(
            "claims.claims",
            "claims.claims_rejects",
            "profiles.claimant_profiles",
            "risk.decisions");
    for (String product : products) {
      assertThat(ProductDescriptors.builtIn(product).id()).isEqualTo(product);
    }
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

  /** The shipped claims descriptor's quality block, which every case below rewrites. */
  private static final String QUALITY =
      "quality:\n  rowCount:\n    min: 1\n  freshness:\n    column: submitted_at\n    maxAge: P7D\n";

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          a misspelt rule     | quality: {rowcount: {min: 1}}                  | quality has no 'rowcount'; it takes freshness, rowCount
          a misspelt rule     | quality: {freshnes: {column: submitted_at, maxAge: P7D}} | quality has no 'freshnes'; it takes freshness, rowCount
          a misspelt bound    | quality: {rowCount: {minimum: 1}}              | quality.rowCount has no 'minimum'; it takes max, min
          a misspelt key      | quality: {freshness: {column: submitted_at, max_age: P7D}} | quality.freshness has no 'max_age'; it takes column, maxAge
          a word for a bound  | quality: {rowCount: {min: one}}                | quality.rowCount.min is "one"; it must be a whole number of rows, 0 or more
          a quoted bound      | quality: {rowCount: {max: "10"}}               | quality.rowCount.max is "10"; it must be a whole number of rows, 0 or more
          a fraction          | quality: {rowCount: {min: 1.5}}                | quality.rowCount.min is 1.5; it must be a whole number of rows, 0 or more
          a negative bound    | quality: {rowCount: {min: -1}}                 | quality.rowCount.min is -1; it must be a whole number of rows, 0 or more
          an empty bound      | quality: {rowCount: {min: }}                   | quality.rowCount.min is empty; it must be a whole number of rows, 0 or more
          crossed bounds      | quality: {rowCount: {min: 10, max: 5}}         | quality.rowCount.min 10 must not be above quality.rowCount.max 5
          no bound at all     | quality: {rowCount: {}}                        | quality.rowCount needs min, max or both
          a list of rules     | quality: [rowCount]                            | quality must be a mapping of freshness, rowCount
          a rule under-indented | quality:\\nrowCount: {min: 1}                | quality must be a mapping of freshness, rowCount
          a bad duration      | quality: {freshness: {column: submitted_at, maxAge: 7 days}} | quality.freshness.maxAge 7 days is not an ISO-8601 duration (PT1H, P7D)
          a zero duration     | quality: {freshness: {column: submitted_at, maxAge: PT0S}} | quality.freshness.maxAge PT0S must be a positive duration
          no column           | quality: {freshness: {maxAge: P7D}}            | quality.freshness.column is required
          an unknown column   | quality: {freshness: {column: submited_at, maxAge: P7D}} | quality.freshness.column names submited_at, which is not a field of the contract
          """)
  void aQualityRuleThatWouldNotBeCheckedAsWrittenIsRefused(
      String mistake, String quality, String message, @TempDir Path directory) throws IOException {
    Path descriptor = copy(directory, QUALITY, quality.replace("\\n", "\n") + "\n");
    assertThatThrownBy(() -> ProductDescriptors.load(descriptor))
        .isInstanceOf(InvalidContractException.class)
        .hasMessage("Invalid descriptor " + descriptor + ": " + message);
  }

  @Test
  void rowCountBoundsAreReadAsWritten(@TempDir Path directory) throws IOException {
    Path descriptor = copy(directory, QUALITY, "quality: {rowCount: {min: 0, max: 5000000000}}\n");
    assertThat(ProductDescriptors.load(descriptor).qualityRules())
        .contains(new QualityRule.RowCount(Optional.of(0L), Optional.of(5_000_000_000L)))
        .noneMatch(rule -> rule instanceof QualityRule.Freshness);
  }

  @Test
  void anEmptyQualityBlockOrNoneAtAllHasNoDatasetRules(@TempDir Path directory) throws IOException {
    assertThat(ProductDescriptors.load(copy(directory, QUALITY, "quality: {}\n")).qualityRules())
        .noneMatch(rule -> rule instanceof QualityRule.RowCount)
        .noneMatch(rule -> rule instanceof QualityRule.Freshness);
    assertThat(ProductDescriptors.load(copy(directory, QUALITY, "")).qualityRules())
        .noneMatch(rule -> rule instanceof QualityRule.RowCount)
        .noneMatch(rule -> rule instanceof QualityRule.Freshness);
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
    // A replacement that matches nothing would test the shipped descriptor instead.
    assertThat(yaml).contains(replace);
    Files.writeString(directory.resolve("claims.yaml"), yaml.replace(replace, with));
    Files.write(
        directory.resolve("claims.avsc"),
        loader.getResourceAsStream("contracts/claims/claims.avsc").readAllBytes());
    return directory.resolve("claims.yaml");
  }
}
