package io.insightmesh.decisions.audit;

/** The audit log cannot be written or read; the message says which file. */
public final class AuditLogFailedException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /** An exception with the given message and cause. */
  public AuditLogFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
