package io.insightmesh.decisions.journal;

/**
 * A journal could not write or sync a line. Nothing more is written to it until the service
 * restarts: after a failed fsync the file's state on disk is unknown.
 */
public class JournalFailedException extends RuntimeException {
  public JournalFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
