package io.insightmesh.decisions.admin;

import static io.insightmesh.decisions.admin.RulesetStoreTest.next;
import static io.insightmesh.decisions.admin.RulesetStoreTest.rule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.insightmesh.decisions.audit.AuditEntry;
import io.insightmesh.decisions.audit.AuditLog;
import io.insightmesh.decisions.audit.Fingerprinter;
import io.insightmesh.decisions.features.BlockLists;
import io.insightmesh.decisions.features.VelocityCounters;
import io.insightmesh.decisions.features.VelocitySettings;
import io.insightmesh.decisions.journal.JournalFailedException;
import io.insightmesh.decisions.rules.CompiledRuleset;
import io.insightmesh.decisions.rules.RuleChange;
import io.insightmesh.decisions.rules.RuleCompilationException;
import io.insightmesh.decisions.rules.RuleEngine;
import io.insightmesh.decisions.rules.RulesetLoader;
import io.insightmesh.decisions.rules.RulesetVersion;
import io.insightmesh.decisions.rules.StaleRulesetVersionException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The services over real stores, a real engine and a real audit log in a temporary directory. */
class AdministrationTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-29T10:00:00Z"), ZoneOffset.UTC);

  @TempDir Path directory;

  private final RuleEngine engine =
      new RuleEngine(
          CompiledRuleset.compile(RulesetLoader.shipped()),
          new VelocityCounters(VelocitySettings.standard()),
          new BlockLists());
  private AuditLog audit;

  private AuditLog audit() {
    if (audit == null) {
      audit = AuditLog.open(directory.resolve("audit"));
    }
    return audit;
  }

  @AfterEach
  void close() {
    if (audit != null) {
      audit.close();
    }
  }

  @Test
  void anAcceptedChangeIsStoredInstalledAndAuditedByRuleId() {
    RulesetStore store = RulesetStore.open(directory.resolve("rules"));
    RuleAdministration rules = new RuleAdministration(engine, store, audit(), CLOCK);

    RulesetUpdate update =
        rules.change(
            new RuleChange(
                RulesetVersion.parse("2026.11.2"),
                List.of(
                    rule("large-bbl", "claim.amount_claimed > 40000"),
                    rule("ip-burst", "velocity.ip_60m >= 20")),
                List.of("device-burst")),
            "analyst");

    assertThat(update.added()).containsExactly("large-bbl");
    assertThat(update.modified()).containsExactly("ip-burst");
    assertThat(update.removed()).containsExactly("device-burst");
    assertThat(engine.ruleset().version()).hasToString("2026.11.2");
    assertThat(RulesetStore.open(directory.resolve("rules")).latest())
        .contains(engine.ruleset().ruleset());
    assertThat(audit().recent(1))
        .containsExactly(
            new AuditEntry(
                CLOCK.instant(),
                "analyst",
                "rules.change",
                "ruleset",
                null,
                null,
                "2026.11.1 -> 2026.11.2; added [large-bbl]; modified [ip-burst]; removed"
                    + " [device-burst]"));
  }

  @Test
  void aChangeOfManyRulesIsAuditedByCountWhenTheirIdsDoNotFitAnEntry() {
    RulesetStore store = RulesetStore.open(directory.resolve("rules"));
    RuleAdministration rules = new RuleAdministration(engine, store, audit(), CLOCK);
    List<io.insightmesh.decisions.rules.Rule> upserts = new java.util.ArrayList<>();
    for (int n = 0; n < 30; n++) {
      upserts.add(rule("velocity-review-rule-" + n, "velocity.ip_60m >= " + (20 + n)));
    }

    RulesetUpdate update =
        rules.change(
            new RuleChange(RulesetVersion.parse("2026.11.2"), upserts, List.of()), "analyst");

    // Named, the 30 ids are some 800 characters: the entry the audit log refuses was made only
    // after the ruleset was saved and in force, which then answered 500 with no entry of it.
    assertThat(update.added()).hasSize(30);
    assertThat(engine.ruleset().version()).hasToString("2026.11.2");
    assertThat(audit().recent(1))
        .extracting(AuditEntry::detail)
        .containsExactly(
            "2026.11.1 -> 2026.11.2; added 30 rules; modified 0 rules; removed 0 rules");
    assertThat(update.summary()).contains("velocity-review-rule-29");
  }

  @Test
  void aRefusedChangeLeavesNothingBehind() {
    RulesetStore store = RulesetStore.open(directory.resolve("rules"));
    RuleAdministration rules = new RuleAdministration(engine, store, audit(), CLOCK);

    assertThatThrownBy(
            () ->
                rules.replace(
                    next("2026.11.2", rule("typo", "claim.amount_claimd > 1")), "analyst"))
        .isInstanceOf(RuleCompilationException.class)
        .hasMessageStartingWith("Rule typo: field expression does not compile: ")
        .hasMessageContaining("undeclared reference to 'claim'");
    assertThatThrownBy(() -> rules.replace(next("2026.11.1", rule("a", "true")), "analyst"))
        .isInstanceOf(StaleRulesetVersionException.class)
        .hasMessageStartingWith("Ruleset version 2026.11.1 cannot replace 2026.11.1");

    assertThat(engine.ruleset().version()).hasToString("2026.11.1");
    assertThat(store.latest()).isEmpty();
    assertThat(audit().recent(10)).isEmpty();
  }

  @Test
  void blockListChangesAreAuditedUnderTheValuesHashOnly() {
    BlockListStore store = BlockListStore.open(directory.resolve("blocklists"));
    Fingerprinter fingerprints = Fingerprinter.open(directory.resolve("audit"));
    BlockListAdministration lists =
        new BlockListAdministration(store, audit(), fingerprints, CLOCK);

    assertThat(
            lists.add(BlockList.NINOS, "ab 12 34 56 c", "Stolen identity, per J Smith", "analyst"))
        .isTrue();
    assertThat(lists.add(BlockList.NINOS, "AB123456C", "again", "analyst")).isFalse();
    lists.remove(BlockList.NINOS, "AB123456C", "admin");
    assertThatThrownBy(() -> lists.remove(BlockList.NINOS, "AB123456C", "admin"))
        .isInstanceOf(NoSuchBlockListEntryException.class)
        .hasMessage("Block list ninos has no such entry");
    assertThatThrownBy(() -> lists.add(BlockList.NINOS, "AB123456C", " ", "analyst"))
        .isInstanceOf(InvalidBlockListRequestException.class)
        .hasMessage("Block list ninos: field reason must not be blank");

    List<AuditEntry> entries = audit().recent(10);
    assertThat(entries)
        .extracting(AuditEntry::action)
        .containsExactly("blocklist.remove", "blocklist.add");
    assertThat(entries)
        .allSatisfy(
            entry -> {
              assertThat(entry.subject()).isEqualTo("blocklist:ninos");
              assertThat(entry.fingerprint())
                  .isEqualTo(fingerprints.fingerprint("nino", "AB123456C"));
              assertThat(entry.toString()).doesNotContain("AB123456C", "123456", "J Smith");
            });
    store.close();
  }

  @Test
  void entriesAreReturnedOnlyOnceTheirReadingIsAudited() {
    BlockListStore store = BlockListStore.open(directory.resolve("blocklists"));
    BlockListAdministration lists =
        new BlockListAdministration(
            store, audit(), Fingerprinter.open(directory.resolve("audit")), CLOCK);
    lists.add(BlockList.NINOS, "AB123456C", "Stolen identity", "analyst");

    assertThat(lists.entries(BlockList.NINOS, 0, 10, "case-4711", "cw-1"))
        .extracting(BlockListEntry::value)
        .containsExactly("AB123456C");
    assertThat(audit().recent(1))
        .containsExactly(
            new AuditEntry(
                CLOCK.instant(),
                "cw-1",
                "blocklist.list",
                "blocklist:ninos",
                null,
                "case-4711",
                "offset 0, limit 10, returned 1"));
    assertThatThrownBy(() -> lists.entries(BlockList.NINOS, 0, 10, null, "cw-1"))
        .isInstanceOf(InvalidBlockListRequestException.class)
        .hasMessageStartingWith("Block list ninos: field reason is required");

    // An audit log that cannot write: the entries must not leave unaccounted for.
    audit().close();
    assertThatThrownBy(() -> lists.entries(BlockList.NINOS, 0, 10, "case-4711", "cw-1"))
        .isInstanceOf(JournalFailedException.class)
        .hasMessageStartingWith("Cannot write journal ");
    store.close();
  }
}
