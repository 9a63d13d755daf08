package io.insightmesh.decisions.record;

/**
 * A decision log payload is not an {@link AssessedClaim} this build can read: an unknown format
 * version, a truncated or damaged body, or trailing bytes. The message names the sequence when it
 * is known, never the payload's content (it carries PII).
 */
public final class UndecodableRecordException extends RuntimeException {
  UndecodableRecordException(String message) {
    super(message);
  }

  UndecodableRecordException(String message, Throwable cause) {
    super(message, cause);
  }
}
