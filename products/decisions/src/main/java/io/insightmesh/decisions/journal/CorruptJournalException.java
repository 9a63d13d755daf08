package io.insightmesh.decisions.journal;

/** A journal line that is whole (newline-terminated) but not what was written: refuse to start. */
public class CorruptJournalException extends RuntimeException {
  public CorruptJournalException(String message, Throwable cause) {
    super(message, cause);
  }
}
