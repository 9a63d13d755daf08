package io.insightmesh.decisions.assess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.insightmesh.contracts.claims.Claim;
import io.insightmesh.contracts.risk.Decision;
import io.insightmesh.contracts.risk.Outcome;
import io.insightmesh.decisions.cases.DecisionStats;
import io.insightmesh.decisions.features.BlockLists;
import io.insightmesh.decisions.features.VelocityCounters;
import io.insightmesh.decisions.features.VelocitySettings;
import io.insightmesh.decisions.log.DecisionLog;
import io.insightmesh.decisions.log.LogReader;
import io.insightmesh.decisions.log.LogRecord;
import io.insightmesh.decisions.record.AssessedClaim;
import io.insightmesh.decisions.record.AssessedClaimCodec;
import io.insightmesh.decisions.rules.CompiledRuleset;
import io.insightmesh.decisions.rules.RuleEngine;
import io.insightmesh.decisions.rules.RulesetLoader;
import io.insightmesh.decisions.search.ClaimIndex;
import io.insightmesh.decisions.search.IndexedClaims;
import io.insightmesh.decisions.testing.CapturedLog;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The views over decisions see exactly the durable ones: each new decision before its client is
 * answered, and after a restart every decision taken back from the log — or, when the log record is
 * gone, from the table (the decision only).
 */
class DecisionListenerTest {
  @TempDir Path directory;

  private static AssessmentService service(DecisionLog log) {
    return new AssessmentService(rules(), log, Clock.systemUTC());
  }

  private static RuleEngine rules() {
    return new RuleEngine(
        CompiledRuleset.compile(RulesetLoader.shipped()),
        new VelocityCounters(VelocitySettings.standard()),
        new BlockLists());
  }

  @Test
  void aClaimTheLogRefusedCountsOnceInTheVelocityOfItsRetry() {
    Claim claim = IndexedClaims.claim("C1", "Ada Lovelace").build();
    RuleEngine rules = rules();
    DecisionLog closed =
        DecisionLog.open(directory.resolve("closed"), DecisionLog.Options.defaults());
    closed.close();
    assertThatThrownBy(
            () -> new AssessmentService(rules, closed, Clock.systemUTC()).assess(claim).join())
        .hasMessageContaining("closed");

    try (DecisionLog log = DecisionLog.open(directory, DecisionLog.Options.defaults())) {
      Decision decision = new AssessmentService(rules, log, Clock.systemUTC()).assess(claim).join();

      assertThat(decision.getLiveFeatures().getVelocity()).containsEntry("claim_id_60m", 1);
    }
  }

  @Test
  void newAndRecoveredDecisionsReachTheIndexAndTheStatistics() {
    Claim claim = IndexedClaims.claim("C1", "Ada Lovelace").build();
    try (DecisionLog log = DecisionLog.open(directory, DecisionLog.Options.defaults())) {
      AssessmentService assessments = service(log);
      ClaimIndex index = new ClaimIndex();
      assessments.listen(index);

      Decision decision = assessments.assess(claim).join();

      // Seen before the future completed, so a client that has its answer can search for it.
      assertThat(index.contains(claim.getClaimId())).isTrue();
      // The answer carries the live features the log and the table keep; the copy the engine
      // remembers leaves them out.
      assertThat(decision.getLiveFeatures().getVelocity()).containsEntry("claim_id_60m", 1);
      assertThat(assessments.decision(claim.getClaimId()))
          .contains(Decision.newBuilder(decision).setLiveFeatures(null).build());
      assertThat(assessments.decision("7c9e6679-7425-40de-944b-e07fc1f90ae7")).isEmpty();
    }

    // A restart, as Engine does it: listeners first, then the log is read back.
    try (DecisionLog log = DecisionLog.open(directory, DecisionLog.Options.defaults())) {
      AssessmentService assessments = service(log);
      ClaimIndex index = new ClaimIndex();
      DecisionStats stats = new DecisionStats();
      assessments.listen(index);
      assessments.listen(stats);
      AssessedClaimCodec codec = new AssessedClaimCodec();
      try (LogReader reader = log.reader(log.firstSequence())) {
        for (Optional<LogRecord> next = reader.next(); next.isPresent(); next = reader.next()) {
          assessments.recover(codec.decode(next.get().sequence(), next.get().payload()));
        }
      }
      assertThat(index.contains(claim.getClaimId())).isTrue();
      assertThat(stats.decisions(Outcome.FLAG)).isEqualTo(1);

      // From the table: the same decision again changes nothing; one whose record is gone counts.
      AssessedClaim other =
          IndexedClaims.decided(
              IndexedClaims.claim("C2", "Grace").build(), Outcome.REJECT, "over-cap");
      assessments.recover(assessments.decision(claim.getClaimId()).orElseThrow());
      assessments.recover(other.decision());
      assertThat(stats.decisions(Outcome.FLAG)).isEqualTo(1);
      assertThat(stats.decisions(Outcome.REJECT)).isEqualTo(1);
      assertThat(stats.fired()).containsEntry("over-cap", 1L);
      // Not searchable: the claim itself was not available.
      assertThat(index.contains(other.claim().getClaimId())).isFalse();
    }
  }

  @Test
  void aFailingListenerDoesNotUndoTheDecision() {
    try (DecisionLog log = DecisionLog.open(directory, DecisionLog.Options.defaults())) {
      AssessmentService assessments = service(log);
      assessments.listen(
          record -> {
            throw new IllegalStateException("view broken on " + record.claim().getName());
          });
      Claim claim = IndexedClaims.claim("C1", "Ada Lovelace").build();
      CapturedLog logged = CapturedLog.of(AssessmentService.class);
      try (logged) {
        assertThat(assessments.assess(claim).join().getClaimId()).isEqualTo(claim.getClaimId());
      }
      // The operator learns which claim and where, not the name the listener's message quoted.
      assertThat(logged.printed())
          .contains(claim.getClaimId(), "java.lang.IllegalStateException")
          .doesNotContain("Ada Lovelace");
    }
  }
}
