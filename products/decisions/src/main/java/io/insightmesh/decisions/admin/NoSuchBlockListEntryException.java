package io.insightmesh.decisions.admin;

/** A value to unblock is not on its block list. The message never names the value. */
public final class NoSuchBlockListEntryException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** An exception naming the list. */
  public NoSuchBlockListEntryException(BlockList list) {
    super("Block list " + list.pathName() + " has no such entry");
  }
}
