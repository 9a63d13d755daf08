package io.insightmesh.products.claims.generate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.insightmesh.contracts.claims.Claim;
import io.insightmesh.contracts.spec.ProductDescriptors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.specific.SpecificDatumReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --format avro: container files in the contract's schema, the same claims as JSON lines. */
class AvroLandingTest {
  private static final long COUNT = 8_000;

  @TempDir static Path directory;

  private static List<Claim> claims;
  private static GeneratedData json;
  private static Path avro;

  @BeforeAll
  static void generate() throws IOException {
    avro = directory.resolve("avro");
    Path jsonDirectory = directory.resolve("json");
    GeneratorSettings settings =
        GeneratorSettings.of(COUNT, 99, avro).withClaimsPerFile(2_000).withBadRate(0.02);
    new ClaimsGenerator(settings.withFormat(OutputFormat.AVRO)).generate(ProgressListener.none());
    new ClaimsGenerator(
            new GeneratorSettings(
                COUNT, 99, jsonDirectory, OutputFormat.JSON, 0.02, 2, 2_000, ExistingOutput.REFUSE))
        .generate(ProgressListener.none());
    json = new GeneratedData(jsonDirectory);
    claims = new ArrayList<>();
    try (Stream<Path> parts = Files.list(avro.resolve("landing/claims"))) {
      for (Path part : parts.sorted().toList()) {
        assertThat(part.getFileName().toString()).matches("part-\\d{5}\\.avro");
        try (DataFileReader<Claim> reader =
            new DataFileReader<>(part.toFile(), new SpecificDatumReader<>(Claim.class))) {
          assertThat(reader.getSchema())
              .isEqualTo(ProductDescriptors.builtIn("claims.claims").contract());
          reader.forEach(claims::add);
        }
      }
    }
  }

  @Test
  void holdsTheSameClaimsAsJsonLines() {
    assertThat(claims).hasSize((int) COUNT);
    for (int i = 0; i < claims.size(); i++) {
      Claim claim = claims.get(i);
      JsonNode line = json.landing.get(i);
      assertThat(claim.getClaimId()).isEqualTo(line.get("claim_id").asText());
      if (!json.isBad(line)) {
        assertThat(claim.getScheme().name()).isEqualTo(line.get("scheme").asText());
        assertThat(claim.getSubmittedAt().toString()).isEqualTo(line.get("submitted_at").asText());
        assertThat(claim.getNino()).isEqualTo(line.get("nino").asText());
        assertThat(claim.getAmountClaimed()).isEqualTo(line.get("amount_claimed").decimalValue());
        assertThat(claim.getDateOfBirth().toString()).isEqualTo(line.get("date_of_birth").asText());
        assertThat(claim.getUtr()).isEqualTo(GeneratedData.text(line, "utr"));
        assertThat(claim.getEmployees() == null ? null : claim.getEmployees().toString())
            .isEqualTo(GeneratedData.text(line, "employees"));
        assertThat(claim.getIpAddress()).isEqualTo(GeneratedData.text(line, "ip_address"));
      }
    }
  }

  @Test
  void badRecordsUseOnlyDefectsAvroCanCarry() throws IOException {
    List<JsonNode> bad =
        Files.readAllLines(avro.resolve("ground-truth/labels.jsonl")).stream()
            .map(GeneratedData::parse)
            .filter(label -> label.has("bad_record"))
            .toList();
    assertThat(bad).hasSizeGreaterThan(50);
    assertThat(bad).allMatch(label -> Defect.valueOf(label.get("bad_record").asText()).fitsAvro());
    long negative = claims.stream().filter(claim -> claim.getAmountClaimed().signum() < 0).count();
    assertThat(negative)
        .isPositive()
        .isEqualTo(
            bad.stream()
                .filter(label -> label.get("bad_record").asText().equals("NEGATIVE_AMOUNT"))
                .count());
    assertThat(claims).allMatch(claim -> claim.getAmountClaimed().scale() == 2);
  }
}
