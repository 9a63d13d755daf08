package io.insightmesh.decisions.rules;

import static java.util.Objects.requireNonNull;

/**
 * Why a claim was not simply accepted: one rule that fired or failed, or an engine condition.
 * Immutable twin of the {@code risk.decisions} contract's {@code Reason}; see {@link
 * #toContract()}.
 *
 * @param ruleId the rule's id, or {@code engine.*} for the engine's own reasons
 * @param code the reason code
 * @param text the explanation for case workers; never personal data
 */
public record Reason(String ruleId, String code, String text) {
  /** Rule id of the engine's reason for a claim assessed without a profile. */
  public static final String PROFILE_MISSING_RULE = "engine.profile-missing";

  /** Code of the reason for a claim assessed without a profile. */
  public static final String PROFILE_MISSING = "PROFILE_MISSING";

  /** Code of the reason for a rule that could not be evaluated on the claim. */
  public static final String RULE_ERROR = "RULE_ERROR";

  /** Checks for nulls. */
  public Reason {
    requireNonNull(ruleId, "ruleId is null");
    requireNonNull(code, "code is null");
    requireNonNull(text, "text is null");
  }

  /** The reason as the {@code risk.decisions} contract writes it. */
  public io.insightmesh.contracts.risk.Reason toContract() {
    // The constructor, not the builder: the builder's checks are this record's own, and it cost
    // more than the reason per decision.
    return new io.insightmesh.contracts.risk.Reason(ruleId, code, text);
  }
}
