package io.insightmesh.decisions.assess;

import static java.util.Objects.requireNonNull;

import io.insightmesh.contracts.claims.Claim;
import io.insightmesh.contracts.risk.Decision;
import io.insightmesh.contracts.risk.LiveFeatures;
import io.insightmesh.decisions.compact.ClaimRecords;
import io.insightmesh.decisions.log.DecisionLog;
import io.insightmesh.decisions.record.AssessedClaim;
import io.insightmesh.decisions.record.AssessedClaimCodec;
import io.insightmesh.decisions.rules.Assessment;
import io.insightmesh.decisions.rules.LiveAssessment;
import io.insightmesh.decisions.rules.Reason;
import io.insightmesh.decisions.rules.RuleEngine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.jboss.logging.Logger;

/**
 * Assesses claims: one decision per claim id, durable in the decision log before it is returned.
 *
 * <p>A claim id seen before — finished or still being written — answers with its first decision, so
 * a client retrying after a timeout never gets a second, different answer and never counts twice in
 * the velocity features. A decision whose log write failed is forgotten, so the retry assesses
 * again; the log refuses further writes after a failed fsync, so that retry fails too until the
 * engine restarts and recovers what reached the disk.
 *
 * <p>A claim submitted later than the engine's clock by more than {@link #maxAhead} is refused as
 * invalid: the velocity features count by {@code submitted_at}, and one claim stamped hours ahead
 * would move their watermark there, forget every key counted until then and leave the claims that
 * follow uncounted until the clock catches up (years, for a mistyped year).
 */
public final class AssessmentService {
  private static final Logger LOG = Logger.getLogger(AssessmentService.class);

  private final RuleEngine rules;
  private final DecisionLog log;
  private final AssessedClaimCodec codec = new AssessedClaimCodec();
  private final Clock clock;
  private final Duration maxAhead;
  private final AtomicReference<ProfileView> profiles = new AtomicReference<>(ProfileView.NONE);

  /** Per claim id whose decision is being written: the future its requests wait on. */
  private final Map<String, CompletableFuture<Decision>> pending = new ConcurrentHashMap<>();

  /**
   * Per claim id with a durable decision: the decision in Avro's binary form, kept for every claim
   * the engine has decided, so without an object per claim (see {@link ClaimRecords}). Guarded by
   * its own monitor.
   */
  private final ClaimRecords durable = new ClaimRecords();

  private final LongAdder assessed = new LongAdder();
  private final LongAdder replayed = new LongAdder();
  private final List<DecisionListener> listeners = new CopyOnWriteArrayList<>();

  /** Why claims are refused, while they are; null while they are taken. */
  private volatile ClaimsHeldException held;

  /** How far ahead of the engine's clock a claim may be submitted unless told otherwise. */
  public static final Duration DEFAULT_MAX_AHEAD = Duration.ofMinutes(5);

  public AssessmentService(RuleEngine rules, DecisionLog log, Clock clock) {
    this(rules, log, clock, DEFAULT_MAX_AHEAD);
  }

  /**
   * @param maxAhead how much later than {@code clock} a claim's {@code submitted_at} may be: the
   *     clocks of the intake that stamps it and of the engine differ a little
   * @throws IllegalArgumentException if {@code maxAhead} is negative
   */
  public AssessmentService(RuleEngine rules, DecisionLog log, Clock clock, Duration maxAhead) {
    this.rules = requireNonNull(rules, "rules is null");
    this.log = requireNonNull(log, "log is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.maxAhead = requireNonNull(maxAhead, "maxAhead is null");
    if (maxAhead.isNegative()) {
      throw new IllegalArgumentException(
          "Invalid mesh.engine.max-submitted-ahead " + maxAhead + ": must not be negative");
    }
  }

  /**
   * The decision for {@code claim}, completed once it is durable; the first decision if the claim
   * id was assessed before.
   *
   * @throws InvalidClaimException if the claim was submitted too far ahead of the engine's clock
   */
  public CompletableFuture<Decision> assess(Claim claim) {
    return assess(claim, null);
  }

  /**
   * As {@link #assess(Claim)}, but a new decision is completed on {@code completeOn} (null: the
   * log's completion thread), listeners included: an HTTP request passes its event loop, so the
   * answer is written there straight from the log's fsync, without another thread in between.
   */
  public CompletableFuture<Decision> assess(Claim claim, Executor completeOn) {
    requireNonNull(claim, "claim is null");
    ClaimsHeldException refusal = held;
    if (refusal != null) {
      throw refusal;
    }
    String claimId = claim.getClaimId();
    // One reading of the clock per claim: the check below and the decision's time.
    Instant now = clock.instant();
    if (ahead(claim, now) && !pending.containsKey(claimId) && durableDecision(claimId) == null) {
      // Refused only if new: a resubmission answers with its first decision, whatever the clock.
      throw aheadOfClock(now);
    }
    CompletableFuture<Decision> mine = new CompletableFuture<>();
    CompletableFuture<Decision> first = pending.putIfAbsent(claimId, mine);
    if (first != null) {
      replayed.increment();
      return first;
    }
    try {
      // A durable decision leaves the pending map only after it is in the durable records, so one
      // that is not pending now and was decided before is found here.
      byte[] known = durableDecision(claimId);
      if (known != null) {
        replayed.increment();
        Decision decision = codec.decodeDecision(known);
        // Requests for the same claim id that found this future meanwhile get the same answer.
        mine.complete(decision);
        pending.remove(claimId, mine);
        return mine;
      }
      ProfileView view = profiles.get();
      LiveAssessment assessment = rules.assessLive(claim, view.find(claim.getClaimantId()));
      CompletableFuture<Long> logged;
      Decision decision;
      AssessedClaim record;
      AssessedClaimCodec.Encodings encoded;
      try {
        decision = decision(claim, assessment, view, now);
        record = new AssessedClaim(claim, decision);
        encoded = codec.encodeAll(record);
        // The encoding is this call's own: the log may keep it instead of a copy.
        logged =
            completeOn == null
                ? log.append(encoded.log())
                : log.appendOwned(encoded.log(), completeOn);
      } catch (RuntimeException notLogged) {
        // A full log refuses at once (503): the client retries, and the claim must count once.
        rules.unrecord(claim);
        throw notLogged;
      }
      logged.whenComplete(
          (sequence, failure) -> {
            if (failure != null) {
              rules.unrecord(claim);
              pending.remove(claimId, mine);
              mine.completeExceptionally(failure);
              return;
            }
            assessed.increment();
            boolean kept = false;
            try {
              keepDurable(claimId, encoded.decision());
              kept = true;
              // Before the answer, so a client that got its decision can also find it.
              notifyDecided(record, encoded.withoutLiveFeatures());
            } finally {
              // Durable whatever failed here: the answer is the decision. Not kept among the
              // durable records, it stays pending, so a resubmission gets it, not a second one.
              if (kept) {
                pending.remove(claimId, mine);
              }
              mine.complete(decision);
            }
          });
    } catch (RuntimeException e) {
      pending.remove(claimId, mine);
      mine.completeExceptionally(e);
    }
    return mine;
  }

  /** Whether the claim was submitted later than the engine's clock by more than allowed. */
  private boolean ahead(Claim claim, Instant now) {
    Instant submitted = claim.getSubmittedAt();
    // Without it the rules refuse the claim, naming the field.
    return submitted != null && submitted.isAfter(now.plus(maxAhead));
  }

  private InvalidClaimException aheadOfClock(Instant now) {
    // The engine's time, not the claim's: a refusal never repeats what was submitted.
    return new InvalidClaimException(
        List.of(
            new FieldError(
                "submitted_at",
                "not-ahead-of-clock",
                "must not be later than the engine's clock by more than "
                    + maxAhead
                    + " (the engine's clock reads "
                    + now.truncatedTo(ChronoUnit.SECONDS)
                    + ")")));
  }

  /**
   * Takes back a decision already durable (from the log or the decisions table at start), so its
   * claim id answers with it and its claim counts in the velocity features.
   */
  public void recover(AssessedClaim record) {
    recover(logged(record));
  }

  /**
   * A decision read back from the log with the two encodings the engine keeps of it (the decision
   * for idempotent answers, the record without live features for the search index): encoding was a
   * quarter of what taking one back cost on one thread, and needs no lock, so a restart encodes on
   * the thread that reads the log ({@link #recover(LoggedDecision)}). Thread-safe.
   */
  public LoggedDecision logged(AssessedClaim record) {
    requireNonNull(record, "record is null");
    return new LoggedDecision(
        record, encode(record.decision()), codec.encodeWithoutLiveFeatures(record));
  }

  /** As {@link #recover(AssessedClaim)}, already encoded. */
  public void recover(LoggedDecision logged) {
    AssessedClaim record = logged.record();
    keepDurable(record.claim().getClaimId(), logged.decision());
    if (ahead(record.claim(), clock.instant())) {
      // Decided before the engine refused such claims: counted, it would make the velocity
      // features forget every claim before it, at every restart.
      LOG.warnf(
          "Claim %s was submitted more than %s ahead of the engine's clock: its decision is kept,"
              + " its claim not counted in the velocity features",
          record.claim().getClaimId(), maxAhead);
    } else {
      rules.velocity().record(record.claim());
    }
    notifyDecided(record, logged.withoutLiveFeatures());
  }

  /**
   * Takes back a decision committed to the decisions table whose log record is gone, so its claim
   * id answers with it. A decision still in the log wins: it is the same one.
   */
  public void recover(Decision decision) {
    recover(committed(decision));
  }

  /**
   * A decision from the decisions table with the bytes its claim id will answer with: encoding was
   * half of what the thread keeping them spent on each, and needs no lock, so a restart's readers
   * do it on their own threads ({@link #recover(CommittedDecision)}). Thread-safe.
   */
  public CommittedDecision committed(Decision decision) {
    requireNonNull(decision, "decision is null");
    return new CommittedDecision(decision, encode(decision));
  }

  /** As {@link #recover(Decision)}, already encoded. */
  public void recover(CommittedDecision committed) {
    Decision decision = committed.decision();
    if (keepDurable(decision.getClaimId(), committed.encoded())) {
      for (DecisionListener listener : listeners) {
        try {
          listener.recoveredWithoutClaim(decision);
        } catch (RuntimeException e) {
          LOG.errorf(
              WithheldMessages.of(e),
              "A decision listener failed on claim %s",
              decision.getClaimId());
        }
      }
    }
  }

  /**
   * Tells {@code listener} of every durable decision from now on; register before decisions are
   * taken back at start to see those too.
   */
  public void listen(DecisionListener listener) {
    listeners.add(requireNonNull(listener, "listener is null"));
  }

  /** The durable decision on {@code claimId}, if there is one (not one still being written). */
  public Optional<Decision> decision(String claimId) {
    requireNonNull(claimId, "claimId is null");
    byte[] encoded = durableDecision(claimId);
    return encoded == null ? Optional.empty() : Optional.of(codec.decodeDecision(encoded));
  }

  /** Keeps a durable decision unless its claim id has one: returns whether it was kept. */
  private boolean keepDurable(String claimId, byte[] decision) {
    synchronized (durable) {
      return durable.add(claimId, decision) >= 0;
    }
  }

  private byte[] durableDecision(String claimId) {
    synchronized (durable) {
      return durable.payload(claimId);
    }
  }

  private void notifyDecided(AssessedClaim record) {
    notifyDecided(record, null);
  }

  /** {@code withoutLiveFeatures}: the record so encoded, or null if it is not at hand. */
  private void notifyDecided(AssessedClaim record, byte[] withoutLiveFeatures) {
    for (DecisionListener listener : listeners) {
      try {
        if (withoutLiveFeatures == null) {
          listener.decided(record);
        } else {
          listener.decided(record, withoutLiveFeatures);
        }
      } catch (RuntimeException e) {
        // The decision is durable whatever a view over it does; the claim id is not personal data.
        LOG.errorf(
            WithheldMessages.of(e),
            "A decision listener failed on claim %s",
            record.claim().getClaimId());
      }
    }
  }

  /**
   * Refuses claims with {@code refusal} until {@link #accept()}: while earlier decisions are being
   * taken back, a resubmitted claim could otherwise be decided twice; while the log does not match
   * the table, an acknowledged decision would be skipped by the committer.
   */
  public void hold(ClaimsHeldException refusal) {
    held = requireNonNull(refusal, "refusal is null");
  }

  public void accept() {
    held = null;
  }

  public boolean accepting() {
    return held == null;
  }

  /** Assess from now on against {@code view}; claims already being assessed keep theirs. */
  public void useProfiles(ProfileView view) {
    profiles.set(requireNonNull(view, "view is null"));
  }

  public ProfileView profiles() {
    return profiles.get();
  }

  public RuleEngine rules() {
    return rules;
  }

  /** Decisions made and made durable since start. */
  public long assessedCount() {
    return assessed.sum();
  }

  /** Requests answered with an earlier decision for the same claim id. */
  public long replayedCount() {
    return replayed.sum();
  }

  /** Claim ids with a durable decision, recovered ones included. */
  public int knownClaims() {
    synchronized (durable) {
      return durable.size();
    }
  }

  private byte[] encode(Decision decision) {
    return codec.encodeDecision(decision);
  }

  private Decision decision(Claim claim, LiveAssessment live, ProfileView view, Instant at) {
    Instant now = at.truncatedTo(ChronoUnit.MICROS);
    Assessment assessment = live.assessment();
    List<Reason> reasons = assessment.reasons();
    List<io.insightmesh.contracts.risk.Reason> contractReasons = new ArrayList<>(reasons.size());
    for (Reason reason : reasons) {
      contractReasons.add(reason.toContract());
    }
    // Every field given, in the contract's order: the all-arguments constructor, as the builder
    // would build it without its per-field checks (the claim parser and the rules made sure of
    // the required fields) and default lookups, once per decision.
    return new Decision(
        claim.getClaimId(),
        claim.getClaimantId(),
        claim.getScheme().name(),
        assessment.decision(),
        assessment.riskScore(),
        contractReasons,
        assessment.rulesetVersion().toString(),
        view.release().orElse(null),
        view.snapshotId().orElse(null),
        now,
        new LiveFeatures(live.velocity().variables(), live.blocked().names()));
  }

  /** A decision taken from the decisions table, and its encoding ({@link #committed(Decision)}). */
  public record CommittedDecision(Decision decision, byte[] encoded) {}

  /** A record taken from the log, and its encodings ({@link #logged(AssessedClaim)}). */
  public record LoggedDecision(AssessedClaim record, byte[] decision, byte[] withoutLiveFeatures) {}
}
