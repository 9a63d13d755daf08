package io.insightmesh.decisions.admin;

/** A request names a block list that does not exist. */
public final class NoSuchBlockListException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** An exception with the given message. */
  public NoSuchBlockListException(String message) {
    super(message);
  }
}
