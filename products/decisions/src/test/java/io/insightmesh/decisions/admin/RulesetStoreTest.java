package io.insightmesh.decisions.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.insightmesh.decisions.rules.InvalidRulesetException;
import io.insightmesh.decisions.rules.Rule;
import io.insightmesh.decisions.rules.RuleAction;
import io.insightmesh.decisions.rules.RuleChange;
import io.insightmesh.decisions.rules.Ruleset;
import io.insightmesh.decisions.rules.RulesetLoader;
import io.insightmesh.decisions.rules.RulesetVersion;
import io.insightmesh.decisions.store.DurableFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RulesetStoreTest {
  private static final Ruleset SHIPPED = RulesetLoader.shipped();

  @TempDir Path directory;

  static Ruleset next(String version, Rule... upserts) {
    return new RuleChange(RulesetVersion.parse(version), List.of(upserts), List.of())
        .applyTo(SHIPPED);
  }

  static Rule rule(String id, String expression) {
    return new Rule(
        id,
        id.toUpperCase(java.util.Locale.ROOT).replace('-', '_'),
        "Rule " + id + " fired.",
        "Multi-line notes:\n  yes, 1.0, true and 'quotes' stay text.",
        expression,
        RuleAction.FLAG,
        0.25);
  }

  @Test
  void aSavedRulesetComesBackWholeAfterReopeningTheStore() {
    Ruleset saved =
        next(
            "2026.11.2",
            rule("large-bbl", "claim.scheme == 'BBL' &&\n claim.amount_claimed > 40000"));
    Path file = RulesetStore.open(directory).save(saved, "Written for analyst.");

    assertThat(file).hasFileName("ruleset-2026.11.2.yaml");
    assertThat(RulesetStore.open(directory).latest()).contains(saved);
  }

  @Test
  void theHighestStoredVersionIsInForceOnlyWhenNewerThanTheShippedOne() {
    RulesetStore store = RulesetStore.open(directory);
    assertThat(store.inForce(SHIPPED)).isSameAs(SHIPPED);

    Ruleset second = next("2026.11.2", rule("a", "true"));
    Ruleset tenth = next("2026.11.10", rule("b", "true"));
    store.save(tenth);
    store.save(second);
    // Versions order numerically, not by file name.
    assertThat(RulesetStore.open(directory).inForce(SHIPPED)).isEqualTo(tenth);

    Ruleset newerShipped =
        new Ruleset(RulesetVersion.parse("2027.1.1"), SHIPPED.flagThreshold(), SHIPPED.rules());
    assertThat(store.inForce(newerShipped)).isSameAs(newerShipped);
  }

  @Test
  void aStoredVersionIsNeverOverwritten() throws IOException {
    RulesetStore store = RulesetStore.open(directory);
    Ruleset saved = next("2026.11.2", rule("a", "true"));
    store.save(saved);
    String before = Files.readString(store.file(saved.version()));

    assertThatThrownBy(() -> store.save(next("2026.11.2", rule("b", "true"))))
        .isInstanceOf(RulesetStoreFailedException.class)
        .hasMessageStartingWith("Ruleset 2026.11.2 is already stored in ");
    assertThat(Files.readString(store.file(saved.version()))).isEqualTo(before);
  }

  @Test
  void theShippedRulesetIsKeptOnceAndStartsAgainstItsOwnCopy() {
    RulesetStore store = RulesetStore.open(directory);

    assertThat(store.keep(SHIPPED, "Shipped.")).isTrue();
    // A restart keeps nothing new: the stored copy reads back as the same rules.
    assertThat(RulesetStore.open(directory).keep(SHIPPED, "Shipped.")).isFalse();
    assertThat(store.version(SHIPPED.version())).contains(SHIPPED);
  }

  @Test
  void refusesToShipRulesUnderAVersionStoredWithOtherRules() throws IOException {
    // An analyst's change stored as 2026.11.2, then a release ships its own rules as 2026.11.2:
    // decisions would record 2026.11.2 for the shipped rules and replay with the analyst's.
    RulesetStore store = RulesetStore.open(directory);
    Ruleset analysts = next("2026.11.2", rule("a", "true"));
    store.save(analysts);
    String before = Files.readString(store.file(analysts.version()));
    Ruleset shipped = next("2026.11.2", rule("b", "true"));

    assertThatThrownBy(() -> RulesetStore.open(directory).keep(shipped))
        .isInstanceOf(InvalidRulesetException.class)
        .hasMessageStartingWith(
            "Ruleset 2026.11.2 shipped with the engine differs from the ruleset stored as "
                + store.file(analysts.version()))
        .hasMessageEndingWith("Ship the rules under a version after the latest stored one");
    assertThat(Files.readString(store.file(analysts.version()))).isEqualTo(before);
  }

  @Test
  void whatACrashLeftHalfWrittenIsRemovedAndNeverLoaded() throws IOException {
    Files.writeString(
        directory.resolve(DurableFiles.TEMPORARY_PREFIX + "ruleset-2026.12.1.yaml"),
        "version: 2026.12.1\nrules: [");

    RulesetStore store = RulesetStore.open(directory);

    assertThat(store.latest()).isEmpty();
    try (var files = Files.list(directory)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void refusesAFileWhoseVersionIsNotItsName() throws IOException {
    RulesetStore store = RulesetStore.open(directory);
    store.save(next("2026.11.2", rule("a", "true")));
    Files.move(
        store.file(RulesetVersion.parse("2026.11.2")), directory.resolve("ruleset-2026.11.3.yaml"));

    assertThatThrownBy(store::latest)
        .isInstanceOf(InvalidRulesetException.class)
        .hasMessageEndingWith(
            "ruleset-2026.11.3.yaml: field version is 2026.11.2 but the file name says 2026.11.3");
  }
}
