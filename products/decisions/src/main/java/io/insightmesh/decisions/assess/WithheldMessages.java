package io.insightmesh.decisions.assess;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Failures made fit for the service log when they arose on a claim: each message withheld, every
 * exception's class and stack frames kept.
 *
 * <p>An unexpected exception on the request path (a library's {@code NumberFormatException}, a
 * listener's {@code IllegalStateException}) may quote the value it choked on, and on a claim that
 * value is a NINO, a bank account or a name. The log is read by operators who may not see personal
 * data; the class and the frames say where it failed, and the claim id (not personal) which claim.
 */
public final class WithheldMessages {
  private WithheldMessages() {}

  /**
   * A copy of {@code failure} and its causes and suppressed exceptions whose messages are withheld;
   * null for null.
   */
  public static Throwable of(Throwable failure) {
    return copy(failure, Collections.newSetFromMap(new IdentityHashMap<>()));
  }

  private static Throwable copy(Throwable failure, Set<Throwable> seen) {
    if (failure == null || !seen.add(failure)) {
      // A cause chain may loop back on itself; the copy stops where it would.
      return null;
    }
    Withheld copy = new Withheld(failure.getClass().getName(), copy(failure.getCause(), seen));
    copy.setStackTrace(failure.getStackTrace());
    for (Throwable suppressed : failure.getSuppressed()) {
      Throwable suppressedCopy = copy(suppressed, seen);
      if (suppressedCopy != null) {
        copy.addSuppressed(suppressedCopy);
      }
    }
    return copy;
  }

  /** Prints as the original's class, so that a stack trace reads as the original's did. */
  private static final class Withheld extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private static final String NOTE = "(message withheld: it may quote the claim)";

    private final String originalClass;

    Withheld(String originalClass, Throwable cause) {
      super(NOTE, cause, true, true);
      this.originalClass = originalClass;
    }

    @Override
    public String toString() {
      return originalClass + ": " + NOTE;
    }
  }
}
