package io.insightmesh.decisions.admin;

/** A ruleset could not be made durable, so it was not installed. */
public final class RulesetStoreFailedException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /** An exception with the given message and cause. */
  public RulesetStoreFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
