package io.insightmesh.decisions.rules;

import static java.util.Objects.requireNonNull;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A versioned set of rules, evaluated in order, and the risk score from which weak signals FLAG a
 * claim.
 *
 * @param version the ruleset's version; a replacement must have a greater one
 * @param flagThreshold risk score, 0 to 1, at or above which a claim no rule rejects is FLAGged
 * @param rules the rules, ids unique, at least one
 */
public record Ruleset(RulesetVersion version, double flagThreshold, List<Rule> rules) {
  /** The most rules a ruleset may hold: every one runs for every claim. */
  public static final int MAX_RULES = 500;

  /**
   * Validates the ruleset.
   *
   * @throws InvalidRulesetException if the threshold is not between 0 and 1, there is no rule or
   *     more than {@link #MAX_RULES}, or two rules share an id
   */
  public Ruleset {
    requireNonNull(version, "version is null");
    requireNonNull(rules, "rules is null");
    rules = List.copyOf(rules);
    if (!(flagThreshold > 0.0 && flagThreshold <= 1.0)) {
      throw new InvalidRulesetException(
          "Ruleset "
              + version
              + ": field flag_threshold "
              + flagThreshold
              + " must be above 0 and at most 1");
    }
    if (rules.isEmpty()) {
      throw new InvalidRulesetException(
          "Ruleset " + version + ": field rules must hold at least one rule");
    }
    if (rules.size() > MAX_RULES) {
      throw new InvalidRulesetException(
          "Ruleset "
              + version
              + ": field rules holds "
              + rules.size()
              + " rules, at most "
              + MAX_RULES
              + " are allowed");
    }
    Set<String> ids = new HashSet<>();
    for (Rule rule : rules) {
      if (!ids.add(rule.id())) {
        throw new InvalidRulesetException(
            "Ruleset " + version + ": rule id " + rule.id() + " is used twice: ids must be unique");
      }
    }
  }

  /** The rule with that id, if any. */
  public Optional<Rule> rule(String id) {
    requireNonNull(id, "id is null");
    return rules.stream().filter(rule -> rule.id().equals(id)).findFirst();
  }
}
