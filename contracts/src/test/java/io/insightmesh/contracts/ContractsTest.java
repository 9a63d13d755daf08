package io.insightmesh.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import io.insightmesh.contracts.claims.Claim;
import io.insightmesh.contracts.claims.Scheme;
import io.insightmesh.contracts.profiles.ClaimantProfile;
import io.insightmesh.contracts.risk.Decision;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.Schema.Field;
import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What every contract promises its readers: documented fields, tagged and masked personal data. */
class ContractsTest {
  private static final Set<String> PII_TAGS =
      Set.of(
          "nino",
          "utr",
          "name",
          "dob",
          "address",
          "postcode",
          "bank_account",
          "contact",
          "ip",
          "device");

  static Stream<String> contracts() {
    return Stream.of(
        "contracts/claims/claims.avsc",
        "contracts/profiles/claimant_profiles.avsc",
        "contracts/risk/decisions.avsc");
  }

  @ParameterizedTest
  @MethodSource("contracts")
  void everyFieldIsDocumentedAndEveryPersonalFieldTaggedAndMasked(String resource)
      throws IOException {
    Schema schema = load(resource);
    assertThat(schema.getDoc()).isNotBlank();
    for (Field field : fields(schema)) {
      assertThat(field.doc()).as("doc of %s", field.name()).isNotBlank();
      Object pii = field.getObjectProp("pii");
      if (pii != null) {
        assertThat(PII_TAGS).as("pii tag of %s", field.name()).contains(pii.toString());
        assertThat(field.getObjectProp("mask")).as("mask of %s", field.name()).isNotNull();
      } else {
        assertThat(field.getObjectProp("mask")).as("mask without pii on %s", field.name()).isNull();
      }
    }
  }

  @Test
  void personalDataOfAClaimIsTagged() throws IOException {
    Schema claim = load("contracts/claims/claims.avsc");
    assertThat(
            claim.getFields().stream()
                .filter(field -> field.getObjectProp("pii") != null)
                .map(Field::name))
        .containsExactlyInAnyOrder(
            "nino",
            "utr",
            "name",
            "date_of_birth",
            "postcode",
            "email",
            "bank_sort_code",
            "bank_account_number",
            "device_id",
            "ip_address");
  }

  @Test
  void generatedTypesMatchTheContracts() throws IOException {
    // The generator adds Java-only string hints; the parsing form is what readers resolve by.
    assertThat(SchemaNormalization.toParsingForm(Claim.getClassSchema()))
        .isEqualTo(SchemaNormalization.toParsingForm(load("contracts/claims/claims.avsc")));
    assertThat(SchemaNormalization.toParsingForm(ClaimantProfile.getClassSchema()))
        .isEqualTo(
            SchemaNormalization.toParsingForm(load("contracts/profiles/claimant_profiles.avsc")));
    assertThat(SchemaNormalization.toParsingForm(Decision.getClassSchema()))
        .isEqualTo(SchemaNormalization.toParsingForm(load("contracts/risk/decisions.avsc")));
    assertThat(Claim.getClassSchema().getField("nino").getObjectProp("pii")).isEqualTo("nino");

    Claim claim =
        Claim.newBuilder()
            .setClaimId("3f1c2a4e-8b7d-4e2a-9c1f-0a1b2c3d4e5f")
            .setScheme(Scheme.SEISS)
            .setSubmittedAt(Instant.parse("2020-05-13T08:00:00Z"))
            .setClaimantId("C000001")
            .setNino("AB123456C")
            .setName("Ada Example")
            .setDateOfBirth(LocalDate.of(1980, 1, 2))
            .setPostcode("SW1A 1AA")
            .setBankSortCode("112233")
            .setBankAccountNumber("12345678")
            .setAmountClaimed(new BigDecimal("7500.00"))
            .setChannel("ONLINE")
            .build();
    assertThat(claim.getUtr()).isNull();
    assertThat(claim.getAmountClaimed()).isEqualByComparingTo("7500.00");
  }

  @Test
  void descriptorsShipBesideTheirContracts() {
    for (String descriptor :
        List.of(
            "contracts/claims/claims.yaml",
            "contracts/profiles/claimant_profiles.yaml",
            "contracts/risk/decisions.yaml")) {
      assertThat(getClass().getClassLoader().getResource(descriptor)).as(descriptor).isNotNull();
    }
  }

  private static List<Field> fields(Schema record) {
    return record.getFields().stream()
        .flatMap(
            field -> {
              Schema type = field.schema();
              if (type.getType() == Schema.Type.ARRAY
                  && type.getElementType().getType() == Schema.Type.RECORD) {
                return Stream.concat(Stream.of(field), fields(type.getElementType()).stream());
              }
              return Stream.of(field);
            })
        .toList();
  }

  private static Schema load(String resource) throws IOException {
    try (InputStream in = ContractsTest.class.getClassLoader().getResourceAsStream(resource)) {
      assertThat(in).as(resource).isNotNull();
      return new Schema.Parser().parse(in);
    }
  }
}
