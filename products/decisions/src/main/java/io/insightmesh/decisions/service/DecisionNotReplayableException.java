package io.insightmesh.decisions.service;

/** A recorded decision lacks what a replay needs, or names inputs that are gone. */
public final class DecisionNotReplayableException extends RuntimeException {
  public DecisionNotReplayableException(String message) {
    super(message);
  }

  public DecisionNotReplayableException(String message, Throwable cause) {
    super(message, cause);
  }
}
