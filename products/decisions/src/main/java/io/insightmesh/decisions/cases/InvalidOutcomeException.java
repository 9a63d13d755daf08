package io.insightmesh.decisions.cases;

/** An outcome request that breaks a rule; the message names the field and the rule, no value. */
public class InvalidOutcomeException extends RuntimeException {
  public InvalidOutcomeException(String message) {
    super(message);
  }
}
