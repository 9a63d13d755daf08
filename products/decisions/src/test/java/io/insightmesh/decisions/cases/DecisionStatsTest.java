package io.insightmesh.decisions.cases;

import static io.insightmesh.decisions.search.IndexedClaims.claim;
import static io.insightmesh.decisions.search.IndexedClaims.decided;
import static org.assertj.core.api.Assertions.assertThat;

import io.insightmesh.contracts.risk.Decision;
import io.insightmesh.contracts.risk.Outcome;
import io.insightmesh.contracts.risk.Reason;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The rules the engine names for their precision gauges: each rule once, from the first decision it
 * fired on, including those counted before anyone listened (decisions taken back at start).
 */
class DecisionStatsTest {
  private final DecisionStats stats = new DecisionStats();

  @Test
  void namesEachRuleOnceFromItsFirstFiringAndThoseThatFiredBeforeAnyoneListened() {
    stats.decided(decided(claim("C1", "Ada").build(), Outcome.FLAG, "removed-since"));
    List<String> named = new CopyOnWriteArrayList<>();
    stats.onFirstFiring(named::add);
    assertThat(named).containsExactly("removed-since");

    stats.decided(decided(claim("C2", "Ada").build(), Outcome.REJECT, "over-cap", "removed-since"));
    stats.decided(decided(claim("C3", "Ada").build(), Outcome.REJECT, "over-cap"));
    // A rule's failure on a claim is not its firing.
    Decision failed = decided(claim("C4", "Ada").build(), Outcome.FLAG).decision();
    failed.setReasons(List.of(new Reason("unguarded", "RULE_ERROR", "could not be evaluated")));
    stats.recoveredWithoutClaim(failed);

    assertThat(named).containsExactly("removed-since", "over-cap");
    assertThat(stats.fired()).containsOnlyKeys("removed-since", "over-cap");
  }
}
