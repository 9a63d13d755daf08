package io.insightmesh.decisions.table;

import static java.util.Objects.requireNonNull;

import io.insightmesh.contracts.risk.Decision;
import io.insightmesh.contracts.risk.LiveFeatures;
import io.insightmesh.contracts.risk.Reason;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;

/**
 * Maps a contract {@link Decision} to a row of the decisions table, by column name, so columns a
 * later MINOR contract adds stay null for writers that do not know them yet.
 */
final class DecisionRecords {
  private final GenericRecord row;
  private final GenericRecord reason;
  // Null while the table's schema predates the column (it is added when the engine connects).
  private final GenericRecord liveFeatures;

  DecisionRecords(Schema schema) {
    requireNonNull(schema, "schema is null");
    this.row = GenericRecord.create(schema);
    Types.NestedField reasons = schema.findField("reasons");
    if (reasons == null || !reasons.type().isListType()) {
      throw new IllegalArgumentException(
          "Invalid decisions table schema: column reasons must be a list of structs, got "
              + (reasons == null ? "no such column" : reasons.type()));
    }
    this.reason = GenericRecord.create(reasons.type().asListType().elementType().asStructType());
    Types.NestedField live = schema.findField("live_features");
    this.liveFeatures =
        live == null || !live.type().isStructType()
            ? null
            : GenericRecord.create(live.type().asStructType());
  }

  Record toRow(Decision decision) {
    Record record = row.copy();
    record.setField("claim_id", decision.getClaimId());
    record.setField("claimant_id", decision.getClaimantId());
    record.setField("scheme", decision.getScheme());
    record.setField("decision", decision.getDecision().name());
    record.setField("risk_score", decision.getRiskScore());
    List<Record> reasons = new ArrayList<>(decision.getReasons().size());
    for (Reason fired : decision.getReasons()) {
      Record element = reason.copy();
      element.setField("rule_id", fired.getRuleId());
      element.setField("code", fired.getCode());
      element.setField("text", fired.getText());
      reasons.add(element);
    }
    record.setField("reasons", reasons);
    record.setField("ruleset_version", decision.getRulesetVersion());
    record.setField("profile_release", decision.getProfileRelease());
    record.setField("profile_snapshot_id", decision.getProfileSnapshotId());
    // Iceberg's generic model represents timestamp with zone as OffsetDateTime.
    record.setField("decided_at", decision.getDecidedAt().atOffset(ZoneOffset.UTC));
    LiveFeatures live = decision.getLiveFeatures();
    if (live != null && liveFeatures != null) {
      Record features = liveFeatures.copy();
      features.setField("velocity", live.getVelocity());
      features.setField("blocked", live.getBlocked());
      record.setField("live_features", features);
    }
    return record;
  }

  /** The contract decision a table row holds: the inverse of {@link #toRow}. */
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
