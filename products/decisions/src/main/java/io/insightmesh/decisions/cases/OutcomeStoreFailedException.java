package io.insightmesh.decisions.cases;

/**
 * A case outcome was audited but could not be made durable, so it was not recorded. Whether it
 * reached the disk is unknown until the engine restarts (the store refuses every outcome until
 * then): the message names the claim, the cause the file.
 */
public final class OutcomeStoreFailedException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /** An exception with the given message and cause. */
  public OutcomeStoreFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
