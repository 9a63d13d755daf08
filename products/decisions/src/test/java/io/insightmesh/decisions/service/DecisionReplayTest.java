package io.insightmesh.decisions.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.insightmesh.contracts.claims.Claim;
import io.insightmesh.contracts.risk.Decision;
import io.insightmesh.decisions.admin.RulesetStore;
import io.insightmesh.decisions.assess.AssessmentService;
import io.insightmesh.decisions.features.BlockLists;
import io.insightmesh.decisions.features.DeviceId;
import io.insightmesh.decisions.features.TestClaims;
import io.insightmesh.decisions.features.VelocityCounters;
import io.insightmesh.decisions.features.VelocitySettings;
import io.insightmesh.decisions.log.DecisionLog;
import io.insightmesh.decisions.rules.Assessment;
import io.insightmesh.decisions.rules.CompiledRuleset;
import io.insightmesh.decisions.rules.Reason;
import io.insightmesh.decisions.rules.Rule;
import io.insightmesh.decisions.rules.RuleAction;
import io.insightmesh.decisions.rules.RuleEngine;
import io.insightmesh.decisions.rules.Ruleset;
import io.insightmesh.decisions.rules.RulesetLoader;
import io.insightmesh.decisions.rules.RulesetVersion;
import io.insightmesh.decisions.table.DecisionCommitter;
import io.insightmesh.decisions.table.DecisionTable;
import io.insightmesh.decisions.table.ProfileFixtures;
import io.insightmesh.decisions.table.ProfileLoader;
import io.insightmesh.decisions.table.TestCatalogs;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.iceberg.Table;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Decisions committed to the decisions table replay to the same decisions, scores and reasons from
 * what they recorded — the ruleset version, the profiles release snapshot and the live features —
 * although the rules, the profiles release and the block lists changed in between.
 */
class DecisionReplayTest {
  private static final int CLAIMS = 120;

  @TempDir Path directory;

  @Test
  void recordedDecisionsReplayToTheSameDecisionsScoresAndReasons() throws Exception {
    try (JdbcCatalog catalog = TestCatalogs.open(directory)) {
      Table profiles = ProfileFixtures.createTable(catalog);
      ProfileFixtures.append(profiles, 0, 40, 40);
      tag(catalog, "v1.0.0");
      // The next release profiles more claimants.
      ProfileFixtures.append(catalog.loadTable(profilesId()), 40, 40, 40);
      tag(catalog, "v1.1.0");
      Table decisions = DecisionTable.createOrLoad(catalog);
      Path rulesDirectory = directory.resolve("rules");
      RulesetStore store = RulesetStore.open(rulesDirectory);
      Ruleset shipped = RulesetLoader.shipped();
      store.keep(shipped);
      BlockLists blockLists = new BlockLists();
      RuleEngine rules =
          new RuleEngine(
              CompiledRuleset.compile(shipped),
              new VelocityCounters(VelocitySettings.standard()),
              blockLists);
      ProfileLoader loader = new ProfileLoader(catalog);
      Map<String, Claim> submitted = new HashMap<>();
      Ruleset changed = changed(shipped);
      try (DecisionLog log =
          DecisionLog.open(directory.resolve("log"), DecisionLog.Options.defaults())) {
        AssessmentService assessments = new AssessmentService(rules, log, Clock.systemUTC());
        assessments.useProfiles(new ReleaseProfiles(loader.load("1.0.0")));
        assess(assessments, submitted, 0, CLAIMS / 2);
        // A case worker blocks a device, an analyst changes the rules and a new profiles release
        // is loaded: the later claims are decided by all three.
        blockLists.add(new DeviceId(device(1)));
        store.save(changed);
        rules.install(changed);
        assessments.useProfiles(new ReleaseProfiles(loader.load("1.1.0")));
        assess(assessments, submitted, CLAIMS / 2, CLAIMS);
        // The device is unblocked again: a replay must read the lists as they were.
        blockLists.remove(new DeviceId(device(1)));

        try (DecisionCommitter committer =
            new DecisionCommitter(
                    log,
                    decisions,
                    DecisionCommitter.Options.defaults().withCommitInterval(Duration.ofMillis(50)))
                .start()) {
          await()
              .atMost(Duration.ofSeconds(120))
              .until(() -> committer.committedSequence() == CLAIMS);
        }
      }

      List<Decision> recorded = new ArrayList<>();
      DecisionTable.readDecisions(catalog.loadTable(decisionsId()), recorded::add);
      assertThat(recorded).hasSize(CLAIMS);
      // What the replay must reproduce: two ruleset versions, two releases, claimants without a
      // profile, a block-list hit and velocity rules that fired.
      assertThat(recorded)
          .extracting(Decision::getRulesetVersion)
          .contains(shipped.version().toString(), changed.version().toString());
      assertThat(recorded).extracting(Decision::getProfileRelease).containsOnly("1.0.0", "1.1.0");
      assertThat(codes(recorded))
          .contains("PROFILE_MISSING", "BLOCKED_DEVICE", "DEVICE_BURST", "LARGE_SEISS_CLAIM");
      assertThat(recorded).allSatisfy(d -> assertThat(d.getLiveFeatures()).isNotNull());

      DecisionReplay replay =
          new DecisionReplay(RulesetStore.open(rulesDirectory), new ProfileLoader(catalog));
      for (Decision decision : recorded) {
        Assessment again = replay.replay(submitted.get(decision.getClaimId()), decision);
        assertThat(again.decision()).as(decision.getClaimId()).isEqualTo(decision.getDecision());
        assertThat(again.riskScore()).as(decision.getClaimId()).isEqualTo(decision.getRiskScore());
        assertThat(again.reasons().stream().map(Reason::toContract).toList())
            .as(decision.getClaimId())
            .isEqualTo(decision.getReasons());
        assertThat(again.rulesetVersion()).hasToString(decision.getRulesetVersion());
      }

      // A decision recorded before decisions carried their live features cannot be replayed
      // exactly, and says so.
      Decision old = Decision.newBuilder(recorded.get(0)).setLiveFeatures(null).build();
      assertThatThrownBy(() -> replay.replay(submitted.get(old.getClaimId()), old))
          .isInstanceOf(DecisionNotReplayableException.class)
          .hasMessage(
              "Cannot replay the decision on claim "
                  + old.getClaimId()
                  + ": field live_features is null (decisions record it from contract 1.1.0 on)");
    }
  }

  /** Claims of claimants 0..79 (40..79 only in the second release), from three devices. */
  private static void assess(
      AssessmentService assessments, Map<String, Claim> submitted, int from, int to) {
    List<CompletableFuture<Decision>> answers = new ArrayList<>();
    for (int n = from; n < to; n++) {
      Claim claim =
          TestClaims.seiss()
              .setClaimId(UUID.nameUUIDFromBytes(("replay-" + n).getBytes()).toString())
              .setClaimantId(ProfileFixtures.claimantId(n % 80))
              .setSubmittedAt(TestClaims.SUBMITTED_AT.plusSeconds(n))
              .setDeviceId(device(n % 3))
              .setAmountClaimed(new java.math.BigDecimal(n % 4 == 0 ? "7000.00" : "3200.00"))
              .build();
      submitted.put(claim.getClaimId(), claim);
      answers.add(assessments.assess(claim));
    }
    CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).join();
  }

  /** The shipped rules and one more: a large SEISS claim is flagged. */
  private static Ruleset changed(Ruleset shipped) {
    List<Rule> rules = new ArrayList<>(shipped.rules());
    rules.add(
        new Rule(
            "large-seiss-claim",
            "LARGE_SEISS_CLAIM",
            "A SEISS claim near the cap.",
            "Flags SEISS claims of 6,000 or more.",
            "claim.scheme == 'SEISS' && claim.amount_claimed >= 6000.0",
            RuleAction.FLAG,
            0.6));
    RulesetVersion version = shipped.version();
    return new Ruleset(
        new RulesetVersion(version.year(), version.month(), version.revision() + 1),
        shipped.flagThreshold(),
        rules);
  }

  private static String device(int n) {
    return "replay-device-" + n;
  }

  private static List<String> codes(List<Decision> decisions) {
    return decisions.stream()
        .flatMap(d -> d.getReasons().stream())
        .map(io.insightmesh.contracts.risk.Reason::getCode)
        .distinct()
        .toList();
  }

  private static void tag(JdbcCatalog catalog, String tag) {
    Table table = catalog.loadTable(profilesId());
    table.manageSnapshots().createTag(tag, table.currentSnapshot().snapshotId()).commit();
  }

  private static org.apache.iceberg.catalog.TableIdentifier profilesId() {
    return org.apache.iceberg.catalog.TableIdentifier.parse(
        io.insightmesh.contracts.spec.ProductDescriptors.builtIn(ProfileLoader.PRODUCT_ID).table());
  }

  private static org.apache.iceberg.catalog.TableIdentifier decisionsId() {
    return org.apache.iceberg.catalog.TableIdentifier.parse(DecisionTable.product().table());
  }
}
