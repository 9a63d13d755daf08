package io.insightmesh.decisions.assess;

import static java.util.Objects.requireNonNull;

/**
 * The engine takes no claims right now, for one of two reasons a client must tell apart: it is
 * still checking its log against its table and taking back the decisions it made before a restart
 * (retry the same claim in a second), or its decision log is not the one its table was filled from
 * (nothing will change until an operator acts, so a quick retry only adds load).
 */
public class ClaimsHeldException extends RuntimeException {
  private final String code;
  private final boolean retrySoon;

  private ClaimsHeldException(String code, String message, boolean retrySoon) {
    super(message);
    this.code = requireNonNull(code, "code is null");
    this.retrySoon = retrySoon;
  }

  public static ClaimsHeldException recovering() {
    return new ClaimsHeldException(
        "recovering",
        "The engine is starting: it is checking its decision log against its table and taking back"
            + " its earlier decisions; retry the same claim shortly",
        true);
  }

  public static ClaimsHeldException logMismatch() {
    return new ClaimsHeldException(
        "log-mismatch",
        "The engine's decision log is not the one its decisions table was filled from; claims are"
            + " refused until an operator restores that log (the engine's health names both)",
        false);
  }

  /** The error code a client reads: {@code recovering} or {@code log-mismatch}. */
  public String code() {
    return code;
  }

  /** Whether the same claim may be sent again in a second. */
  public boolean retrySoon() {
    return retrySoon;
  }
}
