package io.insightmesh.decisions.search;

import static java.util.Objects.requireNonNull;

import io.insightmesh.decisions.record.AssessedClaim;
import java.util.OptionalDouble;

/**
 * One claim found, with its decision.
 *
 * @param record the claim and its decision
 * @param similarity for name searches, how close the claim's name is to the query (1 is the same
 *     normalised name); empty for exact criteria
 */
public record Hit(AssessedClaim record, OptionalDouble similarity) {
  /** Checks for nulls. */
  public Hit {
    requireNonNull(record, "record is null");
    requireNonNull(similarity, "similarity is null");
  }
}
