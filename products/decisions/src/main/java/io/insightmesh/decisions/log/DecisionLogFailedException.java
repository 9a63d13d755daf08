package io.insightmesh.decisions.log;

/**
 * The log could not write or fsync a batch and has stopped accepting appends. Records whose futures
 * fail with this exception were not acknowledged, but their bytes may have reached the disk: after
 * a restart they can reappear in the log (an unknown outcome, as for any failed commit). The
 * process should treat this as fatal and restart once the disk is healthy: retrying an fsync after
 * a failure can report success for data the kernel already dropped.
 */
public final class DecisionLogFailedException extends RuntimeException {
  /**
   * Creates the exception.
   *
   * @param message names the log and what failed
   * @param cause the I/O error (or other failure) of the writer
   */
  public DecisionLogFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
