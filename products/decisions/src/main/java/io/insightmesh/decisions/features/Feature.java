package io.insightmesh.decisions.features;

import static java.util.Objects.requireNonNull;

/**
 * One variable the rules can read.
 *
 * @param name the variable's name as rules write it, e.g. {@code claim.amount_claimed}
 * @param type its type
 * @param doc what it holds, for the analysts' guide
 */
public record Feature(String name, FeatureType type, String doc) {
  /** Checks for nulls. */
  public Feature {
    requireNonNull(name, "name is null");
    requireNonNull(type, "type is null");
    requireNonNull(doc, "doc is null");
  }
}
