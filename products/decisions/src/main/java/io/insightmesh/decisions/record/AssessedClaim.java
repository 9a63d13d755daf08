package io.insightmesh.decisions.record;

import static java.util.Objects.requireNonNull;

import io.insightmesh.contracts.claims.Claim;
import io.insightmesh.contracts.risk.Decision;

/**
 * A claim with the decision the scoring engine made on it: what the decision log holds for every
 * acknowledged assessment. {@link #toString()} names only the claim id, because the claim carries
 * PII.
 *
 * @param claim the assessed claim, as submitted
 * @param decision the decision made on it
 */
public record AssessedClaim(Claim claim, Decision decision) {
  /**
   * Validates the pair.
   *
   * @throws IllegalArgumentException if the decision is about another claim
   */
  public AssessedClaim {
    requireNonNull(claim, "claim is null");
    requireNonNull(decision, "decision is null");
    if (!String.valueOf(claim.getClaimId()).equals(String.valueOf(decision.getClaimId()))) {
      throw new IllegalArgumentException(
          "Invalid assessed claim "
              + claim.getClaimId()
              + ": the decision is about claim "
              + decision.getClaimId());
    }
  }

  @Override
  public String toString() {
    return "AssessedClaim[claim_id=" + claim.getClaimId() + "]";
  }
}
