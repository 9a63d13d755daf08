package io.insightmesh.decisions.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.insightmesh.decisions.log.DecisionLog;
import io.insightmesh.decisions.record.AssessedClaimCodec;
import io.insightmesh.decisions.record.Samples;
import io.insightmesh.decisions.table.FaultyOperations.Fault;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DecisionCommitterTest {
  private static final Instant DAY_ONE = Instant.parse("2020-05-13T23:59:59.900Z");
  private static final DecisionCommitter.Options FAST =
      DecisionCommitter.Options.defaults()
          .withCommitInterval(Duration.ofMillis(50))
          .withMaxBatch(100);
  // Small segments, so truncation after a commit is visible.
  private static final DecisionLog.Options LOG_OPTIONS =
      new DecisionLog.Options(4096, 2048, 1 << 20);

  @TempDir Path directory;

  private final AssessedClaimCodec codec = new AssessedClaimCodec();
  private final List<AutoCloseable> resources = new ArrayList<>();
  private JdbcCatalog catalog;
  private DecisionLog log;

  @BeforeEach
  void open() {
    catalog = TestCatalogs.open(directory);
    DecisionTable.createOrLoad(catalog);
    log = DecisionLog.open(directory.resolve("log"), LOG_OPTIONS);
  }

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable resource : resources) {
      resource.close();
    }
    log.close();
    catalog.close();
  }

  @Test
  void aCommitterOnALongSchedulerSliceCommitsAsAnyOther() {
    append(0, 120);
    DecisionCommitter committer = start(table(), FAST.withSchedulerSlice(Duration.ofMillis(20)));

    await().atMost(Duration.ofSeconds(120)).until(() -> committer.committedSequence() == 120);

    assertThat(claimIds()).containsExactlyInAnyOrderElementsOf(expectedIds(0, 120));
    assertThat(committer.stats().failure()).isEmpty();
  }

  /**
   * The engine keeps committed segments for the velocity counters' hour: the committer commits
   * through them as before, and the log keeps them for a restart to count from.
   */
  @Test
  void aLogKeptForTheVelocityCountersIsCommittedWholeAndKeptWhole() throws Exception {
    log.close();
    log =
        DecisionLog.open(
            directory.resolve("log"), LOG_OPTIONS.withRetention(Duration.ofMinutes(66)));
    append(0, 250);
    DecisionCommitter committer = start(table());

    await().atMost(Duration.ofSeconds(120)).until(() -> committer.committedSequence() == 250);

    assertThat(claimIds()).containsExactlyInAnyOrderElementsOf(expectedIds(0, 250));
    assertThat(committer.stats().failure()).isEmpty();
    assertThat(log.firstSequence()).isEqualTo(1);
  }

  @Test
  void refusesASchedulerSliceLinuxWouldNotGrant() {
    assertThatThrownBy(() -> FAST.withSchedulerSlice(Duration.ofMillis(101)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Invalid committer scheduler slice PT0.101S: a scheduler slice must be from PT0.0001S"
                + " to PT0.1S");
    assertThat(FAST.withSchedulerSlice(Duration.ZERO).schedulerSlice()).isZero();
  }

  @Test
  void appendsEveryDurableRecordOnceAcrossPartitionsAndTruncatesTheLog() {
    append(0, 250);
    DecisionCommitter committer = start(table());

    await().atMost(Duration.ofSeconds(120)).until(() -> committer.committedSequence() == 250);

    assertThat(claimIds()).containsExactlyInAnyOrderElementsOf(expectedIds(0, 250));
    assertThat(log.firstSequence()).isGreaterThan(1);
    DecisionCommitter.Stats stats = committer.stats();
    assertThat(stats.records()).isEqualTo(250);
    assertThat(stats.lag()).isZero();
    assertThat(stats.batches()).isGreaterThanOrEqualTo(3);
    Table table = table();
    assertThat(table.currentSnapshot().summary())
        .containsEntry(CommittedPosition.LAST_SEQUENCE, "250");
    // Records straddle midnight: each batch holds one file per day partition.
    assertThat(partitionDays(table)).hasSize(2);
  }

  @Test
  void readsBackABatchWhoseClaimIdsOutgrowTheOpenFilesDictionary() {
    // 5,000 claim ids of 36 bytes are 180 KB: the open file's column falls back from its 64 KiB
    // dictionary to plain values part-way through, and the file must still read back whole.
    for (int from = 0; from < 5_000; from += 500) {
      append(from, 500);
    }
    // One batch: due when it holds all 5,000, long before its interval.
    DecisionCommitter committer =
        start(table(), FAST.withCommitInterval(Duration.ofSeconds(60)).withMaxBatch(5_000));

    await().atMost(Duration.ofSeconds(120)).until(() -> committer.committedSequence() == 5_000);

    assertThat(claimIds()).containsExactlyInAnyOrderElementsOf(expectedIds(0, 5_000));
    assertThat(committer.stats().batches()).isEqualTo(1);
  }

  @Test
  void mapsEveryColumnOfADecision() throws IOException {
    append(0, 1);
    DecisionCommitter committer = start(table());
    await().atMost(Duration.ofSeconds(120)).until(() -> committer.committedSequence() == 1);

    Record row = rows(table()).get(0);

    assertThat(row.getField("claim_id")).isEqualTo(Samples.claimId(0));
    assertThat(row.getField("decision")).isEqualTo("FLAG");
    assertThat(row.getField("risk_score")).isEqualTo(0.75);
    assertThat(row.getField("profile_release")).isEqualTo("v1.0.0");
    assertThat(row.getField("profile_snapshot_id")).isEqualTo(42L);
    assertThat(row.getField("decided_at"))
        .isEqualTo(OffsetDateTime.ofInstant(DAY_ONE, ZoneOffset.UTC));
    @SuppressWarnings("unchecked")
    List<Record> reasons = (List<Record>) row.getField("reasons");
    assertThat(reasons)
        .extracting(reason -> reason.getField("code"))
        .containsExactly("OVER_SCHEME_CAP", "SHARED_BANK_ACCOUNT");
  }

  @Test
  void resumesFromTheTablePositionAfterARestart() {
    append(0, 120);
    DecisionCommitter first = start(table());
    await().atMost(Duration.ofSeconds(120)).until(() -> first.committedSequence() == 120);
    first.close();
    append(120, 80);

    DecisionCommitter second = start(table());

    assertThat(second.committedSequence()).isGreaterThanOrEqualTo(120);
    await().atMost(Duration.ofSeconds(120)).until(() -> second.committedSequence() == 200);
    assertThat(claimIds()).containsExactlyInAnyOrderElementsOf(expectedIds(0, 200));
  }

  @Test
  void closeCommitsWhatIsDurable() {
    DecisionCommitter committer =
        new DecisionCommitter(log, table(), FAST.withCommitInterval(Duration.ofHours(1))).start();
    append(0, 30);
    await().atMost(Duration.ofSeconds(120)).until(() -> log.durableSequence() == 30);

    committer.close();

    assertThat(committer.committedSequence()).isEqualTo(30);
    assertThat(claimIds()).hasSize(30);
  }

  @Test
  void aCrashBetweenWritingAndCommittingLosesAndDuplicatesNothing() {
    append(0, 50);
    FaultyOperations faulty = FaultyOperations.wrap(table()).then(Fault.CRASH_BEFORE_COMMIT);
    DecisionCommitter crashed = new DecisionCommitter(log, faulty.table("crashing"), FAST).start();
    // The crash is the committer thread's uncaught Error, which Awaitility would report as ours.
    await()
        .dontCatchUncaughtExceptions()
        .atMost(Duration.ofSeconds(120))
        .until(() -> crashed.stats().failure().isPresent());
    assertThat(crashed.stats().failure().get()).contains("simulated crash before commit");
    assertThat(table().currentSnapshot()).isNull();
    // The written file stays as an orphan, named after its batch; nothing deleted it.
    assertThat(dataFiles())
        .anyMatch(file -> file.getFileName().toString().startsWith("decisions-1-"));

    DecisionCommitter restarted = start(table());

    await().atMost(Duration.ofSeconds(120)).until(() -> restarted.committedSequence() == 50);
    assertThat(claimIds()).containsExactlyInAnyOrderElementsOf(expectedIds(0, 50));
  }

  @Test
  void aCrashAfterCommittingBeforeTruncatingLosesAndDuplicatesNothing() {
    append(0, 50);
    FaultyOperations faulty = FaultyOperations.wrap(table()).then(Fault.CRASH_AFTER_COMMIT);
    DecisionCommitter crashed = new DecisionCommitter(log, faulty.table("crashing"), FAST).start();
    // The crash is the committer thread's uncaught Error, which Awaitility would report as ours.
    await()
        .dontCatchUncaughtExceptions()
        .atMost(Duration.ofSeconds(120))
        .until(() -> crashed.stats().failure().isPresent());
    assertThat(log.firstSequence()).isEqualTo(1);
    append(50, 10);

    DecisionCommitter restarted = start(table());

    assertThat(restarted.committedSequence()).isEqualTo(50);
    await().atMost(Duration.ofSeconds(120)).until(() -> restarted.committedSequence() == 60);
    assertThat(claimIds()).containsExactlyInAnyOrderElementsOf(expectedIds(0, 60));
  }

  @Test
  void anUnknownOutcomeThatCommittedIsReconciledNotRetried() {
    append(0, 40);
    FaultyOperations faulty = FaultyOperations.wrap(table()).then(Fault.UNKNOWN_AFTER_COMMIT);
    DecisionCommitter committer = start(faulty.table("unknown-after"));

    await().atMost(Duration.ofSeconds(120)).until(() -> committer.committedSequence() == 40);

    assertThat(committer.stats().unknownOutcomes()).isEqualTo(1);
    assertThat(faulty.commits()).isEqualTo(1);
    assertThat(claimIds()).containsExactlyInAnyOrderElementsOf(expectedIds(0, 40));
  }

  @Test
  void anUnknownOutcomeThatDidNotCommitIsRetriedWithTheSameFiles() {
    append(0, 40);
    FaultyOperations faulty = FaultyOperations.wrap(table()).then(Fault.UNKNOWN_BEFORE_COMMIT);
    DecisionCommitter committer = start(faulty.table("unknown-before"));

    await().atMost(Duration.ofSeconds(120)).until(() -> committer.committedSequence() == 40);

    assertThat(committer.stats().unknownOutcomes()).isEqualTo(1);
    assertThat(claimIds()).containsExactlyInAnyOrderElementsOf(expectedIds(0, 40));
    // Every file written is the one committed: the retry reused it, nothing was rewritten.
    assertThat(
            dataFiles().stream().map(Path::toUri).map(Object::toString).collect(Collectors.toSet()))
        .isEqualTo(committedFileUris(table()));
  }

  @Test
  void anUnknownOutcomeThatLandsAfterTheCommitterLookedIsNotCommittedTwice() {
    append(0, 40);
    FaultyOperations faulty = FaultyOperations.wrap(table()).then(Fault.UNKNOWN_LANDS_LATER);
    DecisionCommitter committer = start(faulty.table("lands-later"));

    await().atMost(Duration.ofSeconds(120)).until(() -> committer.committedSequence() == 40);

    // The retry met the late commit (409) and must not have re-applied the batch on top of it.
    assertThat(claimIds()).containsExactlyInAnyOrderElementsOf(expectedIds(0, 40));
    assertThat(table().snapshots())
        .filteredOn(snapshot -> "append".equals(snapshot.operation()))
        .hasSize(1);
    append(40, 10);
    await().atMost(Duration.ofSeconds(120)).until(() -> committer.committedSequence() == 50);
    assertThat(claimIds()).containsExactlyInAnyOrderElementsOf(expectedIds(0, 50));
  }

  @Test
  void aCommitOfAProcessThatDiedLandingAfterTheNextStartedIsNotAppendedTwice() {
    append(0, 40);
    FaultyOperations dying = FaultyOperations.wrap(table()).then(Fault.CRASH_LANDS_LATER);
    DecisionCommitter died =
        new DecisionCommitter(log, dying.table("dies-while-committing"), FAST).start();
    // The crash is the committer thread's uncaught Error, which Awaitility would report as ours.
    await()
        .dontCatchUncaughtExceptions()
        .atMost(Duration.ofSeconds(60))
        .until(() -> died.stats().failure().isPresent());
    assertThat(dying.landingPending()).isTrue();

    // The next process reads the table without the commit, which lands before its own.
    FaultyOperations next = FaultyOperations.wrap(table()).beforeNextCommit(dying::land);
    DecisionCommitter committer = start(next.table("next-process"));
    await().atMost(Duration.ofSeconds(120)).until(() -> committer.committedSequence() == 40);

    // Iceberg's retry would have applied the batch's files on top of the landed commit.
    assertThat(claimIds()).containsExactlyInAnyOrderElementsOf(expectedIds(0, 40));
    append(40, 10);
    await().atMost(Duration.ofSeconds(120)).until(() -> committer.committedSequence() == 50);
    assertThat(claimIds()).containsExactlyInAnyOrderElementsOf(expectedIds(0, 50));
  }

  @Test
  void aLateCommitHoldingPartOfTheBatchLeavesTheRestToBeCommitted() {
    append(0, 40);
    FaultyOperations dying = FaultyOperations.wrap(table()).then(Fault.CRASH_LANDS_LATER);
    DecisionCommitter died =
        new DecisionCommitter(log, dying.table("dies-with-part"), FAST).start();
    // The crash is the committer thread's uncaught Error, which Awaitility would report as ours.
    await()
        .dontCatchUncaughtExceptions()
        .atMost(Duration.ofSeconds(60))
        .until(() -> died.stats().failure().isPresent());
    assertThat(dying.landingPending()).isTrue();
    // More decisions before the next process starts: its first batch reaches past the late one.
    append(40, 20);

    FaultyOperations next = FaultyOperations.wrap(table()).beforeNextCommit(dying::land);
    DecisionCommitter committer = start(next.table("next-process-longer-batch"));
    await().atMost(Duration.ofSeconds(120)).until(() -> committer.committedSequence() == 60);

    assertThat(claimIds()).containsExactlyInAnyOrderElementsOf(expectedIds(0, 60));
  }

  @Test
  void aLateLandingAnotherWriterCommittedOnTopOfIsNotRolledBackTo() {
    append(0, 40);
    List<Long> other = new ArrayList<>();
    FaultyOperations faulty =
        FaultyOperations.wrap(table())
            .then(Fault.UNKNOWN_LANDS_LATER)
            .afterLanding(
                () -> {
                  // Another writer's snapshot on top of the batch's, e.g. a compaction.
                  Table writer = table();
                  writer.newAppend().set("writer", "other").commit();
                  other.add(writer.currentSnapshot().snapshotId());
                });
    DecisionCommitter committer = start(faulty.table("lands-later-then-moved"));

    await().atMost(Duration.ofSeconds(120)).until(() -> committer.committedSequence() == 40);

    // Iceberg would have set main back to the batch's snapshot, dropping the other writer's.
    assertThat(table().currentSnapshot().snapshotId()).isEqualTo(other.get(0));
    // The refused re-apply is not counted as a second outcome the committer could not know.
    assertThat(committer.stats().unknownOutcomes()).isEqualTo(1);
    assertThat(claimIds()).containsExactlyInAnyOrderElementsOf(expectedIds(0, 40));
    append(40, 10);
    await().atMost(Duration.ofSeconds(120)).until(() -> committer.committedSequence() == 50);
    assertThat(claimIds()).containsExactlyInAnyOrderElementsOf(expectedIds(0, 50));
  }

  @Test
  void aLateLandingRolledBackOutOfMainIsCommittedAgainAsANewSnapshot() {
    append(0, 40);
    FaultyOperations faulty = FaultyOperations.wrap(table());
    DecisionCommitter committer = start(faulty.table("lands-later-then-rolled-back"));
    await().atMost(Duration.ofSeconds(120)).until(() -> committer.committedSequence() == 40);
    long before = table().currentSnapshot().snapshotId();
    List<Long> rolledBack = new ArrayList<>();
    faulty
        .then(Fault.UNKNOWN_LANDS_LATER)
        .afterLanding(
            () -> {
              // An operator rolls main back past the batch that just landed.
              Table operator = table();
              rolledBack.add(operator.currentSnapshot().snapshotId());
              operator.manageSnapshots().rollbackTo(before).commit();
            });
    append(40, 10);

    // Before: the retry's append asked for an id the table did not hold and got the batch's own,
    // for ever (a core spinning in Iceberg's SnapshotProducer.snapshotId, nothing committed).
    await().atMost(Duration.ofSeconds(60)).until(() -> committer.committedSequence() == 50);

    Table table = table();
    assertThat(table.currentSnapshot().snapshotId()).isNotEqualTo(rolledBack.get(0));
    assertThat(table.currentSnapshot().parentId()).isEqualTo(before);
    assertThat(claimIds()).containsExactlyInAnyOrderElementsOf(expectedIds(0, 50));
    append(50, 10);
    await().atMost(Duration.ofSeconds(120)).until(() -> committer.committedSequence() == 60);
    assertThat(claimIds()).containsExactlyInAnyOrderElementsOf(expectedIds(0, 60));
  }

  @Test
  void aBatchWhoseDataFilesCannotBeWrittenIsWrittenAgainFromTheLog() {
    append(0, 40);
    // The streamed file, then the first rewrite from the log, fail.
    FaultyOperations faulty = FaultyOperations.wrap(table()).failDataFiles(2);
    DecisionCommitter committer = start(faulty.table("disk-full"));

    await().atMost(Duration.ofSeconds(120)).until(() -> committer.committedSequence() == 40);

    assertThat(committer.stats().failure()).isEmpty();
    assertThat(faulty.commits()).isEqualTo(1);
    assertThat(claimIds()).containsExactlyInAnyOrderElementsOf(expectedIds(0, 40));
  }

  @Test
  void aConflictIsRetriedWithTheSameFiles() {
    table().updateProperties().set(TableProperties.COMMIT_NUM_RETRIES, "0").commit();
    append(0, 40);
    FaultyOperations faulty =
        FaultyOperations.wrap(table()).then(Fault.CONFLICT).then(Fault.CONFLICT);
    DecisionCommitter committer = start(faulty.table("conflicting"));

    await().atMost(Duration.ofSeconds(120)).until(() -> committer.committedSequence() == 40);

    assertThat(committer.stats().conflicts()).isEqualTo(2);
    assertThat(committer.stats().unknownOutcomes()).isZero();
    assertThat(claimIds()).containsExactlyInAnyOrderElementsOf(expectedIds(0, 40));
    assertThat(dataFiles()).hasSize(committedFileUris(table()).size());
  }

  @Test
  void mergeAppendsKeepManifestsBounded() {
    table().updateProperties().set(TableProperties.MANIFEST_MIN_MERGE_COUNT, "5").commit();
    DecisionCommitter committer =
        start(table(), FAST.withMaxBatch(1).withCommitInterval(Duration.ofMillis(1)));
    append(0, 30);

    await().atMost(Duration.ofSeconds(120)).until(() -> committer.committedSequence() == 30);

    Table table = table();
    assertThat(committer.stats().batches()).isGreaterThanOrEqualTo(10);
    assertThat(table.currentSnapshot().allManifests(table.io())).hasSizeLessThanOrEqualTo(5);
    assertThat(claimIds()).hasSize(30);
  }

  @Test
  void refusesToStartWhenTheTableIsAheadOfTheLog() throws IOException {
    append(0, 5);
    DecisionCommitter committer = start(table());
    await().atMost(Duration.ofSeconds(120)).until(() -> committer.committedSequence() == 5);
    committer.close();
    // The same log restored from a copy older than the table: its identity, fewer sequences.
    Path restored = Files.createDirectories(directory.resolve("other-log"));
    Files.copy(directory.resolve("log").resolve("log-id"), restored.resolve("log-id"));

    try (DecisionLog lost = DecisionLog.open(restored, LOG_OPTIONS)) {
      assertThatThrownBy(() -> new DecisionCommitter(lost, table(), FAST))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage(
              "Cannot commit decision log: the table test.risk.decisions_v1 holds decision log"
                  + " sequences up to 5 but the log in "
                  + lost.directory()
                  + " is durable only up to 0 (was the log replaced, lost or damaged?)");
    }
  }

  @Test
  void anotherLogIsRefusedEvenOnceItHoldsMoreSequencesThanTheTable() {
    append(0, 5);
    DecisionCommitter committer = start(table());
    await().atMost(Duration.ofSeconds(120)).until(() -> committer.committedSequence() == 5);
    committer.close();
    assertThat(DecisionTable.matchLog(table(), log)).isEmpty();

    try (DecisionLog replacement = DecisionLog.open(directory.resolve("new-volume"), LOG_OPTIONS)) {
      // Grown past the table's position, its sequences 1 to 5 are other decisions than the
      // table's: a committer starting at 6 would skip them.
      append(replacement, 100, 10);

      assertThat(replacement.identity()).isNotEqualTo(log.identity());
      assertThat(DecisionTable.matchLog(table(), replacement))
          .hasValueSatisfying(
              why ->
                  assertThat(why)
                      .contains("holds decision log sequences up to 5 of log " + log.identity())
                      .contains("not of this log " + replacement.identity()));
      assertThatThrownBy(() -> new DecisionCommitter(replacement, table(), FAST))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("up to 5 of log " + log.identity());
    }
    assertThat(claimIds()).containsExactlyInAnyOrderElementsOf(expectedIds(0, 5));
  }

  @Test
  void aLogCutBelowTheTablesPositionIsRefusedOnceItHasGrownPastIt() throws IOException {
    Path cutLog = directory.resolve("cut-log");
    // One segment: recovery may cut only the last one, and here that holds every frame.
    DecisionLog.Options oneSegment = new DecisionLog.Options(1 << 20, 2048, 1 << 20);
    try (DecisionLog first = DecisionLog.open(cutLog, oneSegment)) {
      append(first, 0, 5);
      try (DecisionCommitter committer = new DecisionCommitter(first, table(), FAST).start()) {
        await().atMost(Duration.ofSeconds(120)).until(() -> committer.committedSequence() == 5);
      }
    }
    // The disk damages the frame of sequence 4, which the table holds: recovery cuts it off.
    damagePayload(cutLog.resolve("segment-00000000000000000001.log"), 4);

    try (DecisionLog cut = DecisionLog.open(cutLog, oneSegment)) {
      assertThat(cut.durableSequence()).isEqualTo(3);
      // Claims are assessed before the catalog answers: sequences 4 and 5 are new decisions now.
      append(cut, 100, 10);

      assertThat(DecisionTable.matchLog(table(), cut))
          .hasValue(
              "the table test.risk.decisions_v1 holds decision log sequences up to 5 but the log"
                  + " in "
                  + cutLog
                  + " was durable only up to 3 when it was reopened: its sequences 4 to 5 are"
                  + " other decisions than the table's");
      assertThatThrownBy(() -> new DecisionCommitter(cut, table(), FAST))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("was durable only up to 3 when it was reopened");
    }
    // Restarted again before anyone compared, now durable to 13 at the open: still refused.
    try (DecisionLog reopened = DecisionLog.open(cutLog, oneSegment)) {
      assertThat(reopened.durableSequence()).isEqualTo(13);
      assertThatThrownBy(() -> new DecisionCommitter(reopened, table(), FAST))
          .hasMessageContaining("was durable only up to 3 when it was reopened");
    }
    assertThat(claimIds()).containsExactlyInAnyOrderElementsOf(expectedIds(0, 5));
  }

  @Test
  void aLogRestartedBeforeAnyCommitterRanIsCommittedWhole() {
    // Each open notes where the log restarted; a committer that matched the table clears the note,
    // so a later restart above the table's position is taken as it is.
    append(0, 5);
    log.close();
    log = DecisionLog.open(directory.resolve("log"), LOG_OPTIONS);
    append(5, 5);
    DecisionCommitter committer = start(table());
    await().atMost(Duration.ofSeconds(120)).until(() -> committer.committedSequence() == 10);
    committer.close();
    log.close();
    log = DecisionLog.open(directory.resolve("log"), LOG_OPTIONS);
    log.close();
    log = DecisionLog.open(directory.resolve("log"), LOG_OPTIONS);
    append(10, 5);

    DecisionCommitter restarted = start(table());
    await().atMost(Duration.ofSeconds(120)).until(() -> restarted.committedSequence() == 15);

    assertThat(claimIds()).containsExactlyInAnyOrderElementsOf(expectedIds(0, 15));
  }

  @Test
  void aLogKeepsItsIdentityAcrossRestarts() {
    String identity = log.identity();
    log.close();
    log = DecisionLog.open(directory.resolve("log"), LOG_OPTIONS);

    assertThat(log.identity()).isEqualTo(identity);
  }

  private DecisionCommitter start(Table table) {
    return start(table, FAST);
  }

  /** Flips a byte in the payload of the frame holding {@code sequence} (frames from 1). */
  private static void damagePayload(Path segment, long sequence) throws IOException {
    try (java.nio.channels.FileChannel channel =
        java.nio.channels.FileChannel.open(
            segment,
            java.nio.file.StandardOpenOption.READ,
            java.nio.file.StandardOpenOption.WRITE)) {
      // A frame: 4 magic, 1 version, 4 payload length, 4 checksum, 8 sequence, the payload.
      long offset = 0;
      java.nio.ByteBuffer length = java.nio.ByteBuffer.allocate(4);
      for (long at = 1; at < sequence; at++) {
        length.clear();
        channel.read(length, offset + 5);
        offset += 21 + length.getInt(0);
      }
      java.nio.ByteBuffer one = java.nio.ByteBuffer.allocate(1);
      channel.read(one, offset + 21);
      one.put(0, (byte) (one.get(0) ^ 0x5A));
      one.rewind();
      channel.write(one, offset + 21);
    }
  }

  private DecisionCommitter start(Table table, DecisionCommitter.Options options) {
    DecisionCommitter committer = new DecisionCommitter(log, table, options).start();
    resources.add(committer);
    return committer;
  }

  private Table table() {
    return catalog.loadTable(org.apache.iceberg.catalog.TableIdentifier.parse("risk.decisions_v1"));
  }

  /** Appends samples n..n+count, alternating full and minimal ones, straddling midnight. */
  private void append(int from, int count) {
    append(log, from, count);
  }

  private void append(DecisionLog to, int from, int count) {
    List<byte[]> payloads = new ArrayList<>();
    for (int n = from; n < from + count; n++) {
      Instant at = DAY_ONE.plusMillis(n);
      payloads.add(codec.encode(n % 2 == 0 ? Samples.full(n, at) : Samples.minimal(n, at)));
    }
    to.append(payloads).join();
  }

  private List<String> claimIds() {
    try {
      List<String> ids = new ArrayList<>();
      for (Record row : rows(table())) {
        ids.add((String) row.getField("claim_id"));
      }
      return ids;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<Record> rows(Table table) throws IOException {
    List<Record> rows = new ArrayList<>();
    if (table.currentSnapshot() == null) {
      return rows;
    }
    try (CloseableIterable<Record> records = IcebergGenerics.read(table).build()) {
      records.forEach(rows::add);
    }
    return rows;
  }

  private static List<String> expectedIds(int from, int count) {
    List<String> ids = new ArrayList<>();
    for (int n = from; n < from + count; n++) {
      ids.add(Samples.claimId(n));
    }
    return ids;
  }

  private Set<Object> partitionDays(Table table) {
    Set<Object> days = new HashSet<>();
    try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
      tasks.forEach(task -> days.add(task.file().partition().get(0, Integer.class)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return days;
  }

  private List<Path> dataFiles() {
    Path data = directory.resolve("warehouse/risk/decisions_v1/data");
    if (!Files.exists(data)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(data)) {
      return files.filter(file -> file.toString().endsWith(".parquet")).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Set<String> committedFileUris(Table table) {
    Set<String> uris = new HashSet<>();
    for (Snapshot snapshot : table.snapshots()) {
      for (DataFile file : snapshot.addedDataFiles(table.io())) {
        uris.add(Path.of(java.net.URI.create(file.location())).toUri().toString());
      }
    }
    return uris;
  }
}
