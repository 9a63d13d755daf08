package io.insightmesh.decisions.assess;

import static java.util.Objects.requireNonNull;

/**
 * One reason a submitted claim was refused: the field and the rule it broke, never the value (it
 * may be personal data).
 */
public record FieldError(String field, String rule, String message) {
  public FieldError {
    requireNonNull(field, "field is null");
    requireNonNull(rule, "rule is null");
    requireNonNull(message, "message is null");
  }
}
