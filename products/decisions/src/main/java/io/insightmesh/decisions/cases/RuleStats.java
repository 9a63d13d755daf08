package io.insightmesh.decisions.cases;

import static java.util.Objects.requireNonNull;

import java.util.OptionalDouble;

/**
 * How well one rule picks out fraud: of the claims it fired on, how many have a known outcome and
 * how many of those were confirmed fraud.
 *
 * @param ruleId the rule
 * @param fired claims it fired on
 * @param outcomesKnown of those, claims with a case outcome
 * @param confirmedFraud of those, claims confirmed as fraud
 */
public record RuleStats(String ruleId, long fired, long outcomesKnown, long confirmedFraud) {
  /** Checks for nulls. */
  public RuleStats {
    requireNonNull(ruleId, "ruleId is null");
  }

  /** Confirmed fraud among the known outcomes; empty while no outcome is known. */
  public OptionalDouble precision() {
    return outcomesKnown == 0
        ? OptionalDouble.empty()
        : OptionalDouble.of(confirmedFraud / (double) outcomesKnown);
  }
}
