package io.insightmesh.decisions.cases;

import static io.insightmesh.decisions.search.IndexedClaims.accepted;
import static io.insightmesh.decisions.search.IndexedClaims.claim;
import static org.assertj.core.api.Assertions.assertThat;

import io.insightmesh.contracts.risk.Decision;
import io.insightmesh.decisions.audit.AuditEntry;
import io.insightmesh.decisions.audit.AuditLog;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
}
