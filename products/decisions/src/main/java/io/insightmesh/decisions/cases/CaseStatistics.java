package io.insightmesh.decisions.cases;

import static java.util.Objects.requireNonNull;

import io.insightmesh.contracts.risk.Decision;
import io.insightmesh.contracts.risk.Outcome;
import io.insightmesh.contracts.risk.Reason;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Joins case outcomes with the decisions they are about: per rule, how often it fired and how
 * precise it was on the claims whose outcome is known; overall decision rates.
 *
 * <p>Outcomes are joined at the time of asking rather than when recorded, because a decision taken
 * back from the decisions table at start may arrive after the outcomes were read. A call is
 * O(outcomes × reasons per decision): outcomes are case workers' work, thousands to a few hundred
 * thousand, not millions.
 */
public final class CaseStatistics {
  private final DecisionStats decisions;
  private final OutcomeStore outcomes;
  private final Function<String, Optional<Decision>> decisionOf;

  /**
   * Statistics over the given parts.
   *
   * @param decisions counts of durable decisions
   * @param outcomes the recorded outcomes
   * @param decisionOf the durable decision on a claim id
   */
  public CaseStatistics(
      DecisionStats decisions,
      OutcomeStore outcomes,
      Function<String, Optional<Decision>> decisionOf) {
    this.decisions = requireNonNull(decisions, "decisions is null");
    this.outcomes = requireNonNull(outcomes, "outcomes is null");
    this.decisionOf = requireNonNull(decisionOf, "decisionOf is null");
  }

  /** The statistics now. */
  public CaseStats compute() {
    Map<Outcome, Long> byDecision = new EnumMap<>(Outcome.class);
    for (Outcome outcome : Outcome.values()) {
      byDecision.put(outcome, decisions.decisions(outcome));
    }
    Map<Verdict, Long> byVerdict = new EnumMap<>(Verdict.class);
    for (Verdict verdict : Verdict.values()) {
      byVerdict.put(verdict, 0L);
    }
    Map<String, long[]> known = new TreeMap<>(); // rule -> {outcomes known, confirmed fraud}
    for (CaseOutcome outcome : outcomes.all()) {
      byVerdict.merge(outcome.verdict(), 1L, Long::sum);
      Optional<Decision> decision = decisionOf.apply(outcome.claimId());
      if (decision.isEmpty()) {
        continue;
      }
      Set<String> rules = new HashSet<>();
      for (Reason reason : decision.get().getReasons()) {
        if (DecisionStats.fired(reason) && rules.add(reason.getRuleId())) {
          long[] counts = known.computeIfAbsent(reason.getRuleId(), id -> new long[2]);
          counts[0]++;
          if (outcome.verdict() == Verdict.CONFIRMED_FRAUD) {
            counts[1]++;
          }
        }
      }
    }
    Map<String, Long> fired = decisions.fired();
    Set<String> ruleIds = new TreeSet<>(fired.keySet());
    ruleIds.addAll(known.keySet());
    List<RuleStats> rules = new ArrayList<>(ruleIds.size());
    for (String rule : ruleIds) {
      long[] counts = known.getOrDefault(rule, new long[2]);
      rules.add(new RuleStats(rule, fired.getOrDefault(rule, 0L), counts[0], counts[1]));
    }
    return new CaseStats(byDecision, byVerdict, rules);
  }
}
