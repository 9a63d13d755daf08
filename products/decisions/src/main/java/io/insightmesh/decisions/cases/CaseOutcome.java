package io.insightmesh.decisions.cases;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * A case worker's finding on a claim, as the outcomes journal keeps it. {@link #toString()} leaves
 * out the reason: free text may name people.
 *
 * @param claimId the claim
 * @param verdict what the claim was found to be
 * @param reason the case worker's explanation, at most {@value #MAX_REASON} characters
 * @param recordedBy the subject of the case worker's token
 * @param recordedAt when it was recorded, UTC
 * @param supersedes whether it replaced an earlier outcome of the claim
 */
public record CaseOutcome(
    @JsonProperty("claim_id") String claimId,
    @JsonProperty("outcome") Verdict verdict,
    @JsonProperty("reason") String reason,
    @JsonProperty("recorded_by") String recordedBy,
    @JsonProperty("recorded_at") Instant recordedAt,
    @JsonProperty("supersedes") boolean supersedes) {
  /** The longest reason. */
  public static final int MAX_REASON = 500;

  /** Checks for nulls. */
  public CaseOutcome {
    requireNonNull(claimId, "claimId is null");
    requireNonNull(verdict, "verdict is null");
    requireNonNull(reason, "reason is null");
    requireNonNull(recordedBy, "recordedBy is null");
    requireNonNull(recordedAt, "recordedAt is null");
  }

  @Override
  public String toString() {
    return "CaseOutcome[claim_id=" + claimId + ", outcome=" + verdict + "]";
  }
}
