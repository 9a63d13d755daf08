package io.insightmesh.decisions.table;

import io.insightmesh.contracts.risk.Decision;
import io.insightmesh.contracts.risk.LiveFeatures;
import io.insightmesh.contracts.risk.Reason;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;

/**
 * Reads rows of the decisions table back as contract {@link Decision}s, by column name, so a column
 * the contract does not know is ignored. The committer writes the rows ({@link DecisionRows}).
 *
 * <p>Names are resolved to positions once per row type, not per row: a restart reads millions of
 * rows, and looking each column up by name cost a tenth of reading them.
 */
final class DecisionRecords {
  private Types.StructType struct;
  private int claimId;
  private int claimantId;
  private int scheme;
  private int decision;
  private int riskScore;
  private int reasons;
  private int rulesetVersion;
  private int profileRelease;
  private int profileSnapshotId;
  private int decidedAt;
  private int liveFeatures;
  private Types.StructType reasonStruct;
  private int ruleId;
  private int code;
  private int text;
  private Types.StructType liveStruct;
  private int velocity;
  private int blocked;

  /** A reader for rows of any type; not thread-safe (it keeps the last type's positions). */
  DecisionRecords() {}

  /** The contract decision a table row holds. */
  static Decision fromRow(Record row) {
    return new DecisionRecords().read(row);
  }

  /** The contract decision a table row holds. */
  Decision read(Record row) {
    if (row.struct() != struct) {
      bind(row.struct());
    }
    return Decision.newBuilder()
        .setClaimId((String) row.get(claimId))
        .setClaimantId((String) row.get(claimantId))
        .setScheme((String) row.get(scheme))
        .setDecision(io.insightmesh.contracts.risk.Outcome.valueOf((String) row.get(decision)))
        .setRiskScore((Double) row.get(riskScore))
        .setReasons(reasons(row.get(reasons)))
        .setRulesetVersion((String) row.get(rulesetVersion))
        .setProfileRelease((String) get(row, profileRelease))
        .setProfileSnapshotId((Long) get(row, profileSnapshotId))
        .setDecidedAt(((java.time.OffsetDateTime) row.get(decidedAt)).toInstant())
        .setLiveFeatures(liveFeatures(get(row, liveFeatures)))
        .build();
  }

  private void bind(Types.StructType type) {
    claimId = position(type, "claim_id");
    claimantId = position(type, "claimant_id");
    scheme = position(type, "scheme");
    decision = position(type, "decision");
    riskScore = position(type, "risk_score");
    reasons = position(type, "reasons");
    rulesetVersion = position(type, "ruleset_version");
    profileRelease = position(type, "profile_release");
    profileSnapshotId = position(type, "profile_snapshot_id");
    decidedAt = position(type, "decided_at");
    liveFeatures = position(type, "live_features");
    struct = type;
    reasonStruct = null;
    liveStruct = null;
  }

  /** The column's position, or -1 if rows of this type lack it (a table before live features). */
  private static int position(Types.StructType type, String name) {
    List<Types.NestedField> fields = type.fields();
    for (int n = 0; n < fields.size(); n++) {
      if (fields.get(n).name().equals(name)) {
        return n;
      }
    }
    return -1;
  }

  private static Object get(Record row, int position) {
    return position < 0 ? null : row.get(position);
  }

  private List<Reason> reasons(Object fired) {
    List<Reason> read = new ArrayList<>();
    if (fired == null) {
      return read;
    }
    for (Object element : (List<?>) fired) {
      Record reason = (Record) element;
      if (reason.struct() != reasonStruct) {
        Types.StructType type = reason.struct();
        ruleId = position(type, "rule_id");
        code = position(type, "code");
        text = position(type, "text");
        reasonStruct = type;
      }
      read.add(
          new Reason(
              (String) reason.get(ruleId), (String) reason.get(code), (String) reason.get(text)));
    }
    return read;
  }

  private LiveFeatures liveFeatures(Object value) {
    if (!(value instanceof Record live)) {
      return null;
    }
    if (live.struct() != liveStruct) {
      Types.StructType type = live.struct();
      velocity = position(type, "velocity");
      blocked = position(type, "blocked");
      liveStruct = type;
    }
    Map<String, Integer> counts = new HashMap<>();
    if (get(live, velocity) instanceof Map<?, ?> map) {
      map.forEach((name, count) -> counts.put(name.toString(), ((Number) count).intValue()));
    }
    List<String> lists = new ArrayList<>();
    if (get(live, blocked) instanceof List<?> names) {
      names.forEach(name -> lists.add(name.toString()));
    }
    return new LiveFeatures(counts, lists);
  }
}
