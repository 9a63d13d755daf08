package io.insightmesh.decisions.rules;

/** A rule change names a rule id the ruleset does not have. */
public final class NoSuchRuleException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** An exception naming the rule and the ruleset version. */
  public NoSuchRuleException(String ruleId, RulesetVersion version) {
    super("Cannot remove rule " + ruleId + ": ruleset " + version + " has no rule with that id");
  }
}
