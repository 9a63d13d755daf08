package io.insightmesh.products.profiles.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.insightmesh.sdk.publish.LineageInput;
import io.insightmesh.sdk.testing.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReferenceDataTest {
  private static SparkSession spark;

  @TempDir Path input;

  @BeforeAll
  static void startSpark() {
    spark = TestSpark.session();
  }

  @Test
  void anInputWithoutReferenceDataIsRefusedInsteadOfGivingCleanProfiles() throws IOException {
    // The claims landing folder given as --input: no register anywhere.
    Files.createDirectories(input.resolve("landing/claims"));

    assertThatThrownBy(() -> ReferenceData.read(spark, input))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Missing reference registers in "
                + input
                + " (there is no "
                + input.resolve("reference")
                + " folder): self_assessment (self_assessment.jsonl, self_assessment.json,"
                + " self_assessment); paye_employment (paye_employment.jsonl,"
                + " paye_employment.json, paye_employment); companies (companies.jsonl,"
                + " companies.json, companies); deceased (deceased.jsonl, deceased.json,"
                + " deceased). Profiles need every register, if only as an empty file: a missing"
                + " one would read as no records and every claimant would look clean");
  }

  @Test
  void aMisnamedRegisterIsNamedWithTheFileNamesItMayHave() throws IOException {
    Path reference = writeRegisters(input.resolve("reference"));
    Files.move(reference.resolve("deceased.jsonl"), reference.resolve("deceased.csv"));

    assertThatThrownBy(() -> ReferenceData.read(spark, input))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "Missing reference registers in "
                + reference
                + ": deceased (deceased.jsonl, deceased.json, deceased). Profiles need every"
                + " register");
  }

  @Test
  void everyRegisterIsReadEvenAnEmptyOne() throws IOException {
    Path reference = writeRegisters(input.resolve("reference"));
    Files.writeString(reference.resolve("deceased.jsonl"), "");

    ReferenceData data = ReferenceData.read(spark, input);

    assertThat(data.deceased().count()).isZero();
    assertThat(data.selfAssessment().collectAsList())
        .singleElement()
        .satisfies(
            row -> {
              assertThat(row.<String>getAs("nino")).isEqualTo("AA000001A");
              assertThat(row.<Integer>getAs("tax_year")).isEqualTo(2018);
            });
    assertThat(data.payeEmployment().count()).isOne();
    assertThat(data.companies().count()).isOne();
    // Lineage names every register read, the empty one too.
    assertThat(data.lineage())
        .extracting(LineageInput::name)
        .containsExactly(
            path(reference, "self_assessment.jsonl"),
            path(reference, "paye_employment.jsonl"),
            path(reference, "companies.jsonl"),
            path(reference, "deceased.jsonl"));
  }

  @Test
  void registersGivenWithoutAReferenceFolderAreFoundInTheInputItself() throws IOException {
    writeRegisters(input);
    Files.move(input.resolve("companies.jsonl"), input.resolve("companies.json"));

    assertThat(ReferenceData.locate(input))
        .containsEntry(ReferenceData.COMPANIES, input.resolve("companies.json"))
        .containsEntry(ReferenceData.DECEASED, input.resolve("deceased.jsonl"))
        .hasSize(4);
  }

  private static String path(Path directory, String file) {
    return directory.resolve(file).toAbsolutePath().toString();
  }

  /** One record in each register, as the claims generator writes them. */
  private static Path writeRegisters(Path directory) throws IOException {
    Files.createDirectories(directory);
    Files.writeString(
        directory.resolve("self_assessment.jsonl"),
        "{\"nino\":\" aa000001a \",\"utr\":\"1234567890\",\"tax_year\":\"2018-19\","
            + "\"trading_profit\":\"30000.00\"}\n");
    Files.writeString(
        directory.resolve("paye_employment.jsonl"),
        "{\"employer_reference\":\"120/AB12345\",\"company_number\":\"87654321\","
            + "\"month\":\"2020-02\",\"employees\":2,\"gross_pay\":\"4400.00\"}\n");
    Files.writeString(
        directory.resolve("companies.jsonl"),
        "{\"company_number\":\"87654321\",\"name\":\"Old Hand Ltd\","
            + "\"incorporated_on\":\"2015-06-01\",\"status\":\"active\"}\n");
    Files.writeString(
        directory.resolve("deceased.jsonl"),
        "{\"nino\":\"AA000006A\",\"date_of_death\":\"2020-01-10\"}\n");
    return directory;
  }
}
