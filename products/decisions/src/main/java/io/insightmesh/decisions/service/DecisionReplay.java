package io.insightmesh.decisions.service;

import static java.util.Objects.requireNonNull;

import io.insightmesh.contracts.claims.Claim;
import io.insightmesh.contracts.profiles.ClaimantProfile;
import io.insightmesh.contracts.risk.Decision;
import io.insightmesh.contracts.risk.LiveFeatures;
import io.insightmesh.decisions.admin.RulesetStore;
import io.insightmesh.decisions.features.BlockHits;
import io.insightmesh.decisions.features.FeatureVectorBuilder;
import io.insightmesh.decisions.features.VelocityCounts;
import io.insightmesh.decisions.rules.Assessment;
import io.insightmesh.decisions.rules.CompiledRuleset;
import io.insightmesh.decisions.rules.RulesetVersion;
import io.insightmesh.decisions.table.ProfileLoader;
import io.insightmesh.decisions.table.ProfileSnapshot;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Re-runs a recorded decision from what it names: the ruleset version (from the {@link
 * RulesetStore}, which keeps every version the engine ran), the profiles release at the Iceberg
 * snapshot it recorded, the live features it recorded (velocity counts and block-list hits, as they
 * were then) and the claim as submitted. The same inputs give the same decision, risk score and
 * reasons: how an auditor or a rule author checks a decision.
 *
 * <p>Not thread-safe: it keeps the compiled rulesets and the last profiles snapshot it read, since
 * decisions to replay come by the thousand from a few releases.
 */
public final class DecisionReplay {
  private final RulesetStore rulesets;
  private final ProfileLoader profiles;
  private final Map<RulesetVersion, CompiledRuleset> compiled = new HashMap<>();
  private ProfileSnapshot snapshot;

  /** Replays against the rulesets of {@code rulesets} and the releases {@code profiles} reads. */
  public DecisionReplay(RulesetStore rulesets, ProfileLoader profiles) {
    this.rulesets = requireNonNull(rulesets, "rulesets is null");
    this.profiles = requireNonNull(profiles, "profiles is null");
  }

  /**
   * The assessment the recorded inputs give now.
   *
   * @param claim the claim as it was submitted
   * @param recorded the decision made on it, as the decisions table holds it
   * @throws DecisionNotReplayableException if the decision is about another claim, has no live
   *     features (made before contract 1.1.0), names a ruleset version the store does not keep or a
   *     profile snapshot the catalog no longer has
   */
  public Assessment replay(Claim claim, Decision recorded) {
    requireNonNull(claim, "claim is null");
    requireNonNull(recorded, "recorded is null");
    String claimId = recorded.getClaimId();
    if (!claimId.equals(claim.getClaimId())) {
      throw new DecisionNotReplayableException(
          "Cannot replay the decision on claim " + claimId + " with claim " + claim.getClaimId());
    }
    LiveFeatures live = recorded.getLiveFeatures();
    if (live == null) {
      throw new DecisionNotReplayableException(
          "Cannot replay the decision on claim "
              + claimId
              + ": field live_features is null (decisions record it from contract 1.1.0 on)");
    }
    CompiledRuleset ruleset = ruleset(claimId, recorded.getRulesetVersion());
    Optional<ClaimantProfile> profile = profile(claimId, recorded, claim.getClaimantId());
    try {
      VelocityCounts velocity = VelocityCounts.of(ruleset.schema().velocity(), live.getVelocity());
      BlockHits blocked = BlockHits.of(live.getBlocked());
      return ruleset.evaluate(
          new FeatureVectorBuilder(ruleset.schema()).build(claim, profile, velocity, blocked));
    } catch (IllegalArgumentException e) {
      throw new DecisionNotReplayableException(
          "Cannot replay the decision on claim " + claimId + ": " + e.getMessage(), e);
    }
  }

  private CompiledRuleset ruleset(String claimId, String version) {
    RulesetVersion parsed;
    try {
      parsed = RulesetVersion.parse(version);
    } catch (IllegalArgumentException e) {
      throw new DecisionNotReplayableException(
          "Cannot replay the decision on claim " + claimId + ": " + e.getMessage(), e);
    }
    CompiledRuleset known = compiled.get(parsed);
    if (known == null) {
      known =
          CompiledRuleset.compile(
              rulesets
                  .version(parsed)
                  .orElseThrow(
                      () ->
                          new DecisionNotReplayableException(
                              "Cannot replay the decision on claim "
                                  + claimId
                                  + ": ruleset "
                                  + version
                                  + " is not in the ruleset store "
                                  + rulesets.directory())));
      compiled.put(parsed, known);
    }
    return known;
  }

  private Optional<ClaimantProfile> profile(String claimId, Decision recorded, String claimantId) {
    String release = recorded.getProfileRelease();
    Long snapshotId = recorded.getProfileSnapshotId();
    if (release == null || snapshotId == null) {
      // Decided without a profiles release loaded.
      return Optional.empty();
    }
    if (snapshot == null || snapshot.snapshotId() != snapshotId) {
      try {
        snapshot = profiles.load(release, snapshotId);
      } catch (RuntimeException e) {
        throw new DecisionNotReplayableException(
            "Cannot replay the decision on claim "
                + claimId
                + ": profiles release "
                + release
                + " snapshot "
                + snapshotId
                + " cannot be read: "
                + e.getMessage(),
            e);
      }
    }
    return new ReleaseProfiles(snapshot).find(claimantId);
  }
}
