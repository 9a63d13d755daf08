package io.insightmesh.decisions.cases;

import static java.util.Objects.requireNonNull;

import io.insightmesh.contracts.risk.Outcome;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Decision rates and rule precision at one moment.
 *
 * @param decisions durable decisions by decision
 * @param outcomes current case outcomes by verdict
 * @param rules per rule that fired or has a known outcome, by rule id
 */
public record CaseStats(
    Map<Outcome, Long> decisions, Map<Verdict, Long> outcomes, List<RuleStats> rules) {
  /** Copies the parts. */
  public CaseStats {
    decisions = Map.copyOf(requireNonNull(decisions, "decisions is null"));
    outcomes = Map.copyOf(requireNonNull(outcomes, "outcomes is null"));
    rules = List.copyOf(requireNonNull(rules, "rules is null"));
  }

  /** Every durable decision. */
  public long totalDecisions() {
    return decisions.values().stream().mapToLong(Long::longValue).sum();
  }

  /** The share of decisions that were {@code outcome}; empty before the first decision. */
  public OptionalDouble rate(Outcome outcome) {
    long total = totalDecisions();
    return total == 0
        ? OptionalDouble.empty()
        : OptionalDouble.of(decisions.getOrDefault(outcome, 0L) / (double) total);
  }
}
