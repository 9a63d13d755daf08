package io.insightmesh.decisions.search;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.OptionalInt;

/**
 * A page of an index lookup.
 *
 * @param hits the claims, in the lookup's order
 * @param next the offset of the next page, empty on the last one
 */
public record IndexPage(List<Hit> hits, OptionalInt next) {
  /** Copies the hits. */
  public IndexPage {
    hits = List.copyOf(requireNonNull(hits, "hits is null"));
    requireNonNull(next, "next is null");
  }
}
