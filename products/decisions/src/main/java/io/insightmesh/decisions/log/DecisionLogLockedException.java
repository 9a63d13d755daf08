package io.insightmesh.decisions.log;

/**
 * The log directory is already open, in this process or another one. Two writers on one directory
 * would interleave frames and assign the same sequence numbers twice.
 */
public final class DecisionLogLockedException extends RuntimeException {
  /**
   * Creates the exception.
   *
   * @param message names the directory and its lock file
   */
  public DecisionLogLockedException(String message) {
    super(message);
  }
}
