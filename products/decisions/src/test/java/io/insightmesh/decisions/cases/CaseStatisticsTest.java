package io.insightmesh.decisions.cases;

import static io.insightmesh.decisions.search.IndexedClaims.claim;
import static io.insightmesh.decisions.search.IndexedClaims.decided;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.within;

import io.insightmesh.contracts.risk.Decision;
import io.insightmesh.contracts.risk.Outcome;
import io.insightmesh.contracts.risk.Reason;
import io.insightmesh.decisions.record.AssessedClaim;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaseStatisticsTest {
  @TempDir Path directory;

  private final DecisionStats decisions = new DecisionStats();
  private final Map<String, Decision> byClaim = new HashMap<>();

  private String decide(Outcome outcome, String... rules) {
    AssessedClaim record = decided(claim("C", "Ada").build(), outcome, rules);
    decisions.decided(record);
    byClaim.put(record.claim().getClaimId(), record.decision());
    return record.claim().getClaimId();
  }

  private String decideWith(Outcome outcome, Reason... reasons) {
    AssessedClaim decided = decided(claim("C", "Ada").build(), outcome);
    AssessedClaim record =
        new AssessedClaim(
            decided.claim(),
            Decision.newBuilder(decided.decision()).setReasons(List.of(reasons)).build());
    decisions.decided(record);
    byClaim.put(record.claim().getClaimId(), record.decision());
    return record.claim().getClaimId();
  }

  private static Reason fired(String rule) {
    return new Reason(rule, rule.toUpperCase().replace('-', '_'), "fired");
  }

  /** What the engine gives a rule that could not be evaluated on the claim. */
  private static Reason failure(String rule) {
    return new Reason(
        rule,
        "RULE_ERROR",
        "Rule "
            + rule
            + " could not be evaluated on this claim (UNBOUND_VARIABLE): the claim needs"
            + " a manual check.");
  }

  private static CaseOutcome outcome(String claim, Verdict verdict) {
    return new CaseOutcome(claim, verdict, "checked", "cw", Instant.EPOCH, false);
  }

  @Test
  void precisionIsConfirmedFraudAmongKnownOutcomesOfTheClaimsARuleFiredOn() {
    String a = decide(Outcome.FLAG, "shared-bank-account", "device-burst");
    String b = decide(Outcome.FLAG, "shared-bank-account");
    String c = decide(Outcome.REJECT, "over-cap");
    decide(Outcome.FLAG, "shared-bank-account");
    decide(Outcome.ACCEPT);
    decide(Outcome.ACCEPT);
    decide(Outcome.ACCEPT);
    decide(Outcome.ACCEPT);
    // A decision taken back from the table only counts too.
    decisions.recoveredWithoutClaim(decided(claim("C", "Ada").build(), Outcome.ACCEPT).decision());

    try (OutcomeStore outcomes = OutcomeStore.open(directory)) {
      outcomes.record(outcome(a, Verdict.CONFIRMED_FRAUD));
      outcomes.record(outcome(b, Verdict.LEGITIMATE));
      outcomes.record(outcome(c, Verdict.CONFIRMED_FRAUD));
      // An outcome on a claim whose decision this engine does not hold counts as an outcome only.
      outcomes.record(outcome("7c9e6679-7425-40de-944b-e07fc1f90ae7", Verdict.LEGITIMATE));

      CaseStats stats =
          new CaseStatistics(decisions, outcomes, id -> Optional.ofNullable(byClaim.get(id)))
              .compute();

      assertThat(stats.totalDecisions()).isEqualTo(9);
      assertThat(stats.rate(Outcome.ACCEPT)).hasValueCloseTo(5 / 9.0, within(1e-9));
      assertThat(stats.rate(Outcome.FLAG)).hasValueCloseTo(3 / 9.0, within(1e-9));
      assertThat(stats.rate(Outcome.REJECT)).hasValueCloseTo(1 / 9.0, within(1e-9));
      assertThat(stats.outcomes())
          .containsEntry(Verdict.CONFIRMED_FRAUD, 2L)
          .containsEntry(Verdict.LEGITIMATE, 2L);
      assertThat(stats.rules())
          .containsExactly(
              new RuleStats("device-burst", 1, 1, 1),
              new RuleStats("over-cap", 1, 1, 1),
              new RuleStats("shared-bank-account", 3, 2, 1));
      assertThat(stats.rules().get(2).precision()).hasValue(0.5);
    }
  }

  @Test
  void aRuleThatFailedOnAClaimDidNotFireOnItSoTheClaimStaysOutOfItsPrecision() {
    String fired = decide(Outcome.FLAG, "unguarded");
    String failed = decideWith(Outcome.FLAG, failure("unguarded"));
    String failedAgain = decideWith(Outcome.FLAG, failure("unguarded"), fired("device-burst"));

    try (OutcomeStore outcomes = OutcomeStore.open(directory)) {
      outcomes.record(outcome(fired, Verdict.CONFIRMED_FRAUD));
      outcomes.record(outcome(failed, Verdict.LEGITIMATE));
      outcomes.record(outcome(failedAgain, Verdict.LEGITIMATE));

      CaseStats stats =
          new CaseStatistics(decisions, outcomes, id -> Optional.ofNullable(byClaim.get(id)))
              .compute();

      assertThat(decisions.fired()).containsOnly(entry("unguarded", 1L), entry("device-burst", 1L));
      assertThat(stats.rules())
          .containsExactly(
              new RuleStats("device-burst", 1, 1, 0), new RuleStats("unguarded", 1, 1, 1));
      assertThat(stats.rules().get(1).precision()).hasValue(1.0);
    }
  }

  @Test
  void ratesAndPrecisionAreUndefinedRatherThanZeroWithoutData() throws Exception {
    decide(Outcome.FLAG, "shared-bank-account");
    try (OutcomeStore outcomes = OutcomeStore.open(directory)) {
      CaseStats stats =
          new CaseStatistics(decisions, outcomes, id -> Optional.ofNullable(byClaim.get(id)))
              .compute();
      assertThat(stats.rules().get(0).precision()).isEmpty();
      assertThat(
              new CaseStatistics(new DecisionStats(), outcomes, id -> Optional.empty())
                  .compute()
                  .rate(Outcome.FLAG))
          .isEmpty();
    }
  }
}
