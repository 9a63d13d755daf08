package io.insightmesh.decisions.rules;

import static java.util.Objects.requireNonNull;

/** A rule's CEL expression does not compile; carries the rule id and the CEL compiler's message. */
public final class RuleCompilationException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String ruleId;
  private final String compilerMessage;

  /** An exception for the rule with the compiler's message. */
  public RuleCompilationException(String ruleId, String compilerMessage) {
    super(
        "Rule "
            + requireNonNull(ruleId, "ruleId is null")
            + ": field expression does not compile: "
            + requireNonNull(compilerMessage, "compilerMessage is null"));
    this.ruleId = ruleId;
    this.compilerMessage = compilerMessage;
  }

  /** The id of the rule that does not compile. */
  public String ruleId() {
    return ruleId;
  }

  /** The CEL compiler's message, with line, column and a caret under the error. */
  public String compilerMessage() {
    return compilerMessage;
  }
}
