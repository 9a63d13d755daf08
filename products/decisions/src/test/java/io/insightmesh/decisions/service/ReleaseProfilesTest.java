package io.insightmesh.decisions.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.insightmesh.contracts.claims.Claim;
import io.insightmesh.decisions.features.BlockLists;
import io.insightmesh.decisions.features.TestClaims;
import io.insightmesh.decisions.features.VelocityCounters;
import io.insightmesh.decisions.features.VelocitySettings;
import io.insightmesh.decisions.rules.CompiledRuleset;
import io.insightmesh.decisions.rules.Rule;
import io.insightmesh.decisions.rules.RuleAction;
import io.insightmesh.decisions.rules.RuleEngine;
import io.insightmesh.decisions.rules.Ruleset;
import io.insightmesh.decisions.rules.RulesetVersion;
import io.insightmesh.decisions.table.ProfileFixtures;
import io.insightmesh.decisions.table.ProfileLoader;
import io.insightmesh.decisions.table.TestCatalogs;
import java.nio.file.Path;
import java.util.List;
import org.apache.iceberg.Table;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rules read a loaded release's profiles with every variable the rules guide documents: a rule
 * comparing the claimant's NINO with the claim's fires only for a claim made with another NINO.
 */
class ReleaseProfilesTest {
  @TempDir Path directory;

  @Test
  void rulesSeeTheProfilesNinoAndClaimsRelease() throws Exception {
    try (JdbcCatalog catalog = TestCatalogs.open(directory)) {
      Table table = ProfileFixtures.createTable(catalog);
      ProfileFixtures.append(table, 0, 10, 10);
      table.manageSnapshots().createTag("v1.0.0", table.currentSnapshot().snapshotId()).commit();
      ReleaseProfiles profiles = new ReleaseProfiles(new ProfileLoader(catalog).load("1.0.0"));
      RuleEngine rules =
          new RuleEngine(
              CompiledRuleset.compile(
                  new Ruleset(
                      RulesetVersion.parse("2026.12.1"),
                      0.5,
                      List.of(
                          rule("other-nino", "has_profile && profile.nino != claim.nino"),
                          rule(
                              "built-from",
                              "has_profile && profile.claims_release == '"
                                  + ProfileFixtures.CLAIMS_RELEASE
                                  + "'")))),
              new VelocityCounters(VelocitySettings.standard()),
              new BlockLists());
      Claim sameNino =
          TestClaims.seiss()
              .setClaimId("same-nino")
              .setClaimantId(ProfileFixtures.claimantId(3))
              .setNino(ProfileFixtures.NINO)
              .build();
      Claim otherNino =
          TestClaims.seiss()
              .setClaimId("other-nino")
              .setClaimantId(ProfileFixtures.claimantId(4))
              .setNino("AB123456C")
              .build();

      assertThat(rules.assess(sameNino, profiles.find(sameNino.getClaimantId())).codes())
          .containsExactly("BUILT_FROM");
      assertThat(rules.assess(otherNino, profiles.find(otherNino.getClaimantId())).codes())
          .containsExactly("OTHER_NINO", "BUILT_FROM");
    }
  }

  private static Rule rule(String id, String expression) {
    return new Rule(
        id,
        id.toUpperCase(java.util.Locale.ROOT).replace('-', '_'),
        "Rule " + id + " fired.",
        "",
        expression,
        RuleAction.FLAG,
        0.1);
  }
}
