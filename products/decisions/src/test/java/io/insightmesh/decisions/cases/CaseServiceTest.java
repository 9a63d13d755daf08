package io.insightmesh.decisions.cases;

import static io.insightmesh.decisions.search.IndexedClaims.accepted;
import static io.insightmesh.decisions.search.IndexedClaims.claim;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.insightmesh.contracts.risk.Decision;
import io.insightmesh.decisions.audit.AuditEntry;
import io.insightmesh.decisions.audit.AuditLog;
import io.insightmesh.decisions.journal.JournalFailedException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service over a real outcome store and a real audit log in a temporary directory. */
class CaseServiceTest {
  @TempDir Path directory;

  @Test
  void twoFirstOutcomesAtOnceLeaveOneOutcomeAndOneAuditEntry() throws Exception {
    Map<String, Decision> decided = new HashMap<>();
    List<String> claims = new ArrayList<>();
    for (int n = 0; n < 50; n++) {
      Decision decision = accepted(claim("C" + n, "Ada").build()).decision();
      decided.put(decision.getClaimId(), decision);
      claims.add(decision.getClaimId());
    }
    ExecutorService caseWorkers = Executors.newFixedThreadPool(2);
    try (OutcomeStore outcomes = OutcomeStore.open(directory.resolve("outcomes"));
        AuditLog audit = AuditLog.open(directory.resolve("audit"))) {
      CaseService cases =
          new CaseService(
              outcomes,
              audit,
              claimId -> Optional.ofNullable(decided.get(claimId)),
              Clock.systemUTC());
      int recorded = 0;
      for (String claimId : claims) {
        List<Callable<Boolean>> both = new ArrayList<>();
        for (Verdict verdict : List.of(Verdict.CONFIRMED_FRAUD, Verdict.LEGITIMATE)) {
          both.add(
              () -> {
                try {
                  cases.record(
                      "case-worker-" + verdict,
                      claimId,
                      new OutcomeRequest(verdict, "seen", false));
                  return true;
                } catch (OutcomeExistsException second) {
                  return false;
                }
              });
        }
        int accepted = 0;
        for (Future<Boolean> outcome : caseWorkers.invokeAll(both)) {
          accepted += outcome.get() ? 1 : 0;
        }
        assertThat(accepted).as("outcomes accepted for %s", claimId).isEqualTo(1);
        recorded++;
        // The audit trail names the verdict the store kept, and no other.
        List<AuditEntry> entries =
            audit.recent(AuditLog.RECENT).stream()
                .filter(entry -> entry.subject().equals(claimId))
                .toList();
        assertThat(entries).as("audit entries for %s", claimId).hasSize(1);
        assertThat(entries.get(0).detail())
            .isEqualTo(outcomes.find(claimId).orElseThrow().verdict().name());
      }
      assertThat(outcomes.size()).isEqualTo(recorded);
    } finally {
      caseWorkers.shutdownNow();
    }
  }

  @Test
  void anOutcomeTheStoreCannotKeepIsRefusedAndItsAuditEntryIsFollowedByItsFailure() {
    Decision decision = accepted(claim("C1", "Ada").build()).decision();
    String claimId = decision.getClaimId();
    OutcomeStore outcomes = OutcomeStore.open(directory.resolve("outcomes"));
    try (AuditLog audit = AuditLog.open(directory.resolve("audit"))) {
      CaseService cases =
          new CaseService(outcomes, audit, id -> Optional.of(decision), Clock.systemUTC());
      // A store that cannot write: its appends fail as on a full or failing disk.
      outcomes.close();

      assertThatThrownBy(
              () ->
                  cases.record(
                      "cw-1", claimId, new OutcomeRequest(Verdict.CONFIRMED_FRAUD, "mule", false)))
          .isInstanceOf(OutcomeStoreFailedException.class)
          .hasMessage(
              "The outcome on claim "
                  + claimId
                  + " could not be made durable and was not recorded; outcomes are refused until"
                  + " the engine restarts, and if it reached the disk it is the claim's outcome"
                  + " from then on")
          .hasCauseInstanceOf(JournalFailedException.class);

      assertThat(cases.outcome(claimId)).isEmpty();
    }
    try (OutcomeStore reopened = OutcomeStore.open(directory.resolve("outcomes"))) {
      assertThat(reopened.find(claimId)).isEmpty();
    }
    assertThat(onDisk())
        .extracting(AuditEntry::action, AuditEntry::subject, AuditEntry::detail)
        .containsExactly(
            tuple("outcome", claimId, "CONFIRMED_FRAUD"),
            tuple(
                "outcome.failed",
                claimId,
                "not recorded: the outcome store could not make it durable; if it reached the"
                    + " disk, it is the claim's outcome from the next restart"));
  }

  @Test
  void anOutcomeTheStoreCannotKeepIsAnsweredAsSoEvenWhenItsFailureCannotBeAudited() {
    Decision decision = accepted(claim("C1", "Ada").build()).decision();
    OutcomeStore outcomes = OutcomeStore.open(directory.resolve("outcomes"));
    AuditLog audit = AuditLog.open(directory.resolve("audit"));
    try {
      CaseService cases =
          new CaseService(
              outcomes, audit, id -> Optional.of(decision), closingOnSecondReading(audit));
      outcomes.close();

      assertThatThrownBy(
              () ->
                  cases.record(
                      "cw-1",
                      decision.getClaimId(),
                      new OutcomeRequest(Verdict.LEGITIMATE, "checked", false)))
          .isInstanceOf(OutcomeStoreFailedException.class)
          .hasMessageStartingWith(
              "The outcome on claim " + decision.getClaimId() + " could not be made durable")
          .satisfies(
              e ->
                  assertThat(e.getSuppressed())
                      .singleElement()
                      .isInstanceOf(JournalFailedException.class));
    } finally {
      audit.close();
    }
    assertThat(onDisk()).extracting(AuditEntry::action).containsExactly("outcome");
  }

  /** The audit log as a restarted engine reads it, oldest first. */
  private List<AuditEntry> onDisk() {
    try (AuditLog reopened = AuditLog.open(directory.resolve("audit"))) {
      List<AuditEntry> entries = new ArrayList<>(reopened.recent(AuditLog.RECENT));
      Collections.reverse(entries);
      return entries;
    }
  }

  /**
   * The system clock, but the audit log fails when it is read the second time: after an outcome's
   * entry is written (the first reading dates it) and before its failure's is (the second).
   */
  private static Clock closingOnSecondReading(AuditLog audit) {
    AtomicInteger readings = new AtomicInteger();
    return new Clock() {
      @Override
      public Instant instant() {
        if (readings.incrementAndGet() == 2) {
          audit.close();
        }
        return Instant.now();
      }

      @Override
      public ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException();
      }
    };
  }
}
