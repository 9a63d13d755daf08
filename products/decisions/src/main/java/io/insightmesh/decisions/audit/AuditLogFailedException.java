package io.insightmesh.decisions.audit;

/**
 * The audit log could not record the entry of an act, so the act was not done: the message names
 * the act, and the cause the file.
 */
public final class AuditLogFailedException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /** An exception with the given message and cause. */
  public AuditLogFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
