package io.insightmesh.decisions.rules;

/** What a rule that fires does to the decision. Every firing rule adds its weight to the score. */
public enum RuleAction {
  /** The claim is rejected. */
  REJECT,
  /** The claim goes to a fraud team (unless another rule rejects it). */
  FLAG,
  /**
   * The rule only adds its weight to the risk score: weak signals that FLAG the claim when together
   * they reach the ruleset's {@code flag_threshold}.
   */
  SCORE
}
