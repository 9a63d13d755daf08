package io.insightmesh.decisions.rules;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A change analysts propose through the rules API: rules to add or replace (by id) and rule ids to
 * remove, under a new version. {@link #applyTo} gives the resulting ruleset; compiling it with
 * {@link CompiledRuleset#successor} refuses it if a rule does not compile.
 *
 * @param version the version of the resulting ruleset; must be greater than the current one's
 * @param upserts rules to add, or to replace where the ruleset has one with the same id
 * @param removals ids of rules to remove
 */
public record RuleChange(RulesetVersion version, List<Rule> upserts, List<String> removals) {
  /**
   * Checks for nulls and conflicting entries.
   *
   * @throws InvalidRulesetException if a rule id is both upserted and removed, or upserted twice
   */
  public RuleChange {
    requireNonNull(version, "version is null");
    upserts = List.copyOf(requireNonNull(upserts, "upserts is null"));
    removals = List.copyOf(requireNonNull(removals, "removals is null"));
    Set<String> upserted = new HashSet<>();
    for (Rule rule : upserts) {
      if (!upserted.add(rule.id())) {
        throw new InvalidRulesetException(
            "Rule change " + version + ": rule " + rule.id() + " is upserted twice");
      }
    }
    for (String id : removals) {
      if (upserted.contains(id)) {
        throw new InvalidRulesetException(
            "Rule change " + version + ": rule " + id + " is both upserted and removed");
      }
    }
  }

  /**
   * The ruleset after this change: replaced rules keep their place, new ones come last, the flag
   * threshold is kept.
   *
   * @throws StaleRulesetVersionException if the change's version is not greater than the current
   * @throws NoSuchRuleException if a removal names a rule the ruleset does not have
   * @throws InvalidRulesetException if the result is not a valid ruleset (e.g. no rule left)
   */
  public Ruleset applyTo(Ruleset current) {
    requireNonNull(current, "current is null");
    if (!version.isAfter(current.version())) {
      throw new StaleRulesetVersionException(version, current.version());
    }
    for (String id : removals) {
      if (current.rule(id).isEmpty()) {
        throw new NoSuchRuleException(id, current.version());
      }
    }
    List<Rule> rules = new ArrayList<>(current.rules().size() + upserts.size());
    Set<String> placed = new HashSet<>();
    for (Rule rule : current.rules()) {
      if (removals.contains(rule.id())) {
        continue;
      }
      Rule replacement =
          upserts.stream().filter(upsert -> upsert.id().equals(rule.id())).findFirst().orElse(rule);
      rules.add(replacement);
      placed.add(rule.id());
    }
    for (Rule upsert : upserts) {
      if (!placed.contains(upsert.id())) {
        rules.add(upsert);
      }
    }
    return new Ruleset(version, current.flagThreshold(), rules);
  }
}
