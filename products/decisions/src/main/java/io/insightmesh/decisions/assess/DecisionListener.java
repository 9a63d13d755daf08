package io.insightmesh.decisions.assess;

import io.insightmesh.contracts.risk.Decision;
import io.insightmesh.decisions.record.AssessedClaim;

/**
 * Told of every durable decision, so views over decisions (the case workers' search index, the
 * decision statistics) see exactly what the engine acknowledged.
 *
 * <p>Called on the thread that answers the client, before it answers: a listener must be quick and
 * must not block (the search index only queues the decision). A listener that throws does not undo
 * the decision.
 */
public interface DecisionListener {
  /**
   * A decision made durable now, or taken back from the decision log at start; each claim id at
   * most once per engine run.
   */
  void decided(AssessedClaim record);

  /**
   * As {@link #decided(AssessedClaim)}, with the record already encoded as {@link
   * io.insightmesh.decisions.record.AssessedClaimCodec#encodeWithoutLiveFeatures} encodes it, for
   * listeners that keep that form: the engine encodes each claim once.
   */
  default void decided(AssessedClaim record, byte[] withoutLiveFeatures) {
    decided(record);
  }

  /**
   * A decision taken back from the decisions table at start because its log record was already
   * deleted: the claim itself is not available to the engine, only the decision.
   */
  default void recoveredWithoutClaim(Decision decision) {}
}
