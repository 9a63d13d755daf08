package io.insightmesh.decisions.log;

/**
 * An append was rejected because the bytes waiting for the disk already reach {@link
 * DecisionLog.Options#queueCapacityBytes()}. Nothing was written; the caller may retry later (an
 * HTTP service answers 503 with Retry-After). The log never blocks an appender, so it is safe to
 * call from event-loop threads.
 */
public final class DecisionLogFullException extends RuntimeException {
  /**
   * Creates the exception.
   *
   * @param message names the log, the rejected size and the capacity
   */
  public DecisionLogFullException(String message) {
    super(message);
  }
}
