package io.insightmesh.decisions.rules;

/** A proposed ruleset's version is not greater than the version it would replace. */
public final class StaleRulesetVersionException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** An exception naming both versions. */
  public StaleRulesetVersionException(RulesetVersion proposed, RulesetVersion current) {
    super(
        "Ruleset version "
            + proposed
            + " cannot replace "
            + current
            + ": a new ruleset's version must be greater than the current one's");
  }
}
