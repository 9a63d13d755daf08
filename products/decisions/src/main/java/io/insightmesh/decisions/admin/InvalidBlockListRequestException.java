package io.insightmesh.decisions.admin;

/**
 * A block list request is malformed (a missing or overlong reason, an unknown field). The message
 * names the list and the field, never a value.
 */
public final class InvalidBlockListRequestException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** An exception with the given message. */
  public InvalidBlockListRequestException(String message) {
    super(message);
  }
}
