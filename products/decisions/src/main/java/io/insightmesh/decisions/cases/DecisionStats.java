package io.insightmesh.decisions.cases;

import io.insightmesh.contracts.risk.Decision;
import io.insightmesh.contracts.risk.Outcome;
import io.insightmesh.contracts.risk.Reason;
import io.insightmesh.decisions.assess.DecisionListener;
import io.insightmesh.decisions.record.AssessedClaim;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts of durable decisions by decision and of the rules that fired, fed by the engine with every
 * durable decision: new ones, those taken back from the log and those taken back from the decisions
 * table only. Thread-safe and cheap on the decision path (striped counters).
 */
public final class DecisionStats implements DecisionListener {
  private final Map<Outcome, LongAdder> decisions = new EnumMap<>(Outcome.class);
  private final Map<String, LongAdder> fired = new ConcurrentHashMap<>();

  /** No decisions yet. */
  public DecisionStats() {
    for (Outcome outcome : Outcome.values()) {
      decisions.put(outcome, new LongAdder());
    }
  }

  @Override
  public void decided(AssessedClaim record) {
    count(record.decision());
  }

  @Override
  public void recoveredWithoutClaim(Decision decision) {
    count(decision);
  }

  /** Counts one decision. */
  public void count(Decision decision) {
    decisions.get(decision.getDecision()).increment();
    // A rule fires at most once per claim; the set guards against a ruleset that lists it twice.
    Set<String> rules = new HashSet<>();
    for (Reason reason : decision.getReasons()) {
      if (rules.add(reason.getRuleId())) {
        fired.computeIfAbsent(reason.getRuleId(), id -> new LongAdder()).increment();
      }
    }
  }

  /** Decisions counted with {@code outcome}. */
  public long decisions(Outcome outcome) {
    return decisions.get(outcome).sum();
  }

  /** Times each rule fired, by rule id. */
  public Map<String, Long> fired() {
    Map<String, Long> counts = new TreeMap<>();
    fired.forEach((rule, count) -> counts.put(rule, count.sum()));
    return counts;
  }
}
