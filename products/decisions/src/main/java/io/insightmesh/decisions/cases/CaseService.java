package io.insightmesh.decisions.cases;

import static java.util.Objects.requireNonNull;

import io.insightmesh.contracts.risk.Decision;
import io.insightmesh.decisions.audit.AuditEntry;
import io.insightmesh.decisions.audit.AuditLog;
import io.insightmesh.decisions.journal.JournalFailedException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Records case workers' outcomes on decided claims, one per claim unless a later one explicitly
 * supersedes it; every outcome is audited (who, when, which claim, which verdict — not the
 * free-text reason, which may name people) before it is stored.
 *
 * <p>Audited first for the same reason as rule and block-list changes (ADR 0025): an outcome stored
 * but not audited would be missing from the trail. The store may then refuse an outcome the trail
 * already holds; an {@code outcome.failed} entry follows it, as {@code <action>.failed} follows a
 * change its store refused, so the trail says which of its outcomes were never recorded.
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
   * @throws JournalFailedException if it cannot be audited; nothing is recorded
   * @throws OutcomeStoreFailedException if it was audited but cannot be stored; its audit entry is
   *     followed, if the audit log can still write, by one saying so
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
    AuditEntry entry =
        new AuditEntry(
            outcome.recordedAt(),
            principal,
            "outcome",
            claimId,
            null,
            null,
            existing.isPresent()
                ? request.verdict() + " superseding " + existing.get().verdict()
                : request.verdict().name());
    audit.record(entry);
    try {
      return outcomes.record(outcome);
    } catch (JournalFailedException e) {
      OutcomeStoreFailedException refusal =
          new OutcomeStoreFailedException(
              "The outcome on claim "
                  + claimId
                  + " could not be made durable and was not recorded; outcomes are refused until"
                  + " the engine restarts, and if it reached the disk it is the claim's outcome"
                  + " from then on",
              e);
      try {
        audit.record(
            new AuditEntry(
                clock.instant(),
                principal,
                entry.action() + ".failed",
                claimId,
                null,
                null,
                "not recorded: the outcome store could not make it durable; if it reached the"
                    + " disk, it is the claim's outcome from the next restart"));
      } catch (RuntimeException second) {
        // Best effort: the store's refusal is the answer.
        refusal.addSuppressed(second);
      }
      throw refusal;
    }
  }

  /** The current outcome of {@code claimId}. */
  public Optional<CaseOutcome> outcome(String claimId) {
    return outcomes.find(claimId);
  }
}
