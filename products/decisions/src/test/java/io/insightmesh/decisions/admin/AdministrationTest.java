package io.insightmesh.decisions.admin;

import static io.insightmesh.decisions.admin.RulesetStoreTest.next;
import static io.insightmesh.decisions.admin.RulesetStoreTest.rule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.insightmesh.decisions.audit.AuditEntry;
import io.insightmesh.decisions.audit.AuditLog;
import io.insightmesh.decisions.audit.AuditLogFailedException;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
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

  /**
   * Changes add up: a ruleset grown past what the engine reads at start was stored, put in force
   * and answered 200, and the engine then could not start again.
   */
  @Test
  void aRulesetTheEngineCouldNotReadAtItsNextStartIsRefusedBeforeAnythingIsWritten() {
    RulesetStore store = RulesetStore.open(directory.resolve("rules"));
    RuleAdministration rules = new RuleAdministration(engine, store, audit(), CLOCK);
    List<io.insightmesh.decisions.rules.Rule> upserts = new ArrayList<>();
    for (int n = 0; n < 140; n++) {
      upserts.add(
          new io.insightmesh.decisions.rules.Rule(
              "large-claim-" + n,
              "LARGE_CLAIM_" + n,
              "A large claim.",
              "£".repeat(io.insightmesh.decisions.rules.Rule.MAX_LENGTH),
              "claim.amount_claimed > " + (40000 + n),
              io.insightmesh.decisions.rules.RuleAction.FLAG,
              0.1));
    }

    assertThatThrownBy(
            () ->
                rules.change(
                    new RuleChange(RulesetVersion.parse("2026.11.2"), upserts, List.of()),
                    "analyst"))
        .isInstanceOf(io.insightmesh.decisions.rules.InvalidRulesetException.class)
        .hasMessageStartingWith("Ruleset 2026.11.2 is ")
        .hasMessageContaining("and the engine reads at most 1048576 at start");

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
    lists.remove(BlockList.NINOS, "AB123456C", "Cleared, per J Smith", "admin");
    assertThatThrownBy(
            () -> lists.remove(BlockList.NINOS, "AB123456C", "Cleared, per J Smith", "admin"))
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
  void aRemovalsReasonIsKeptWithWhoAndWhenInTheStoreAndNeverInTheAuditLog() throws Exception {
    BlockListStore store = BlockListStore.open(directory.resolve("blocklists"));
    BlockListAdministration lists =
        new BlockListAdministration(
            store, audit(), Fingerprinter.open(directory.resolve("audit")), CLOCK);
    lists.add(BlockList.NINOS, "AB123456C", "Stolen identity", "analyst");

    assertThatThrownBy(() -> lists.remove(BlockList.NINOS, "AB123456C", "  ", "admin"))
        .isInstanceOf(InvalidBlockListRequestException.class)
        .hasMessage("Block list ninos: field reason must not be blank");
    assertThatThrownBy(() -> lists.remove(BlockList.NINOS, "AB123456C", "x".repeat(501), "admin"))
        .isInstanceOf(InvalidBlockListRequestException.class)
        .hasMessage("Block list ninos: field reason must be at most 500 characters");
    assertThat(store.contains(BlockList.NINOS, "AB123456C")).isTrue();
    assertThat(onDisk()).extracting(AuditEntry::action).containsExactly("blocklist.add");

    lists.remove(BlockList.NINOS, "ab 12 34 56 c", " Repaid in full, per J Smith ", "admin");

    assertThat(store.contains(BlockList.NINOS, "AB123456C")).isFalse();
    store.close();
    String removal =
        Files.readAllLines(directory.resolve("blocklists").resolve(BlockListStore.FILE_NAME))
            .get(1);
    assertThat(removal)
        .contains(
            "\"op\":\"remove\"",
            "\"by\":\"admin\"",
            "\"at\":\"2026-11-29T10:00:00Z\"",
            "\"reason\":\"Repaid in full, per J Smith\"");
    assertThat(onDisk())
        .extracting(AuditEntry::action, AuditEntry::principal)
        .containsExactly(tuple("blocklist.add", "analyst"), tuple("blocklist.remove", "admin"));
    assertThat(onDisk().get(1).toString()).doesNotContain("J Smith", "Repaid", "123456");
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

  // A change is audited before it is made. Each failure order below leaves the change's state and
  // the exception (hence the HTTP answer: 503 for both refusals) telling the same story.

  @Test
  void aRuleChangeTheAuditLogRefusesIsNotMade() throws Exception {
    RulesetStore store = RulesetStore.open(directory.resolve("rules"));
    RuleAdministration rules = new RuleAdministration(engine, store, audit(), CLOCK);
    audit().close();

    assertThatThrownBy(() -> rules.change(largeBbl(), "analyst"))
        .isInstanceOf(AuditLogFailedException.class)
        .hasMessage(
            "The change from ruleset 2026.11.1 to 2026.11.2 could not be audited, so it was not"
                + " made; the audit log accepts nothing more until the engine restarts")
        .hasCauseInstanceOf(JournalFailedException.class);

    assertThat(engine.ruleset().version()).hasToString("2026.11.1");
    assertThat(store.latest()).isEmpty();
    assertThat(onDisk()).isEmpty();
  }

  @Test
  void aRuleChangeTheStoreRefusesIsNotInForceAndItsEntryIsFollowedByItsFailure() throws Exception {
    RulesetStore store = RulesetStore.open(directory.resolve("rules"));
    RuleAdministration rules = new RuleAdministration(engine, store, audit(), CLOCK);
    Files.delete(store.directory());

    assertThatThrownBy(() -> rules.change(largeBbl(), "analyst"))
        .isInstanceOf(RulesetStoreFailedException.class)
        .hasMessageStartingWith("Ruleset 2026.11.2 could not be written to ")
        .hasMessageEndingWith("; it is not in force");

    assertThat(engine.ruleset().version()).hasToString("2026.11.1");
    assertThat(store.file(RulesetVersion.parse("2026.11.2"))).doesNotExist();
    assertThat(onDisk())
        .extracting(AuditEntry::action, AuditEntry::detail)
        .containsExactly(
            tuple(
                "rules.change",
                "2026.11.1 -> 2026.11.2; added [large-bbl]; modified []; removed []"),
            tuple(
                "rules.change.failed",
                "not in force: the store could not write ruleset 2026.11.2"));
  }

  @Test
  void aRuleChangeTheStoreRefusesIsAnsweredAsSoEvenWhenItsFailureCannotBeAudited()
      throws Exception {
    RulesetStore store = RulesetStore.open(directory.resolve("rules"));
    RuleAdministration rules =
        new RuleAdministration(engine, store, audit(), auditBreakingOnSecondReading());
    Files.delete(store.directory());

    assertThatThrownBy(() -> rules.change(largeBbl(), "analyst"))
        .isInstanceOf(RulesetStoreFailedException.class)
        .hasMessageEndingWith("; it is not in force")
        .satisfies(
            e ->
                assertThat(e.getSuppressed())
                    .singleElement()
                    .isInstanceOf(JournalFailedException.class));

    assertThat(engine.ruleset().version()).hasToString("2026.11.1");
    // The one entry that stays unanswered by a failure: the store, not the log, says it was not
    // made, and the client was told 503.
    assertThat(onDisk()).extracting(AuditEntry::action).containsExactly("rules.change");
  }

  @Test
  void aBlockListChangeTheAuditLogRefusesIsNotMade() {
    BlockListStore store = BlockListStore.open(directory.resolve("blocklists"));
    BlockListAdministration lists =
        new BlockListAdministration(
            store, audit(), Fingerprinter.open(directory.resolve("audit")), CLOCK);
    lists.add(BlockList.NINOS, "AB123456C", "Stolen identity", "analyst");
    audit().close();

    assertThatThrownBy(() -> lists.add(BlockList.DEVICES, "dev-1", "Mule device", "analyst"))
        .isInstanceOf(AuditLogFailedException.class)
        .hasMessage(
            "Block list devices: the addition could not be audited, so it was not made; the audit"
                + " log accepts nothing more until the engine restarts")
        .hasCauseInstanceOf(JournalFailedException.class);
    assertThatThrownBy(
            () -> lists.remove(BlockList.NINOS, "AB123456C", "Cleared, per J Smith", "admin"))
        .isInstanceOf(AuditLogFailedException.class)
        .hasMessageStartingWith(
            "Block list ninos: the removal could not be audited, so it was not");

    assertThat(store.contains(BlockList.DEVICES, "dev-1")).isFalse();
    assertThat(store.contains(BlockList.NINOS, "AB123456C")).isTrue();
    store.close();
    try (BlockListStore reopened = BlockListStore.open(directory.resolve("blocklists"))) {
      assertThat(reopened.contains(BlockList.DEVICES, "dev-1")).isFalse();
      assertThat(reopened.contains(BlockList.NINOS, "AB123456C")).isTrue();
    }
    assertThat(onDisk()).extracting(AuditEntry::action).containsExactly("blocklist.add");
  }

  @Test
  void aBlockListChangeTheStoreRefusesIsNotInForceAndItsEntryIsFollowedByItsFailure() {
    BlockListStore store = BlockListStore.open(directory.resolve("blocklists"));
    Fingerprinter fingerprints = Fingerprinter.open(directory.resolve("audit"));
    BlockListAdministration lists =
        new BlockListAdministration(store, audit(), fingerprints, CLOCK);
    lists.add(BlockList.NINOS, "AB123456C", "Stolen identity", "analyst");
    // A store that cannot write: its appends fail as on a full or failing disk.
    store.close();

    assertThatThrownBy(() -> lists.add(BlockList.NINOS, "CE654321A", "Stolen identity", "analyst"))
        .isInstanceOf(BlockListStoreFailedException.class)
        .hasMessageStartingWith(
            "A change to block list ninos could not be made durable and was not applied");
    assertThatThrownBy(
            () -> lists.remove(BlockList.NINOS, "AB123456C", "Cleared, per J Smith", "admin"))
        .isInstanceOf(BlockListStoreFailedException.class)
        .hasMessageStartingWith(
            "A change to block list ninos could not be made durable and was not applied");

    assertThat(store.contains(BlockList.NINOS, "CE654321A")).isFalse();
    assertThat(store.contains(BlockList.NINOS, "AB123456C")).isTrue();
    String added = fingerprints.fingerprint("nino", "CE654321A");
    String removed = fingerprints.fingerprint("nino", "AB123456C");
    String notApplied =
        "not applied: the store could not make it durable; if it reached the disk, it applies"
            + " from the next restart";
    assertThat(onDisk())
        .extracting(AuditEntry::action, AuditEntry::fingerprint, AuditEntry::detail)
        .containsExactly(
            tuple("blocklist.add", removed, null),
            tuple("blocklist.add", added, null),
            tuple("blocklist.add.failed", added, notApplied),
            tuple("blocklist.remove", removed, null),
            tuple("blocklist.remove.failed", removed, notApplied));
  }

  @Test
  void aBlockListChangeTheStoreRefusesIsAnsweredAsSoEvenWhenItsFailureCannotBeAudited() {
    BlockListStore store = BlockListStore.open(directory.resolve("blocklists"));
    BlockListAdministration lists =
        new BlockListAdministration(
            store,
            audit(),
            Fingerprinter.open(directory.resolve("audit")),
            auditBreakingOnSecondReading());
    store.close();

    assertThatThrownBy(() -> lists.add(BlockList.NINOS, "CE654321A", "Stolen identity", "analyst"))
        .isInstanceOf(BlockListStoreFailedException.class)
        .hasMessageStartingWith(
            "A change to block list ninos could not be made durable and was not applied")
        .satisfies(
            e ->
                assertThat(e.getSuppressed())
                    .singleElement()
                    .isInstanceOf(JournalFailedException.class));

    assertThat(store.contains(BlockList.NINOS, "CE654321A")).isFalse();
    assertThat(onDisk()).extracting(AuditEntry::action).containsExactly("blocklist.add");
  }

  private static RuleChange largeBbl() {
    return new RuleChange(
        RulesetVersion.parse("2026.11.2"),
        List.of(rule("large-bbl", "claim.amount_claimed > 40000")),
        List.of());
  }

  /** The audit log as a restarted engine reads it, oldest first. */
  private List<AuditEntry> onDisk() {
    try (AuditLog reopened = AuditLog.open(directory.resolve("audit"))) {
      List<AuditEntry> entries = new ArrayList<>(reopened.recent(AuditLog.RECENT));
      Collections.reverse(entries);
      return entries;
    }
  }

  /**
   * {@link #CLOCK}, but the audit log fails when it is read the second time: after a change's entry
   * is written (the first reading dates it) and before its failure's is (the second).
   */
  private Clock auditBreakingOnSecondReading() {
    AtomicInteger readings = new AtomicInteger();
    return new Clock() {
      @Override
      public Instant instant() {
        if (readings.incrementAndGet() == 2) {
          audit().close();
        }
        return CLOCK.instant();
      }

      @Override
      public ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException();
      }
    };
  }
}
