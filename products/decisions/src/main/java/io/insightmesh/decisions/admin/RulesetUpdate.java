package io.insightmesh.decisions.admin;

import static java.util.Objects.requireNonNull;

import io.insightmesh.decisions.rules.Rule;
import io.insightmesh.decisions.rules.Ruleset;
import io.insightmesh.decisions.rules.RulesetVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What an accepted ruleset changed, by rule id: what the API answers and the audit log keeps.
 *
 * @param previousVersion the version it replaced
 * @param version the version now in force
 * @param previousFlagThreshold the threshold before
 * @param flagThreshold the threshold now
 * @param added ids of rules that are new
 * @param modified ids of rules whose fields changed
 * @param removed ids of rules no longer in the ruleset
 */
public record RulesetUpdate(
    RulesetVersion previousVersion,
    RulesetVersion version,
    double previousFlagThreshold,
    double flagThreshold,
    List<String> added,
    List<String> modified,
    List<String> removed) {
  /** Checks for nulls and copies the lists. */
  public RulesetUpdate {
    requireNonNull(previousVersion, "previousVersion is null");
    requireNonNull(version, "version is null");
    added = List.copyOf(requireNonNull(added, "added is null"));
    modified = List.copyOf(requireNonNull(modified, "modified is null"));
    removed = List.copyOf(requireNonNull(removed, "removed is null"));
  }

  /** The update from one ruleset to another, rules in the order of the ruleset they are in. */
  public static RulesetUpdate between(Ruleset before, Ruleset after) {
    requireNonNull(before, "before is null");
    requireNonNull(after, "after is null");
    List<String> added = new ArrayList<>();
    List<String> modified = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    for (Rule rule : after.rules()) {
      Optional<Rule> old = before.rule(rule.id());
      if (old.isEmpty()) {
        added.add(rule.id());
      } else if (!old.get().equals(rule)) {
        modified.add(rule.id());
      }
    }
    for (Rule rule : before.rules()) {
      if (after.rule(rule.id()).isEmpty()) {
        removed.add(rule.id());
      }
    }
    return new RulesetUpdate(
        before.version(),
        after.version(),
        before.flagThreshold(),
        after.flagThreshold(),
        added,
        modified,
        removed);
  }

  /** One line for the audit log: versions, rule ids and threshold; rules carry no personal data. */
  public String summary() {
    return summary(added.toString(), modified.toString(), removed.toString());
  }

  /**
   * As {@link #summary()} in at most {@code maxLength} characters: when the rule ids do not fit,
   * they are counted instead (both rulesets stay whole in the ruleset store, by version).
   */
  public String summary(int maxLength) {
    String named = summary();
    if (named.length() <= maxLength) {
      return named;
    }
    String counted =
        summary(added.size() + " rules", modified.size() + " rules", removed.size() + " rules");
    return counted.length() <= maxLength ? counted : counted.substring(0, maxLength);
  }

  private String summary(String addedRules, String modifiedRules, String removedRules) {
    StringBuilder summary =
        new StringBuilder()
            .append(previousVersion)
            .append(" -> ")
            .append(version)
            .append("; added ")
            .append(addedRules)
            .append("; modified ")
            .append(modifiedRules)
            .append("; removed ")
            .append(removedRules);
    if (previousFlagThreshold != flagThreshold) {
      summary
          .append("; flag_threshold ")
          .append(previousFlagThreshold)
          .append(" -> ")
          .append(flagThreshold);
    }
    return summary.toString();
  }
}
