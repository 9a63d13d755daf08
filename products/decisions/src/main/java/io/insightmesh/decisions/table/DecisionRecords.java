package io.insightmesh.decisions.table;

import io.insightmesh.contracts.risk.Decision;
import io.insightmesh.contracts.risk.LiveFeatures;
import io.insightmesh.contracts.risk.Reason;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.data.Record;

/**
 * Reads rows of the decisions table back as contract {@link Decision}s, by column name, so a column
 * the contract does not know is ignored. The committer writes the rows ({@link DecisionRows}).
 */
final class DecisionRecords {
  private DecisionRecords() {}

  /** The contract decision a table row holds. */
  static Decision fromRow(Record row) {
    List<Reason> reasons = new ArrayList<>();
    Object fired = row.getField("reasons");
    if (fired != null) {
      for (Object element : (List<?>) fired) {
        Record reason = (Record) element;
        reasons.add(
            new Reason(
                (String) reason.getField("rule_id"),
                (String) reason.getField("code"),
                (String) reason.getField("text")));
      }
    }
    return Decision.newBuilder()
        .setClaimId((String) row.getField("claim_id"))
        .setClaimantId((String) row.getField("claimant_id"))
        .setScheme((String) row.getField("scheme"))
        .setDecision(
            io.insightmesh.contracts.risk.Outcome.valueOf((String) row.getField("decision")))
        .setRiskScore((Double) row.getField("risk_score"))
        .setReasons(reasons)
        .setRulesetVersion((String) row.getField("ruleset_version"))
        .setProfileRelease((String) row.getField("profile_release"))
        .setProfileSnapshotId((Long) row.getField("profile_snapshot_id"))
        .setDecidedAt(((java.time.OffsetDateTime) row.getField("decided_at")).toInstant())
        .setLiveFeatures(liveFeatures(row))
        .build();
  }

  private static LiveFeatures liveFeatures(Record row) {
    if (row.struct().field("live_features") == null
        || !(row.getField("live_features") instanceof Record live)) {
      return null;
    }
    Map<String, Integer> velocity = new HashMap<>();
    Object counts = live.getField("velocity");
    if (counts instanceof Map<?, ?> map) {
      map.forEach((name, count) -> velocity.put(name.toString(), ((Number) count).intValue()));
    }
    List<String> blocked = new ArrayList<>();
    Object lists = live.getField("blocked");
    if (lists instanceof List<?> names) {
      names.forEach(name -> blocked.add(name.toString()));
    }
    return new LiveFeatures(velocity, blocked);
  }
}
