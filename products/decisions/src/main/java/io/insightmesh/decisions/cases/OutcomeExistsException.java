package io.insightmesh.decisions.cases;

import static java.util.Objects.requireNonNull;

/** A second outcome for a claim without {@code supersedes}. */
public class OutcomeExistsException extends RuntimeException {
  private final CaseOutcome existing;

  public OutcomeExistsException(CaseOutcome existing) {
    super(
        "Claim "
            + requireNonNull(existing, "existing is null").claimId()
            + " already has outcome "
            + existing.verdict()
            + "; send \"supersedes\": true with a reason to replace it");
    this.existing = existing;
  }

  /** The outcome already recorded. */
  public CaseOutcome existing() {
    return existing;
  }
}
