package io.insightmesh.decisions.log;

/** An append was attempted after {@link DecisionLog#close()} began; nothing was written. */
public final class DecisionLogClosedException extends RuntimeException {
  /**
   * Creates the exception.
   *
   * @param message names the log and the rejected operation
   */
  public DecisionLogClosedException(String message) {
    super(message);
  }
}
