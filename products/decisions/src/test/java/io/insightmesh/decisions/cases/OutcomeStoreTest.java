package io.insightmesh.decisions.cases;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.insightmesh.decisions.journal.CorruptJournalException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutcomeStoreTest {
  private static final String CLAIM = "0f8fad5b-d9cb-469f-a165-70867728950e";
  private static final String OTHER = "7c9e6679-7425-40de-944b-e07fc1f90ae7";

  @TempDir Path directory;

  private static CaseOutcome outcome(String claim, Verdict verdict, boolean supersedes) {
    return new CaseOutcome(
        claim,
        verdict,
        "checked with the bank",
        "case-worker",
        Instant.parse("2020-06-01T10:00:00Z"),
        supersedes);
  }

  @Test
  void outcomesSurviveAReopen() {
    try (OutcomeStore store = OutcomeStore.open(directory)) {
      store.record(outcome(CLAIM, Verdict.CONFIRMED_FRAUD, false));
      store.record(outcome(OTHER, Verdict.LEGITIMATE, false));
    }
    try (OutcomeStore store = OutcomeStore.open(directory)) {
      assertThat(store.size()).isEqualTo(2);
      assertThat(store.find(CLAIM)).contains(outcome(CLAIM, Verdict.CONFIRMED_FRAUD, false));
      assertThat(store.find(OTHER).orElseThrow().verdict()).isEqualTo(Verdict.LEGITIMATE);
    }
  }

  @Test
  void aSecondOutcomeIsRefusedNamingTheFirstUnlessItSupersedes() {
    try (OutcomeStore store = OutcomeStore.open(directory)) {
      store.record(outcome(CLAIM, Verdict.CONFIRMED_FRAUD, false));
      assertThatThrownBy(() -> store.record(outcome(CLAIM, Verdict.LEGITIMATE, false)))
          .isInstanceOf(OutcomeExistsException.class)
          .hasMessage(
              "Claim "
                  + CLAIM
                  + " already has outcome CONFIRMED_FRAUD; send \"supersedes\": true with a reason"
                  + " to replace it");
      store.record(outcome(CLAIM, Verdict.LEGITIMATE, true));
      assertThat(store.find(CLAIM).orElseThrow().verdict()).isEqualTo(Verdict.LEGITIMATE);
    }
    // The journal keeps the history; the latest line wins on reopen.
    try (OutcomeStore store = OutcomeStore.open(directory)) {
      assertThat(store.find(CLAIM).orElseThrow().verdict()).isEqualTo(Verdict.LEGITIMATE);
      assertThat(store.find(CLAIM).orElseThrow().supersedes()).isTrue();
    }
  }

  @Test
  void aTornLastLineIsDroppedAndWritingGoesOn() throws Exception {
    try (OutcomeStore store = OutcomeStore.open(directory)) {
      store.record(outcome(CLAIM, Verdict.CONFIRMED_FRAUD, false));
    }
    Path file = directory.resolve("outcomes.jsonl");
    Files.write(file, "{\"claim_id\":\"7c9e6679".getBytes(UTF_8), StandardOpenOption.APPEND);

    try (OutcomeStore store = OutcomeStore.open(directory)) {
      assertThat(store.size()).isEqualTo(1);
      store.record(outcome(OTHER, Verdict.LEGITIMATE, false));
    }
    try (OutcomeStore store = OutcomeStore.open(directory)) {
      assertThat(store.size()).isEqualTo(2);
    }
    assertThat(Files.readAllLines(file)).hasSize(2);
  }

  @Test
  void aLastLineAPowerCutLeftWithAHoleIsCutAndTheEarlierOnesKept() throws Exception {
    try (OutcomeStore store = OutcomeStore.open(directory)) {
      store.record(outcome(CLAIM, Verdict.CONFIRMED_FRAUD, false));
    }
    Path file = directory.resolve("outcomes.jsonl");
    // Its newline reached the disk, a page of its middle did not: never acknowledged.
    Files.write(file, "{\"claim_id\":\0\0\0\0\0}\n".getBytes(UTF_8), StandardOpenOption.APPEND);

    try (OutcomeStore store = OutcomeStore.open(directory)) {
      assertThat(store.size()).isEqualTo(1);
      store.record(outcome(OTHER, Verdict.LEGITIMATE, false));
    }
    try (OutcomeStore store = OutcomeStore.open(directory)) {
      assertThat(store.size()).isEqualTo(2);
    }
    assertThat(Files.readAllLines(file)).hasSize(2).noneMatch(line -> line.contains("\0"));
  }

  @Test
  void aDamagedWholeLineStopsTheStoreFromOpening() throws Exception {
    Files.createDirectories(directory);
    Files.writeString(directory.resolve("outcomes.jsonl"), "{\"claim_id\":\n{}\n");
    assertThatThrownBy(() -> OutcomeStore.open(directory))
        .isInstanceOf(CorruptJournalException.class)
        .hasMessageStartingWith("Damaged outcome at line 1 of ");
  }

  @Test
  void aDamagedLineIsNamedByNumberWithoutQuotingIt() throws Exception {
    Files.createDirectories(directory);
    // A case worker's words where the parser expected a verdict: Jackson's message quotes the
    // value, and the startup failure must not, whole stack trace included.
    Files.writeString(
        directory.resolve("outcomes.jsonl"),
        "{\"claim_id\":\"" + CLAIM + "\",\"outcome\":\"Jane Doe Smith\"}\n");
    assertThatThrownBy(() -> OutcomeStore.open(directory))
        .isInstanceOf(CorruptJournalException.class)
        .hasMessageStartingWith("Damaged outcome at line 1 of ")
        .satisfies(
            failure -> {
              java.io.StringWriter trace = new java.io.StringWriter();
              failure.printStackTrace(new java.io.PrintWriter(trace));
              assertThat(trace.toString())
                  .contains("com.fasterxml.jackson")
                  .doesNotContain("Smith")
                  .doesNotContain("Jane");
            });
  }

  @Test
  void theReasonStaysOutOfToString() {
    assertThat(outcome(CLAIM, Verdict.LEGITIMATE, false).toString())
        .isEqualTo("CaseOutcome[claim_id=" + CLAIM + ", outcome=LEGITIMATE]");
  }
}
