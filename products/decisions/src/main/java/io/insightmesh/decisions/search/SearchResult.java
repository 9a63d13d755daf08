package io.insightmesh.decisions.search;

import static java.util.Objects.requireNonNull;

import io.insightmesh.decisions.cases.CaseOutcome;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a search found.
 *
 * @param criterion what was searched by
 * @param hits the claims of this page with their decisions
 * @param outcomes case outcomes of the claims in {@code hits}, by claim id
 * @param links for each claimant of the page, the claimants linked to it, strongest first
 * @param nextCursor the cursor of the next page, absent on the last
 */
public record SearchResult(
    Criterion criterion,
    List<Hit> hits,
    Map<String, CaseOutcome> outcomes,
    Map<String, List<Link>> links,
    Optional<String> nextCursor) {
  /** Copies the parts; {@code links} keeps its order. */
  public SearchResult {
    requireNonNull(criterion, "criterion is null");
    hits = List.copyOf(requireNonNull(hits, "hits is null"));
    outcomes = Map.copyOf(requireNonNull(outcomes, "outcomes is null"));
    requireNonNull(links, "links is null");
    requireNonNull(nextCursor, "nextCursor is null");
  }
}
