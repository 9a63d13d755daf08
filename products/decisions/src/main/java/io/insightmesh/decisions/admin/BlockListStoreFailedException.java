package io.insightmesh.decisions.admin;

/**
 * A block list change could not be made durable. Whether it reached the disk is unknown until the
 * engine restarts (the store then refuses further changes), so it is not applied now.
 */
public final class BlockListStoreFailedException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /** An exception with the given message and cause. */
  public BlockListStoreFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
