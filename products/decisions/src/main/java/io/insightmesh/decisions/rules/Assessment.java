package io.insightmesh.decisions.rules;

import static java.util.Objects.requireNonNull;

import io.insightmesh.contracts.risk.Outcome;
import java.util.List;

/**
 * What the rules made of one claim.
 *
 * @param decision ACCEPT, FLAG or REJECT
 * @param riskScore 0 (no risk seen) to 1: {@code 1 - Π(1 - weight)} over the rules that fired,
 *     rounded to nine decimal places
 * @param reasons the rules that fired or failed, and the engine's reasons, in evaluation order
 * @param rulesetVersion the version of the ruleset that decided
 */
public record Assessment(
    Outcome decision, double riskScore, List<Reason> reasons, RulesetVersion rulesetVersion) {
  /** Checks for nulls and copies the reasons. */
  public Assessment {
    requireNonNull(decision, "decision is null");
    requireNonNull(reasons, "reasons is null");
    requireNonNull(rulesetVersion, "rulesetVersion is null");
    reasons = List.copyOf(reasons);
    if (!(riskScore >= 0.0 && riskScore <= 1.0)) {
      throw new IllegalArgumentException("Risk score " + riskScore + " must be between 0 and 1");
    }
  }

  /** The codes of the reasons, in order: convenient for tests and metrics. */
  public List<String> codes() {
    return reasons.stream().map(Reason::code).toList();
  }
}
