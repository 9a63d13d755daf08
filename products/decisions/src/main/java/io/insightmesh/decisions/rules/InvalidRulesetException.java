package io.insightmesh.decisions.rules;

/**
 * A ruleset or rule breaks the model's rules (a missing field, a malformed id, a weight out of
 * range, two rules with one id) or its YAML cannot be read. The message names the rule and field.
 */
public final class InvalidRulesetException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** An exception with the given message. */
  public InvalidRulesetException(String message) {
    super(message);
  }

  /** An exception with the given message and cause. */
  public InvalidRulesetException(String message, Throwable cause) {
    super(message, cause);
  }
}
