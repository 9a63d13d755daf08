package io.insightmesh.decisions.rules;

import static io.insightmesh.decisions.rules.CompiledRulesetTest.rule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.insightmesh.contracts.claims.Claim;
import io.insightmesh.contracts.risk.Outcome;
import io.insightmesh.decisions.features.BlockLists;
import io.insightmesh.decisions.features.KeyType;
import io.insightmesh.decisions.features.TestClaims;
import io.insightmesh.decisions.features.VelocityCounters;
import io.insightmesh.decisions.features.VelocitySettings;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RuleEngineTest {
  private final VelocityCounters velocity = new VelocityCounters(VelocitySettings.standard());
  private final RuleEngine engine =
      new RuleEngine(CompiledRuleset.compile(RulesetLoader.shipped()), velocity, new BlockLists());

  @Test
  void installsAGreaterVersionAndKeepsTheCurrentOneOnRefusal() {
    Claim claim = TestClaims.seiss().build();
    Ruleset stricter =
        new RuleChange(
                RulesetVersion.parse("2026.12.1"),
                List.of(rule("any-seiss", RuleAction.FLAG, 0.1, "claim.scheme == 'SEISS'")),
                List.of())
            .applyTo(engine.ruleset().ruleset());

    Ruleset broken =
        new Ruleset(
            RulesetVersion.parse("2026.12.2"),
            0.5,
            List.of(rule("broken", RuleAction.FLAG, 0.1, "claim.schema == 'SEISS'")));
    assertThatThrownBy(() -> engine.install(broken))
        .isInstanceOf(RuleCompilationException.class)
        .hasMessageContaining("Rule broken: field expression does not compile");
    assertThat(engine.ruleset().version()).hasToString("2026.11.1");

    engine.install(stricter);
    Assessment assessment =
        engine.assess(claim, Optional.of(TestClaims.individualProfile(claim).build()));
    assertThat(assessment.codes()).containsExactly("ANY_SEISS");
    assertThat(assessment.rulesetVersion()).hasToString("2026.12.1");

    assertThatThrownBy(() -> engine.install(stricter))
        .isInstanceOf(StaleRulesetVersionException.class)
        .hasMessageStartingWith("Ruleset version 2026.12.1 cannot replace 2026.12.1");
  }

  @Test
  void refusesCountersWithOtherWindowsThanTheRules() {
    VelocityCounters other =
        new VelocityCounters(new VelocitySettings(List.of(Duration.ofMinutes(5)), 10));
    assertThatThrownBy(
            () ->
                new RuleEngine(
                    CompiledRuleset.compile(RulesetLoader.shipped()), other, new BlockLists()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Velocity counters with windows [PT5M] cannot feed rules compiled for windows [PT10M,"
                + " PT1H]");
  }

  @Test
  void takesBackTheCountOfAClaimWhoseAssessmentFailed() {
    Claim claim = TestClaims.seiss().build();
    Claim someoneElse = TestClaims.seiss().build();
    someoneElse.put("claimant_id", "C9999999");
    // The features refuse another claimant's profile, after the claim was counted.
    assertThatThrownBy(
            () ->
                engine.assess(
                    claim, Optional.of(TestClaims.individualProfile(someoneElse).build())))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(velocity.counts(claim).count(KeyType.CLAIM_ID, Duration.ofHours(1))).isZero();
    assertThat(velocity.counts(claim).count(KeyType.BANK_ACCOUNT, Duration.ofMinutes(10))).isZero();

    // Retried as it should have been sent, the claim is its own first submission.
    engine.assess(claim, Optional.of(TestClaims.individualProfile(claim).build()));
    assertThat(velocity.counts(claim).count(KeyType.CLAIM_ID, Duration.ofHours(1))).isEqualTo(1);
  }

  @Test
  void doesNotCountAClaimItCannotAssess() {
    Claim claim = TestClaims.seiss().build();
    claim.put("scheme", null);
    assertThatThrownBy(() -> engine.assess(claim, Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Claim 0b7e1c52-3f0e-4a43-9d7f-2f6a4c1b9e01: field scheme is required to assess it");
    assertThat(velocity.size(KeyType.CLAIM_ID)).isZero();
  }

  @Test
  void aRuleErrorNeverFailsTheRequest() {
    Ruleset fragile =
        new Ruleset(
            RulesetVersion.parse("2026.12.1"),
            0.5,
            List.of(rule("fragile", RuleAction.REJECT, 1.0, "1000 / claim.employees > 1")));
    engine.install(fragile);
    Claim claim = TestClaims.seiss().build();
    Assessment assessment =
        engine.assess(claim, Optional.of(TestClaims.individualProfile(claim).build()));
    assertThat(assessment.decision()).isEqualTo(Outcome.FLAG);
    assertThat(assessment.codes()).containsExactly("RULE_ERROR");
  }
}
