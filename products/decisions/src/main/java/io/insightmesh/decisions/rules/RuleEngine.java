package io.insightmesh.decisions.rules;

import static java.util.Objects.requireNonNull;

import io.insightmesh.contracts.claims.Claim;
import io.insightmesh.contracts.profiles.ClaimantProfile;
import io.insightmesh.decisions.features.BlockHits;
import io.insightmesh.decisions.features.BlockLists;
import io.insightmesh.decisions.features.FeatureVectorBuilder;
import io.insightmesh.decisions.features.VelocityCounters;
import io.insightmesh.decisions.features.VelocityCounts;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The assessment path for one claim: record its velocity, build its features, evaluate the current
 * ruleset. Thread-safe; the ruleset can be replaced while claims are assessed, and each claim is
 * assessed wholly by one version.
 *
 * <p>{@link #assess} records the claim in the velocity counters, so each claim must be assessed
 * once: a caller retrying after a failure it cannot place must look up the decision it may already
 * have made (by claim id) rather than assess again, or the retry counts as a resubmission.
 */
public final class RuleEngine {
  private final AtomicReference<CompiledRuleset> ruleset;
  private final VelocityCounters velocity;
  private final BlockLists blockLists;
  private final FeatureVectorBuilder features;
  private final List<Consumer<CompiledRuleset>> installed = new CopyOnWriteArrayList<>();

  /**
   * An engine starting with the given ruleset.
   *
   * @throws IllegalArgumentException if the counters' settings are not those the ruleset's schema
   *     declares variables for
   */
  public RuleEngine(CompiledRuleset ruleset, VelocityCounters velocity, BlockLists blockLists) {
    requireNonNull(ruleset, "ruleset is null");
    this.velocity = requireNonNull(velocity, "velocity is null");
    this.blockLists = requireNonNull(blockLists, "blockLists is null");
    if (!velocity.settings().equals(ruleset.schema().velocity())) {
      throw new IllegalArgumentException(
          "Velocity counters with windows "
              + velocity.settings().windows()
              + " cannot feed rules compiled for windows "
              + ruleset.schema().velocity().windows());
    }
    this.ruleset = new AtomicReference<>(ruleset);
    this.features = new FeatureVectorBuilder(ruleset.schema());
  }

  /**
   * Assesses a claim, recording it in the velocity counters.
   *
   * @param profile the claimant's profile, empty when there is none (the claim is then FLAGged)
   * @throws IllegalArgumentException if the claim lacks {@code scheme}, {@code submitted_at} or
   *     {@code amount_claimed}, or the profile is another claimant's
   */
  public Assessment assess(Claim claim, Optional<ClaimantProfile> profile) {
    return assessLive(claim, profile).assessment();
  }

  /**
   * Assesses a claim as {@link #assess} does, returning the velocity counts and block-list hits the
   * rules read with the assessment, for the decision to record.
   *
   * @throws IllegalArgumentException as {@link #assess}
   */
  public LiveAssessment assessLive(Claim claim, Optional<ClaimantProfile> profile) {
    requireNonNull(claim, "claim is null");
    requireNonNull(profile, "profile is null");
    FeatureVectorBuilder.requireAssessable(claim);
    VelocityCounts counts = velocity.record(claim);
    try {
      BlockHits blocked = blockLists.hits(claim);
      return new LiveAssessment(
          ruleset.get().evaluate(features.build(claim, profile, counts, blocked)), counts, blocked);
    } catch (RuntimeException notAssessed) {
      // Not assessed, so not counted: the client retrying the same claim must not meet itself in
      // its own velocity (the duplicate-submission rule), nor its device and address their bursts.
      velocity.unrecord(claim);
      throw notAssessed;
    }
  }

  /** Takes back the velocity an assessment recorded, for a claim whose decision was not logged. */
  public void unrecord(Claim claim) {
    velocity.unrecord(claim);
  }

  /** The ruleset in force. */
  public CompiledRuleset ruleset() {
    return ruleset.get();
  }

  /**
   * Compiles and installs a ruleset in place of the current one.
   *
   * @throws StaleRulesetVersionException if its version is not greater than the current one's
   * @throws RuleCompilationException if one of its rules does not compile; nothing changes
   */
  public synchronized CompiledRuleset install(Ruleset proposed) {
    CompiledRuleset next = ruleset.get().successor(proposed);
    ruleset.set(next);
    for (Consumer<CompiledRuleset> listener : installed) {
      listener.accept(next);
    }
    return next;
  }

  /**
   * Tells {@code listener} each ruleset {@link #install} puts in force, once it is; the listener
   * runs in the installing thread and must not throw, since the ruleset is in force already.
   */
  public void onInstall(Consumer<CompiledRuleset> listener) {
    installed.add(requireNonNull(listener, "listener is null"));
  }

  /** The block lists the engine reads. */
  public BlockLists blockLists() {
    return blockLists;
  }

  /** The velocity counters the engine records into. */
  public VelocityCounters velocity() {
    return velocity;
  }
}
