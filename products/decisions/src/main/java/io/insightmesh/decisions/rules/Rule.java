package io.insightmesh.decisions.rules;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/**
 * One analyst-authored risk rule.
 *
 * @param id stable identifier, lower case with digits and dashes ({@code shared-bank-account}),
 *     reported as the reason's {@code rule_id}
 * @param code the reason code case workers filter by, upper case with underscores ({@code
 *     SHARED_BANK_ACCOUNT}); several rules may share one
 * @param text the explanation case workers read when the rule fires; fixed text, so it can never
 *     carry a claimant's personal data
 * @param description the analysts' own notes on the rule (what it targets, why the threshold);
 *     never shown to case workers, may be empty
 * @param expression a CEL expression over the {@link
 *     io.insightmesh.decisions.features.FeatureSchema feature variables}, of type {@code bool}:
 *     true when the rule fires
 * @param action what firing does to the decision
 * @param weight what firing adds to the risk score, 0 to 1
 */
public record Rule(
    String id,
    String code,
    String text,
    String description,
    String expression,
    RuleAction action,
    double weight) {
  /** The form of a rule id. */
  public static final String ID_FORMAT = "^[a-z][a-z0-9-]{0,63}$";

  /** The form of a reason code. */
  public static final String CODE_FORMAT = "^[A-Z][A-Z0-9_]{0,63}$";

  /** The longest text, description or expression accepted, in characters. */
  public static final int MAX_LENGTH = 4_000;

  private static final Pattern ID = Pattern.compile(ID_FORMAT);
  private static final Pattern CODE = Pattern.compile(CODE_FORMAT);

  /**
   * Validates the rule; every message names the rule id (as given) and the field.
   *
   * @throws InvalidRulesetException if the id or code does not have its form, the text or
   *     expression is blank, a text is longer than {@link #MAX_LENGTH}, or the weight is not
   *     between 0 and 1
   */
  public Rule {
    requireNonNull(id, "id is null");
    requireNonNull(code, "code is null");
    requireNonNull(text, "text is null");
    requireNonNull(description, "description is null");
    requireNonNull(expression, "expression is null");
    requireNonNull(action, "action is null");
    if (!ID.matcher(id).matches()) {
      throw new InvalidRulesetException(
          "Rule '" + abbreviate(id) + "': field id must match " + ID_FORMAT);
    }
    if (!CODE.matcher(code).matches()) {
      throw new InvalidRulesetException(
          "Rule " + id + ": field code '" + abbreviate(code) + "' must match " + CODE_FORMAT);
    }
    requireText(id, "text", text);
    requireText(id, "expression", expression);
    if (description.length() > MAX_LENGTH) {
      throw new InvalidRulesetException(
          "Rule " + id + ": field description must be at most " + MAX_LENGTH + " characters");
    }
    if (!(weight >= 0.0 && weight <= 1.0)) {
      throw new InvalidRulesetException(
          "Rule " + id + ": field weight " + weight + " must be between 0 and 1");
    }
  }

  private static void requireText(String id, String field, String value) {
    if (value.isBlank()) {
      throw new InvalidRulesetException("Rule " + id + ": field " + field + " must not be blank");
    }
    if (value.length() > MAX_LENGTH) {
      throw new InvalidRulesetException(
          "Rule " + id + ": field " + field + " must be at most " + MAX_LENGTH + " characters");
    }
  }

  private static String abbreviate(String value) {
    return value.length() <= 80 ? value : value.substring(0, 77) + "...";
  }
}
