package io.insightmesh.decisions.features;

/**
 * A value offered for a block list does not have the format of its kind. The message names the kind
 * and the format but never the value: block lists hold personal data, and messages reach logs.
 */
public final class InvalidBlockListEntryException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** An exception with the given message. */
  public InvalidBlockListEntryException(String message) {
    super(message);
  }
}
