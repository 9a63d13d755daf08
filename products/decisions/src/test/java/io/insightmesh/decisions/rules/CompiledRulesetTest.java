package io.insightmesh.decisions.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.insightmesh.contracts.claims.Claim;
import io.insightmesh.contracts.risk.Outcome;
import io.insightmesh.decisions.features.BlockLists;
import io.insightmesh.decisions.features.FeatureSchema;
import io.insightmesh.decisions.features.FeatureVector;
import io.insightmesh.decisions.features.FeatureVectorBuilder;
import io.insightmesh.decisions.features.TestClaims;
import io.insightmesh.decisions.features.VelocityCounts;
import io.insightmesh.decisions.features.VelocitySettings;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CompiledRulesetTest {
  private static final RulesetVersion VERSION = RulesetVersion.parse("2026.11.1");
  private static final FeatureSchema SCHEMA = FeatureSchema.standard();

  @Test
  void refusesARuleThatDoesNotCompileWithTheCompilersMessage() {
    Ruleset ruleset = ruleset(rule("typo", RuleAction.FLAG, 0.5, "claim.amount > 7500"));
    assertThatThrownBy(() -> CompiledRuleset.compile(ruleset))
        .isInstanceOf(RuleCompilationException.class)
        .hasMessageStartingWith("Rule typo: field expression does not compile: ERROR: <input>:1:1:")
        .hasMessageContaining("undeclared reference to 'claim'")
        .satisfies(
            e -> {
              RuleCompilationException refused = (RuleCompilationException) e;
              assertThat(refused.ruleId()).isEqualTo("typo");
              assertThat(refused.compilerMessage()).contains("| claim.amount > 7500");
            });
  }

  @Test
  void refusesARuleThatIsNotABoolean() {
    Ruleset ruleset = ruleset(rule("amount", RuleAction.FLAG, 0.5, "claim.amount_claimed * 2.0"));
    assertThatThrownBy(() -> CompiledRuleset.compile(ruleset))
        .isInstanceOf(RuleCompilationException.class)
        .hasMessageContaining("Rule amount: field expression does not compile")
        .hasMessageContaining("expected type 'bool' but found 'double'");
  }

  @Test
  void refusesAVelocityWindowThatIsNotConfigured() {
    Ruleset ruleset = ruleset(rule("five", RuleAction.FLAG, 0.5, "velocity.device_5m > 3"));
    assertThatThrownBy(() -> CompiledRuleset.compile(ruleset))
        .isInstanceOf(RuleCompilationException.class)
        .hasMessageContaining("undeclared reference to 'velocity'");
  }

  @Test
  void comparesNumbersOfDifferentTypes() {
    CompiledRuleset compiled =
        CompiledRuleset.compile(
            ruleset(rule("big", RuleAction.FLAG, 0.5, "claim.amount_claimed > 3000")));
    assertThat(compiled.evaluate(withProfile(TestClaims.seiss().build())).codes())
        .containsExactly("BIG");
  }

  @Test
  void takesTheStandardMacrosTheRulesGuideShows() {
    // docs/guides/rules.md: "profile.claims_per_scheme.exists(s, profile.claims_per_scheme[s] > 3)"
    CompiledRuleset compiled =
        CompiledRuleset.compile(
            ruleset(
                rule(
                    "repeat",
                    RuleAction.FLAG,
                    0.5,
                    "has_profile && profile.claims_per_scheme.exists(s,"
                        + " profile.claims_per_scheme[s] > 3)"),
                rule("all-small", RuleAction.SCORE, 0.1, "[1, 2].all(n, n < claim.employees)")));
    Claim claim = TestClaims.cjrs().build();
    FeatureVector frequent =
        new FeatureVectorBuilder(SCHEMA)
            .build(
                claim,
                Optional.of(
                    TestClaims.employerProfile(claim)
                        .setClaimsPerScheme(
                            java.util.Map.of("SEISS", 0, "CJRS", 4, "SSP_REBATE", 0, "BBL", 0))
                        .build()),
                VelocityCounts.none(SCHEMA.velocity()),
                new BlockLists());

    assertThat(compiled.evaluate(frequent).codes()).containsExactly("REPEAT", "ALL_SMALL");
    assertThat(compiled.evaluate(withProfile(claim)).codes()).containsExactly("ALL_SMALL");
  }

  @Test
  void flagsARuleThatFailsAtRunTimeInsteadOfThrowing() {
    // A SEISS claim has no employees (0): integer division by zero.
    CompiledRuleset compiled =
        CompiledRuleset.compile(
            ruleset(
                rule("per-employee", RuleAction.REJECT, 0.9, "100 / claim.employees > 1"),
                rule("fine", RuleAction.SCORE, 0.2, "claim.scheme == 'SEISS'")));

    Assessment assessment = compiled.evaluate(withProfile(TestClaims.seiss().build()));

    assertThat(assessment.decision()).isEqualTo(Outcome.FLAG);
    // The failing rule adds nothing to the score; the others still run.
    assertThat(assessment.riskScore()).isCloseTo(0.2, within(1e-12));
    assertThat(assessment.reasons())
        .containsExactly(
            new Reason(
                "per-employee",
                "RULE_ERROR",
                "Rule per-employee could not be evaluated on this claim (DIVIDE_BY_ZERO): the claim"
                    + " needs a manual check."),
            new Reason("fine", "FINE", "Rule fine fired."));
  }

  @Test
  void flagsAMissingMapKeyWithoutQuotingTheData() {
    CompiledRuleset compiled =
        CompiledRuleset.compile(
            ruleset(
                rule(
                    "furlough",
                    RuleAction.FLAG,
                    0.5,
                    "has_profile && profile.claims_per_scheme[claim.nino] > 0")));
    Assessment assessment = compiled.evaluate(withProfile(TestClaims.seiss().build()));
    assertThat(assessment.decision()).isEqualTo(Outcome.FLAG);
    assertThat(assessment.codes()).containsExactly("RULE_ERROR");
    assertThat(assessment.reasons().get(0).text())
        .contains("furlough", "ATTRIBUTE_NOT_FOUND")
        .doesNotContain("AB123456C");
  }

  @Test
  void flagsAProfileRuleThatForgetsHasProfile() {
    CompiledRuleset compiled =
        CompiledRuleset.compile(
            ruleset(
                rule("unguarded", RuleAction.REJECT, 1.0, "profile.deceased"),
                rule("guarded", RuleAction.REJECT, 1.0, "has_profile && profile.deceased")));
    Assessment assessment = compiled.evaluate(withoutProfile(TestClaims.seiss().build()));
    assertThat(assessment.decision()).isEqualTo(Outcome.FLAG);
    assertThat(assessment.reasons())
        .extracting(Reason::ruleId, Reason::code)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("engine.profile-missing", "PROFILE_MISSING"),
            org.assertj.core.groups.Tuple.tuple("unguarded", "RULE_ERROR"));
    assertThat(assessment.reasons().get(1).text()).contains("UNBOUND_VARIABLE");
  }

  @Test
  void flagsAClaimWithoutAProfileEvenWhenNoRuleFires() {
    CompiledRuleset compiled =
        CompiledRuleset.compile(ruleset(rule("never", RuleAction.REJECT, 1.0, "false")));
    Assessment assessment = compiled.evaluate(withoutProfile(TestClaims.seiss().build()));
    assertThat(assessment.decision()).isEqualTo(Outcome.FLAG);
    assertThat(assessment.codes()).containsExactly("PROFILE_MISSING");
    assertThat(assessment.rulesetVersion()).isEqualTo(VERSION);
  }

  @Test
  void combinesWeightsAndFlagsWeakSignalsAtTheThreshold() {
    Rule weak = rule("weak", RuleAction.SCORE, 0.3, "true");
    Rule weaker = rule("weaker", RuleAction.SCORE, 0.4, "true");
    Claim claim = TestClaims.seiss().build();

    Assessment one = CompiledRuleset.compile(ruleset(weak)).evaluate(withProfile(claim));
    assertThat(one.decision()).isEqualTo(Outcome.ACCEPT);
    assertThat(one.riskScore()).isCloseTo(0.3, within(1e-12));
    assertThat(one.codes()).containsExactly("WEAK");

    // 1 - 0.7 × 0.6 = 0.58, above the 0.5 threshold.
    Assessment two = CompiledRuleset.compile(ruleset(weak, weaker)).evaluate(withProfile(claim));
    assertThat(two.decision()).isEqualTo(Outcome.FLAG);
    assertThat(two.riskScore()).isCloseTo(0.58, within(1e-12));
  }

  @Test
  void aScoreEqualToTheThresholdFlagsAndIsReportedAsTheWeightsSayIt() {
    // In binary floating point 1 - (1 - 0.2) is 0.19999999999999996: below a threshold of 0.2.
    Claim claim = TestClaims.seiss().build();
    for (double weight : new double[] {0.1, 0.2, 0.3, 0.45, 0.7, 0.9}) {
      Assessment atThreshold =
          CompiledRuleset.compile(
                  new Ruleset(
                      VERSION, weight, List.of(rule("weak", RuleAction.SCORE, weight, "true"))))
              .evaluate(withProfile(claim));
      assertThat(atThreshold.decision())
          .as("weight and threshold %s", weight)
          .isEqualTo(Outcome.FLAG);
      assertThat(atThreshold.riskScore()).as("weight %s", weight).isEqualTo(weight);
    }

    // 1 - 0.9 × 0.9 = 0.19 and 1 - 0.7 × 0.7 = 0.51, as the rules guide works them out.
    Assessment twoWeak =
        CompiledRuleset.compile(
                new Ruleset(
                    VERSION,
                    0.19,
                    List.of(
                        rule("one", RuleAction.SCORE, 0.1, "true"),
                        rule("two", RuleAction.SCORE, 0.1, "true"))))
            .evaluate(withProfile(claim));
    assertThat(twoWeak.decision()).isEqualTo(Outcome.FLAG);
    assertThat(twoWeak.riskScore()).isEqualTo(0.19);
    Assessment guideExample =
        CompiledRuleset.compile(
                ruleset(
                    rule("one", RuleAction.SCORE, 0.3, "true"),
                    rule("two", RuleAction.SCORE, 0.3, "true")))
            .evaluate(withProfile(claim));
    assertThat(guideExample.riskScore()).isEqualTo(0.51);

    // A score a meaningful step below the threshold still accepts.
    Assessment below =
        CompiledRuleset.compile(
                new Ruleset(
                    VERSION, 0.200001, List.of(rule("weak", RuleAction.SCORE, 0.2, "true"))))
            .evaluate(withProfile(claim));
    assertThat(below.decision()).isEqualTo(Outcome.ACCEPT);
    assertThat(below.riskScore()).isEqualTo(0.2);
  }

  @Test
  void rejectWinsOverFlag() {
    Assessment assessment =
        CompiledRuleset.compile(
                ruleset(
                    rule("flag", RuleAction.FLAG, 0.5, "true"),
                    rule("reject", RuleAction.REJECT, 0.5, "true")))
            .evaluate(withProfile(TestClaims.seiss().build()));
    assertThat(assessment.decision()).isEqualTo(Outcome.REJECT);
    assertThat(assessment.codes()).containsExactly("FLAG", "REJECT");
    assertThat(assessment.riskScore()).isCloseTo(0.75, within(1e-12));
  }

  @Test
  void aSuccessorMustHaveAGreaterVersionAndCompile() {
    CompiledRuleset current =
        CompiledRuleset.compile(ruleset(rule("a", RuleAction.FLAG, 0.5, "false")));
    Ruleset same = new Ruleset(VERSION, 0.5, List.of(rule("b", RuleAction.FLAG, 0.5, "true")));
    assertThatThrownBy(() -> current.successor(same))
        .isInstanceOf(StaleRulesetVersionException.class)
        .hasMessage(
            "Ruleset version 2026.11.1 cannot replace 2026.11.1: a new ruleset's version must be"
                + " greater than the current one's");

    RulesetVersion next = RulesetVersion.parse("2026.12.1");
    Ruleset broken = new Ruleset(next, 0.5, List.of(rule("b", RuleAction.FLAG, 0.5, "true &&")));
    assertThatThrownBy(() -> current.successor(broken))
        .isInstanceOf(RuleCompilationException.class)
        .hasMessageStartingWith("Rule b: field expression does not compile: ERROR:");

    Ruleset good = new Ruleset(next, 0.5, List.of(rule("b", RuleAction.FLAG, 0.5, "true")));
    assertThat(current.successor(good).version()).isEqualTo(next);
  }

  @Test
  void refusesFeaturesBuiltForAnotherSchema() {
    FeatureSchema other =
        FeatureSchema.of(new VelocitySettings(List.of(Duration.ofMinutes(5)), 100));
    FeatureVector vector =
        new FeatureVectorBuilder(other)
            .build(
                TestClaims.seiss().build(),
                Optional.empty(),
                VelocityCounts.none(other.velocity()),
                new BlockLists());
    CompiledRuleset compiled =
        CompiledRuleset.compile(ruleset(rule("a", RuleAction.FLAG, 0.5, "false")));
    assertThatThrownBy(() -> compiled.evaluate(vector))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Features built for FeatureSchema{")
        .hasMessageContaining("rules compiled for FeatureSchema{");
  }

  @Test
  void aCompilerForOtherWindowsDeclaresTheirVariables() {
    RuleCompiler compiler =
        new RuleCompiler(
            FeatureSchema.of(new VelocitySettings(List.of(Duration.ofMinutes(5)), 100)));
    compiler.check(rule("five", RuleAction.FLAG, 0.5, "velocity.device_5m > 3"));
    assertThatThrownBy(
            () -> compiler.check(rule("sixty", RuleAction.FLAG, 0.5, "velocity.device_60m > 3")))
        .isInstanceOf(RuleCompilationException.class)
        .hasMessageContaining("Rule sixty: field expression does not compile");
  }

  static Rule rule(String id, RuleAction action, double weight, String expression) {
    return new Rule(
        id,
        id.toUpperCase(java.util.Locale.ROOT).replace('-', '_'),
        "Rule " + id + " fired.",
        "",
        expression,
        action,
        weight);
  }

  static Ruleset ruleset(Rule... rules) {
    return new Ruleset(VERSION, 0.5, List.of(rules));
  }

  private static FeatureVector withProfile(Claim claim) {
    return new FeatureVectorBuilder(SCHEMA)
        .build(
            claim,
            Optional.of(TestClaims.individualProfile(claim).build()),
            VelocityCounts.none(SCHEMA.velocity()),
            new BlockLists());
  }

  private static FeatureVector withoutProfile(Claim claim) {
    return new FeatureVectorBuilder(SCHEMA)
        .build(claim, Optional.empty(), VelocityCounts.none(SCHEMA.velocity()), new BlockLists());
  }
}
