package io.insightmesh.decisions.admin;

import io.insightmesh.decisions.audit.AuditEntry;
import io.insightmesh.decisions.audit.AuditLog;
import io.insightmesh.decisions.audit.AuditLogFailedException;
import io.insightmesh.decisions.journal.JournalFailedException;
import java.time.Instant;

/**
 * Audits an administrative change ahead of it, and the store's refusal after it; see the package
 * comment for why in that order.
 */
final class ChangeAudit {
  private ChangeAudit() {}

  /**
   * Records the change's entry before anything is written.
   *
   * @param change the change as the refusal names it, e.g. {@code Block list ninos: the addition}
   * @throws AuditLogFailedException if it cannot be recorded; the change must then not be made
   */
  static void before(AuditLog audit, AuditEntry entry, String change) {
    try {
      audit.record(entry);
    } catch (JournalFailedException e) {
      throw new AuditLogFailedException(
          change
              + " could not be audited, so it was not made; the audit log accepts nothing more"
              + " until the engine restarts",
          e);
    }
  }

  /**
   * Records, after {@code entry}, that its change was refused by the store, so the entry is not
   * read as a change made. Best effort: the store's refusal is the answer, and a second failure is
   * kept on it as suppressed.
   *
   * @param detail what became of the change, as the store's refusal says
   */
  static void refused(
      AuditLog audit, AuditEntry entry, Instant at, String detail, RuntimeException refusal) {
    try {
      audit.record(
          new AuditEntry(
              at,
              entry.principal(),
              entry.action() + ".failed",
              entry.subject(),
              entry.fingerprint(),
              null,
              detail));
    } catch (RuntimeException e) {
      refusal.addSuppressed(e);
    }
  }
}
