package io.insightmesh.decisions.store;

/**
 * A line of a JSON-lines file, other than a torn last one, cannot be read: the file was damaged
 * outside the engine. The message names the file and line number, never the line's content.
 */
public final class CorruptLinesException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /** An exception with the given message. */
  public CorruptLinesException(String message) {
    super(message);
  }

  /** An exception with the given message and cause. */
  public CorruptLinesException(String message, Throwable cause) {
    super(message, cause);
  }
}
