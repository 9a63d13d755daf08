package io.insightmesh.decisions.cases;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.insightmesh.contracts.spec.FieldNames;
import java.util.Iterator;
import java.util.Set;

/**
 * A checked request to record an outcome: {@code {"outcome": ..., "reason": ..., "supersedes":
 * false}}.
 *
 * @param verdict the outcome
 * @param reason why, 1 to {@value CaseOutcome#MAX_REASON} characters
 * @param supersedes whether it may replace an outcome already recorded
 */
public record OutcomeRequest(Verdict verdict, String reason, boolean supersedes) {
  private static final Set<String> FIELDS = Set.of("outcome", "reason", "supersedes");

  /**
   * Checks the fields.
   *
   * @throws InvalidOutcomeException if the reason is blank or too long
   */
  public OutcomeRequest {
    requireNonNull(verdict, "verdict is null");
    requireNonNull(reason, "reason is null");
    if (reason.isBlank() || reason.length() > CaseOutcome.MAX_REASON) {
      throw new InvalidOutcomeException(
          "Invalid outcome: field reason is required, 1 to "
              + CaseOutcome.MAX_REASON
              + " characters");
    }
  }

  @Override
  public String toString() {
    return "OutcomeRequest[" + verdict + ", supersedes=" + supersedes + "]";
  }

  /**
   * Reads a request body.
   *
   * @throws InvalidOutcomeException naming the first field that breaks a rule, and the rule
   */
  public static OutcomeRequest parse(JsonNode body) {
    if (body == null || !body.isObject()) {
      throw new InvalidOutcomeException("Invalid outcome: the body must be a JSON object");
    }
    for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!FIELDS.contains(name)) {
        // Named only as a slip of a known field: a body keyed by a value must not get it back.
        throw new InvalidOutcomeException(
            "Invalid outcome: "
                + FieldNames.meant(name, FIELDS)
                    .map(meant -> "field " + name + " (did you mean " + meant + "?)")
                    .orElse("a field")
                + " is not a field of an outcome (outcome, reason, supersedes)");
      }
    }
    JsonNode outcome = body.get("outcome");
    Verdict verdict = null;
    if (outcome != null && outcome.isTextual()) {
      for (Verdict candidate : Verdict.values()) {
        if (candidate.name().equals(outcome.asText())) {
          verdict = candidate;
        }
      }
    }
    if (verdict == null) {
      throw new InvalidOutcomeException(
          "Invalid outcome: field outcome is required, one of [CONFIRMED_FRAUD, LEGITIMATE]");
    }
    JsonNode reason = body.get("reason");
    if (reason == null || !reason.isTextual()) {
      throw new InvalidOutcomeException(
          "Invalid outcome: field reason is required, 1 to "
              + CaseOutcome.MAX_REASON
              + " characters");
    }
    JsonNode supersedes = body.get("supersedes");
    if (supersedes != null && !supersedes.isBoolean() && !supersedes.isNull()) {
      throw new InvalidOutcomeException("Invalid outcome: field supersedes must be true or false");
    }
    return new OutcomeRequest(
        verdict, reason.asText(), supersedes != null && supersedes.asBoolean(false));
  }
}
