package io.insightmesh.decisions.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.insightmesh.contracts.risk.Decision;
import java.util.List;

/**
 * A decision as the assessment API answers it (DESIGN.md §5). The profile release and snapshot are
 * always there, null when no profile release was loaded: the interface names them.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DecisionView(
    @JsonProperty("claim_id") String claimId,
    @JsonProperty("decision") String decision,
    @JsonProperty("risk_score") double riskScore,
    @JsonProperty("reasons") List<ReasonView> reasons,
    @JsonProperty("ruleset_version") String rulesetVersion,
    @JsonInclude(JsonInclude.Include.ALWAYS) @JsonProperty("profile_release") String profileRelease,
    @JsonInclude(JsonInclude.Include.ALWAYS) @JsonProperty("profile_snapshot_id")
        Long profileSnapshotId,
    @JsonProperty("decided_at") String decidedAt) {

  /** One rule that fired. */
  public record ReasonView(
      @JsonProperty("rule_id") String ruleId,
      @JsonProperty("code") String code,
      @JsonProperty("text") String text) {}

  static DecisionView of(Decision decision) {
    return new DecisionView(
        decision.getClaimId(),
        decision.getDecision().name(),
        decision.getRiskScore(),
        decision.getReasons().stream()
            .map(reason -> new ReasonView(reason.getRuleId(), reason.getCode(), reason.getText()))
            .toList(),
        decision.getRulesetVersion(),
        decision.getProfileRelease(),
        decision.getProfileSnapshotId(),
        decision.getDecidedAt().toString());
  }
}
