package io.insightmesh.decisions.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.insightmesh.contracts.claims.Claim;
import io.insightmesh.contracts.claims.Scheme;
import io.insightmesh.contracts.profiles.ClaimantProfile;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FeatureVectorBuilderTest {
  @Test
  void submittedAtReadsAsTheRulesAlwaysSawIt() {
    // What claim.submitted_at held before it was written without the formatter: rules compare it.
    DateTimeFormatter formatter =
        DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    List<Instant> instants =
        List.of(
            Instant.parse("2020-05-14T09:30:00Z"),
            Instant.parse("2020-05-14T09:30:59.999999Z"),
            Instant.parse("1969-12-31T23:59:59.5Z"),
            Instant.parse("1970-01-01T00:00:00Z"),
            Instant.parse("0000-01-01T00:00:00Z"),
            Instant.parse("9999-12-31T23:59:59Z"),
            Instant.parse("+10000-01-01T00:00:00Z"),
            Instant.parse("-0001-12-31T23:59:59Z"),
            Instant.parse("2024-02-29T23:00:01Z"));
    for (Instant instant : instants) {
      assertThat(FeatureVectorBuilder.seconds(instant))
          .as("%s", instant)
          .isEqualTo(formatter.format(instant.truncatedTo(ChronoUnit.SECONDS)));
    }
    for (long second = -5_000_000_000L; second < 260_000_000_000L; second += 987_654_321L) {
      Instant instant = Instant.ofEpochSecond(second, 123_456_789);
      assertThat(FeatureVectorBuilder.seconds(instant))
          .as("%s", instant)
          .isEqualTo(formatter.format(instant.truncatedTo(ChronoUnit.SECONDS)));
    }
  }

  private final FeatureSchema schema = FeatureSchema.standard();
  private final FeatureVectorBuilder builder = new FeatureVectorBuilder(schema);
  private final VelocityCounts none = VelocityCounts.none(schema.velocity());

  @Test
  void bindsEveryDeclaredVariableWhenTheProfileIsThere() {
    Claim claim = TestClaims.cjrs().build();
    ClaimantProfile profile = TestClaims.employerProfile(claim).build();
    FeatureVector vector = builder.build(claim, Optional.of(profile), none, new BlockLists());

    for (Feature feature : schema.features()) {
      assertThat(vector.value(feature.name()))
          .as(feature.name())
          .isInstanceOf(feature.type().javaType());
    }
    assertThat(vector.value("claim.scheme")).isEqualTo("CJRS");
    assertThat(vector.value("claim.submitted_at")).isEqualTo("2020-05-14T09:30:00Z");
    assertThat(vector.value("claim.submitted_date")).isEqualTo("2020-05-14");
    assertThat(vector.value("claim.age_years")).isEqualTo(44L);
    assertThat(vector.value("claim.utr")).isEqualTo("");
    assertThat(vector.value("claim.period_months")).isEqualTo(1 + 9 / 31.0);
    assertThat(vector.value("profile.has_prior_declared_income")).isEqualTo(false);
    assertThat(vector.value("profile.claims_per_scheme"))
        .isEqualTo(Map.of("SEISS", 0L, "CJRS", 2L, "SSP_REBATE", 0L, "BBL", 0L));
    assertThat(vector.value("profile.company_incorporated_on")).isEqualTo("2012-09-03");
    assertThat(vector.value("velocity.device_60m")).isEqualTo(0L);
    assertThat(vector.value("caps.eligibility_cutoff")).isEqualTo("2020-03-19");
    assertThat(vector.value("no.such.variable")).isNull();
  }

  @Test
  void leavesProfileVariablesUnboundWithoutAProfile() {
    FeatureVector vector =
        builder.build(TestClaims.seiss().build(), Optional.empty(), none, new BlockLists());
    assertThat(vector.hasProfile()).isFalse();
    assertThat(vector.value("has_profile")).isEqualTo(false);
    assertThat(vector.value("profile.deceased")).isNull();
  }

  @Test
  void computesEachSchemesCapAsTheGeneratorDoes() {
    assertThat(cap(TestClaims.seiss().build())).isEqualTo(7_500.0);
    assertThat(cap(TestClaims.seiss().setScheme(Scheme.BBL).build())).isEqualTo(50_000.0);
    // 3 employees × 2,500 × (1 + 9/31) months, rounded to the penny.
    assertThat(cap(TestClaims.cjrs().build())).isEqualTo(9_677.42);
    // Whole months: 1 to 31 May.
    assertThat(
            cap(
                TestClaims.cjrs()
                    .setEmployees(2)
                    .setPeriodStart(LocalDate.of(2020, 5, 1))
                    .setPeriodEnd(LocalDate.of(2020, 5, 31))
                    .build()))
        .isEqualTo(5_000.0);
    // SSP rebate: two weeks at 95.85 for each of at most 249 employees.
    assertThat(cap(TestClaims.cjrs().setScheme(Scheme.SSP_REBATE).setEmployees(null).build()))
        .isEqualTo(249 * 191.70, org.assertj.core.data.Offset.offset(1e-9));

    FeatureVector noPeriod =
        builder.build(
            TestClaims.cjrs().setPeriodStart(null).build(),
            Optional.empty(),
            none,
            new BlockLists());
    assertThat(noPeriod.value("claim.has_cap")).isEqualTo(false);
  }

  @Test
  void refusesAnotherClaimantsProfile() {
    Claim claim = TestClaims.seiss().build();
    ClaimantProfile other =
        TestClaims.individualProfile(claim).setClaimantId("c0ffee0000000099").build();
    assertThatThrownBy(() -> builder.build(claim, Optional.of(other), none, new BlockLists()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Profile of claimant c0ffee0000000099 given for a claim of claimant c0ffee0000000001");
  }

  @Test
  void refusesVelocityCountedWithOtherWindows() {
    VelocityCounts other =
        VelocityCounts.none(new VelocitySettings(List.of(Duration.ofMinutes(5)), 10));
    assertThatThrownBy(
            () ->
                builder.build(
                    TestClaims.seiss().build(), Optional.empty(), other, new BlockLists()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Velocity counts for windows [PT5M] do not match the schema's windows [PT10M, PT1H]");
  }

  @Test
  void refusesAClaimWithoutAnAmount() {
    Claim claim = TestClaims.seiss().setAmountClaimed(BigDecimal.ONE).build();
    claim.setAmountClaimed(null);
    assertThatThrownBy(() -> builder.build(claim, Optional.empty(), none, new BlockLists()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Claim 0b7e1c52-3f0e-4a43-9d7f-2f6a4c1b9e01: field amount_claimed is required to assess"
                + " it");
  }

  private double cap(Claim claim) {
    FeatureVector vector = builder.build(claim, Optional.empty(), none, new BlockLists());
    assertThat(vector.value("claim.has_cap")).isEqualTo(true);
    return (Double) vector.value("claim.cap");
  }
}
