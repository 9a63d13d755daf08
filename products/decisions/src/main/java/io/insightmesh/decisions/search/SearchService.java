package io.insightmesh.decisions.search;

import static java.util.Objects.requireNonNull;

import io.insightmesh.decisions.audit.AuditEntry;
import io.insightmesh.decisions.audit.AuditLog;
import io.insightmesh.decisions.audit.Fingerprinter;
import io.insightmesh.decisions.cases.CaseOutcome;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Case workers' searches: audited first (who, when, the criterion type and a fingerprint of the
 * value, why), then answered from the {@link ClaimIndex} with each claim's decision and outcome and
 * each claimant's links. A search that cannot be audited is not answered.
 */
public final class SearchService {
  /** The most links shown per claimant. */
  public static final int MAX_LINKS = 10;

  private final ClaimIndex index;
  private final AuditLog audit;
  private final Fingerprinter fingerprinter;
  private final Function<String, Optional<CaseOutcome>> outcomes;
  private final Clock clock;

  /**
   * A search service.
   *
   * @param index the claims
   * @param audit where searches are audited
   * @param fingerprinter hashes searched values for the audit
   * @param outcomes the case outcome of a claim id
   * @param clock the time of audit entries
   */
  public SearchService(
      ClaimIndex index,
      AuditLog audit,
      Fingerprinter fingerprinter,
      Function<String, Optional<CaseOutcome>> outcomes,
      Clock clock) {
    this.index = requireNonNull(index, "index is null");
    this.audit = requireNonNull(audit, "audit is null");
    this.fingerprinter = requireNonNull(fingerprinter, "fingerprinter is null");
    this.outcomes = requireNonNull(outcomes, "outcomes is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  /**
   * Runs a checked search for {@code principal}.
   *
   * @throws io.insightmesh.decisions.journal.JournalFailedException if it cannot be audited
   */
  public SearchResult search(String principal, SearchRequest request) {
    requireNonNull(principal, "principal is null");
    requireNonNull(request, "request is null");
    String type = request.criterion().parameter();
    audit.record(
        new AuditEntry(
            clock.instant(),
            principal,
            "search",
            type,
            fingerprinter.fingerprint(type, request.key()),
            request.reason(),
            null));
    IndexPage page =
        index.find(request.criterion(), request.key(), request.offset(), request.limit());
    Map<String, CaseOutcome> found = new HashMap<>();
    Map<String, List<Link>> links = new LinkedHashMap<>();
    for (Hit hit : page.hits()) {
      String claimId = hit.record().claim().getClaimId();
      outcomes.apply(claimId).ifPresent(outcome -> found.put(claimId, outcome));
      links.computeIfAbsent(
          hit.record().claim().getClaimantId(), claimant -> index.links(claimant, MAX_LINKS));
    }
    return new SearchResult(
        request.criterion(),
        page.hits(),
        found,
        links,
        page.next().isPresent()
            ? Optional.of(SearchRequest.cursor(page.next().getAsInt()))
            : Optional.empty());
  }
}
