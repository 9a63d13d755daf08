package io.insightmesh.decisions.rules;

import static io.insightmesh.decisions.rules.CompiledRulesetTest.rule;
import static io.insightmesh.decisions.rules.CompiledRulesetTest.ruleset;
import static org.assertj.core.api.Assertions.assertThat;

import io.insightmesh.contracts.claims.Claim;
import io.insightmesh.contracts.claims.Scheme;
import io.insightmesh.contracts.profiles.ClaimantProfile;
import io.insightmesh.decisions.features.BlockLists;
import io.insightmesh.decisions.features.FeatureSchema;
import io.insightmesh.decisions.features.FeatureVector;
import io.insightmesh.decisions.features.FeatureVectorBuilder;
import io.insightmesh.decisions.features.TestClaims;
import io.insightmesh.decisions.features.VelocityCounters;
import io.insightmesh.decisions.features.VelocitySettings;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The closures answer every rule as CEL's interpreter does: each expression below, as a ruleset of
 * its own and in the shipped ruleset, is assessed by both over claims with and without profiles,
 * with edge values (no employees, names beyond the Basic Multilingual Plane, repeated devices), and
 * the assessments must be equal.
 */
class RuleClosuresTest {
  private static final FeatureSchema SCHEMA = FeatureSchema.standard();

  /** Every overload the closures implement, in the ways analysts combine them. */
  private static final List<String> CLOSED =
      List.of(
          "blocked.device || claim.employees == 2",
          "double(claim.employees) * 2500.0 > claim.amount_claimed",
          "has_profile && profile.deceased",
          "!has_profile || profile.account_age_days < 30",
          "claim.has_cap && claim.amount_claimed > claim.cap",
          "claim.amount_claimed > 3000",
          "claim.amount_claimed >= 2500 && claim.amount_claimed <= 7500",
          "claim.employees > 1.5",
          "claim.employees * 1000 < claim.amount_claimed",
          "claim.amount_claimed < claim.employees * 1000",
          "claim.age_years >= 18 && claim.age_years <= 100",
          "claim.scheme in ['CJRS', 'BBL']",
          "claim.scheme in [claim.channel, 'BBL']",
          "claim.employees in [0, 3, 12]",
          "claim.has_cap in [true]",
          "claim.amount_claimed in [2500.0, 7500.0]",
          "'CJRS' in profile.claims_per_scheme && profile.claims_per_scheme['CJRS'] >= 1",
          "profile.claims_per_scheme['SEISS'] + profile.claims_per_scheme['CJRS'] > 1",
          "size(profile.claims_per_scheme) == 4",
          "size(claim.name) > 12 || claim.name.size() < 3",
          "claim.name.startsWith('Jo') || claim.name.endsWith('th') || claim.name.contains('😀')",
          "claim.postcode + ' ' + claim.scheme != 'SW1A 1AA SEISS'",
          "claim.period_start < caps.eligibility_cutoff && claim.period_start != ''",
          "claim.submitted_date >= '2020-05-14' && claim.submitted_at < '2020-05-14T09:31:00Z'",
          "claim.employees * 2500 - 1 > claim.amount_claimed",
          "claim.employees / 2 == 1 || claim.employees % 2 == 1",
          "-claim.age_years < -40",
          "claim.amount_claimed / 2.0 + 1.0 - 0.5 * 3.0 > -claim.cap + 4000.0",
          "claim.amount_claimed == 7500.0 || claim.amount_claimed != 2500.0",
          "-claim.cap == 0.0 || claim.amount_claimed == 2500.0",
          "(claim.employees > 2 ? claim.amount_claimed : claim.cap) >= 1000",
          "velocity.device_60m >= 3 && claim.channel == 'ONLINE'",
          "profile.max_claim_to_cap_ratio > 0.9 && profile.total_claimed > 10000.0",
          "claim.company_number != '' && has_profile && profile.has_prior_declared_income");

  /** Rules the closures leave to CEL: their rulesets evaluate with the interpreter alone. */
  private static final List<String> NOT_CLOSED =
      List.of(
          "profile.claims_per_scheme.exists(s, profile.claims_per_scheme[s] > 1)",
          "uint(claim.employees) > 1u",
          "has_profile && has(profile.claims_per_scheme.SEISS)",
          "int(claim.amount_claimed) > 3000",
          "claim.name.matches('^J')");

  @Test
  void everyClosedExpressionAssessesAsCelDoes() {
    List<FeatureVector> vectors = vectors();
    for (String expression : CLOSED) {
      Ruleset ruleset = ruleset(rule("r", RuleAction.FLAG, 0.5, expression));
      CompiledRuleset cel = new RuleCompiler(SCHEMA, false).compile(ruleset);
      CompiledRuleset closed = new RuleCompiler(SCHEMA, true).compile(ruleset);
      assertThat(closed.closed()).as(expression).isTrue();
      assertThat(cel.closed()).isFalse();
      int fired = 0;
      for (FeatureVector vector : vectors) {
        Assessment expected = cel.evaluate(vector);
        assertThat(closed.evaluate(vector)).as(expression).isEqualTo(expected);
        fired += expected.codes().contains("R") ? 1 : 0;
      }
      // Each expression fires on some claims and not on others: both answers were compared.
      assertThat(fired).as(expression).isBetween(1, vectors.size() - 1);
    }
  }

  @Test
  void theShippedRulesetAssessesAsCelDoes() {
    Ruleset shipped = RulesetLoader.shipped();
    CompiledRuleset cel = new RuleCompiler(SCHEMA, false).compile(shipped);
    CompiledRuleset closed = CompiledRuleset.compile(shipped);
    assertThat(closed.closed()).isTrue();
    for (FeatureVector vector : vectors()) {
      assertThat(closed.evaluate(vector)).isEqualTo(cel.evaluate(vector));
    }
  }

  @Test
  void aRulesetWithOneRuleTheClosuresLackIsLeftToCel() {
    List<FeatureVector> vectors = vectors();
    for (String expression : NOT_CLOSED) {
      Ruleset ruleset =
          ruleset(
              rule("closed", RuleAction.FLAG, 0.5, "claim.amount_claimed > 3000"),
              rule("other", RuleAction.SCORE, 0.2, expression));
      CompiledRuleset compiled = CompiledRuleset.compile(ruleset);
      assertThat(compiled.closed()).as(expression).isFalse();
      CompiledRuleset cel = new RuleCompiler(SCHEMA, false).compile(ruleset);
      for (FeatureVector vector : vectors) {
        assertThat(compiled.evaluate(vector)).isEqualTo(cel.evaluate(vector));
      }
    }
  }

  @Test
  void aClaimTheClosuresCannotAnswerGetsCelsRuleError() {
    // No employees: integer division by zero, which CEL reports and the closures leave to it.
    Ruleset ruleset =
        ruleset(
            rule("per-employee", RuleAction.REJECT, 0.9, "100 / claim.employees > 1"),
            rule("unbound", RuleAction.SCORE, 0.3, "profile.deceased"),
            rule("fine", RuleAction.SCORE, 0.2, "claim.scheme == 'SEISS'"));
    CompiledRuleset compiled = CompiledRuleset.compile(ruleset);
    assertThat(compiled.closed()).isTrue();
    Claim seiss = TestClaims.seiss().build();
    FeatureVector withoutProfile =
        vector(seiss, Optional.empty(), new VelocityCounters(VelocitySettings.standard()));

    Assessment assessment = compiled.evaluate(withoutProfile);

    assertThat(assessment.reasons())
        .extracting(Reason::ruleId, Reason::code)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(Reason.PROFILE_MISSING_RULE, "PROFILE_MISSING"),
            org.assertj.core.groups.Tuple.tuple("per-employee", Reason.RULE_ERROR),
            org.assertj.core.groups.Tuple.tuple("unbound", Reason.RULE_ERROR),
            org.assertj.core.groups.Tuple.tuple("fine", "FINE"));
    assertThat(assessment)
        .isEqualTo(new RuleCompiler(SCHEMA, false).compile(ruleset).evaluate(withoutProfile));
  }

  /** Claims of both schemes, with and without profiles, a fifth from one busy device. */
  private static List<FeatureVector> vectors() {
    Random random = new Random(17);
    VelocityCounters velocity = new VelocityCounters(VelocitySettings.standard());
    String[] names = {"John Smith", "Jo", "Zoë Brontë-Smyth", "A 😀 B", "Keira"};
    String[] schemes = {"SEISS", "CJRS", "BBL"};
    List<FeatureVector> vectors = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      Claim.Builder builder = i % 2 == 0 ? TestClaims.cjrs() : TestClaims.seiss();
      builder
          .setClaimId("claim-" + i)
          .setClaimantId(String.format("%016x", i))
          .setName(names[i % names.length])
          .setDateOfBirth(java.time.LocalDate.of(1945 + i % 70, 1 + i % 12, 1))
          .setDeviceId(i % 5 == 0 ? "0f1e2d3c4b5a6978" : String.format("%016x", i))
          .setSubmittedAt(TestClaims.SUBMITTED_AT.plusSeconds(i))
          .setAmountClaimed(
              i % 7 == 0
                  ? new BigDecimal("2500.00")
                  : new BigDecimal(random.nextInt(500, 12_000) + ".50"));
      if (schemes[i % 3].equals("BBL")) {
        builder.setScheme(Scheme.BBL);
      }
      if (i % 2 == 0) {
        builder.setEmployees(i % 8).setPeriodStart(java.time.LocalDate.of(2020, 3, 10 + i % 20));
      }
      Claim claim = builder.build();
      Optional<ClaimantProfile> profile =
          i % 9 == 0
              ? Optional.empty()
              : Optional.of(
                  (i % 2 == 0
                          ? TestClaims.employerProfile(claim)
                          : TestClaims.individualProfile(claim))
                      .setDeceased(i % 13 == 0)
                      .setPriorDeclaredIncome(i % 6 == 0 ? new BigDecimal("1000.00") : null)
                      .setAccountAgeDays(i % 11 == 0 ? 10 : 1500)
                      .setMaxClaimToCapRatio(i % 4 == 0 ? 0.95 : 0.4)
                      .setTotalClaimed(new BigDecimal(i * 100 + ".00"))
                      .setClaimsPerScheme(
                          Map.of("SEISS", i % 3, "CJRS", i % 2, "SSP_REBATE", 0, "BBL", 0))
                      .build());
      vectors.add(vector(claim, profile, velocity));
    }
    return vectors;
  }

  private static FeatureVector vector(
      Claim claim, Optional<ClaimantProfile> profile, VelocityCounters velocity) {
    return new FeatureVectorBuilder(SCHEMA)
        .build(claim, profile, velocity.record(claim), new BlockLists());
  }
}
