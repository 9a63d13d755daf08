package io.insightmesh.decisions.cases;

import static java.util.Objects.requireNonNull;

import io.insightmesh.contracts.risk.Decision;
import io.insightmesh.decisions.audit.AuditEntry;
import io.insightmesh.decisions.audit.AuditLog;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Records case workers' outcomes on decided claims, one per claim unless a later one explicitly
 * supersedes it; every outcome is audited (who, when, which claim, which verdict — not the
 * free-text reason, which may name people) before it is stored.
 */
public final class CaseService {
  private static final Pattern CLAIM_ID =
      Pattern.compile("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");

  private final OutcomeStore outcomes;
  private final AuditLog audit;
  private final Function<String, Optional<Decision>> decisionOf;
  private final Clock clock;

  /**
   * A case service.
   *
   * @param outcomes where outcomes are kept
   * @param audit where outcomes are audited
   * @param decisionOf the durable decision on a claim id
   * @param clock the time of outcomes
   */
  public CaseService(
      OutcomeStore outcomes,
      AuditLog audit,
      Function<String, Optional<Decision>> decisionOf,
      Clock clock) {
    this.outcomes = requireNonNull(outcomes, "outcomes is null");
    this.audit = requireNonNull(audit, "audit is null");
    this.decisionOf = requireNonNull(decisionOf, "decisionOf is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  /**
   * Records {@code request} on claim {@code claimId} for {@code principal}.
   *
   * @throws InvalidOutcomeException if the claim id is not a UUID
   * @throws NoSuchClaimException if the engine has no durable decision on the claim
   * @throws OutcomeExistsException if the claim has an outcome and the request does not supersede
   *     it
   * @throws io.insightmesh.decisions.journal.JournalFailedException if it cannot be audited or
   *     stored
   */
  public CaseOutcome record(String principal, String claimId, OutcomeRequest request) {
    requireNonNull(principal, "principal is null");
    requireNonNull(request, "request is null");
    if (claimId == null || !CLAIM_ID.matcher(claimId).matches()) {
      throw new InvalidOutcomeException(
          "Invalid outcome: path parameter claim_id must be a lower-case UUID");
    }
    if (decisionOf.apply(claimId).isEmpty()) {
      throw new NoSuchClaimException("No claim " + claimId + " has been decided by this engine");
    }
    // One outcome at a time, from the check to the store: two first outcomes of a claim at once
    // both passed the check and were both audited, and the store then refused one of them.
    synchronized (this) {
      return recordChecked(principal, claimId, request);
    }
  }

  private CaseOutcome recordChecked(String principal, String claimId, OutcomeRequest request) {
    Optional<CaseOutcome> existing = outcomes.find(claimId);
    if (existing.isPresent() && !request.supersedes()) {
      throw new OutcomeExistsException(existing.get());
    }
    CaseOutcome outcome =
        new CaseOutcome(
            claimId,
            request.verdict(),
            request.reason(),
            principal,
            clock.instant().truncatedTo(ChronoUnit.MICROS),
            request.supersedes());
    audit.record(
        new AuditEntry(
            outcome.recordedAt(),
            principal,
            "outcome",
            claimId,
            null,
            null,
            existing.isPresent()
                ? request.verdict() + " superseding " + existing.get().verdict()
                : request.verdict().name()));
    return outcomes.record(outcome);
  }

  /** The current outcome of {@code claimId}. */
  public Optional<CaseOutcome> outcome(String claimId) {
    return outcomes.find(claimId);
  }
}
