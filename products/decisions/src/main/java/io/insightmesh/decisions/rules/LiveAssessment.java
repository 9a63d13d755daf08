package io.insightmesh.decisions.rules;

import static java.util.Objects.requireNonNull;

import io.insightmesh.decisions.features.BlockHits;
import io.insightmesh.decisions.features.VelocityCounts;

/**
 * An assessment with the features the engine kept itself (velocity counts, block-list hits): what a
 * decision must record, beside the claim, the ruleset version and the profile snapshot, to be
 * replayed exactly.
 *
 * @param assessment what the rules made of the claim
 * @param velocity the claim's velocity counts, this claim included
 * @param blocked the block lists the claim was on
 */
public record LiveAssessment(Assessment assessment, VelocityCounts velocity, BlockHits blocked) {
  /** Checks for nulls. */
  public LiveAssessment {
    requireNonNull(assessment, "assessment is null");
    requireNonNull(velocity, "velocity is null");
    requireNonNull(blocked, "blocked is null");
  }
}
