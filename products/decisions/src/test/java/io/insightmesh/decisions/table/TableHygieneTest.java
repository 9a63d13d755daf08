package io.insightmesh.decisions.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.insightmesh.decisions.log.DecisionLog;
import io.insightmesh.decisions.record.AssessedClaim;
import io.insightmesh.decisions.record.AssessedClaimCodec;
import io.insightmesh.decisions.record.Samples;
import io.insightmesh.decisions.sched.BackgroundPriority;
import io.insightmesh.decisions.sched.LinuxThreads;
import io.insightmesh.decisions.testing.MovableClock;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Metrics;
import org.apache.iceberg.MetricsConfig;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.iceberg.parquet.ParquetSchemaUtil;
import org.apache.iceberg.parquet.ParquetUtil;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Types;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalInputFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableHygieneTest {
  private static final Instant DAY = Instant.parse("2020-05-13T10:00:00Z");
  private static final DecisionCommitter.Options ONE_PER_COMMIT =
      DecisionCommitter.Options.defaults().withCommitInterval(Duration.ofMillis(1)).withMaxBatch(5);

  @TempDir Path directory;

  private final AssessedClaimCodec codec = new AssessedClaimCodec();
  private JdbcCatalog catalog;
  private DecisionLog log;

  @BeforeEach
  void open() {
    catalog = TestCatalogs.open(directory);
    DecisionTable.createOrLoad(catalog);
    log = DecisionLog.open(directory.resolve("log"), DecisionLog.Options.defaults());
  }

  @AfterEach
  void close() throws Exception {
    log.close();
    catalog.close();
  }

  @Test
  void expiryKeepsTaggedSnapshotsReadable() throws IOException {
    commitInBatches(0, 25);
    Table table = table();
    List<Snapshot> history = history(table);
    Snapshot tagged = history.get(1);
    table.manageSnapshots().createTag("v1.0.0+1", tagged.snapshotId()).commit();
    long taggedRows = Long.parseLong(tagged.summary().get("total-records"));

    int expired = hygiene(table, 1).expireSnapshots();

    table.refresh();
    assertThat(expired).isEqualTo(history.size() - 2);
    assertThat(table.snapshots())
        .extracting(Snapshot::snapshotId)
        .containsExactlyInAnyOrder(tagged.snapshotId(), table.currentSnapshot().snapshotId());
    assertThat(count(table, tagged.snapshotId())).isEqualTo(taggedRows);
    assertThat(count(table, table.currentSnapshot().snapshotId())).isEqualTo(25);
  }

  @Test
  void compactionKeepsEveryRowAndItsContent() throws IOException {
    commitInBatches(0, 40);
    Table table = table();
    List<Record> before = sorted(DecisionCommitterTest.rows(table));
    int filesBefore = fileCount(table);

    TableHygiene.Compaction compaction = hygiene(table, 100).compact();

    table.refresh();
    assertThat(filesBefore).isEqualTo(8);
    assertThat(compaction).isEqualTo(new TableHygiene.Compaction(8, 1, 40, 0));
    assertThat(fileCount(table)).isEqualTo(1);
    assertThat(sorted(DecisionCommitterTest.rows(table))).isEqualTo(before);
    assertThat(table.currentSnapshot().operation()).isEqualTo("replace");
    // The committer's files in snappy (RecordFiles.OPEN_FILE_CODEC), compacted in the table's own.
    assertThat(codecs(table, table.currentSnapshot().parentId()))
        .containsExactly(CompressionCodecName.SNAPPY);
    assertThat(codecs(table, table.currentSnapshot().snapshotId()))
        .containsExactly(CompressionCodecName.ZSTD);
  }

  @Test
  void filesOfThousandsOfRowsARowGroupAreCompactedByCopyingTheirRowGroups() throws IOException {
    Table table = table();
    List<DataFile> sources = appendFiles(table, 0, 5, 2_500);
    List<Record> before = sorted(DecisionCommitterTest.rows(table));

    TableHygiene.Compaction compaction = hygiene(table, 100).compact();

    table.refresh();
    assertThat(compaction).isEqualTo(new TableHygiene.Compaction(5, 1, 12_500, 0));
    assertThat(sorted(DecisionCommitterTest.rows(table))).isEqualTo(before);
    DataFile compacted = singleDataFile(table);
    // The committer's row groups, as they were: five of 2,500 rows, still in its snappy.
    try (ParquetFileReader reader =
        ParquetFileReader.open(new LocalInputFile(localPath(compacted.location())))) {
      assertThat(reader.getFooter().getBlocks())
          .extracting(block -> block.getRowCount())
          .containsExactly(2_500L, 2_500L, 2_500L, 2_500L, 2_500L);
      ColumnChunkMetaData claimIds = reader.getFooter().getBlocks().get(0).getColumns().get(0);
      // Page indexes copied too: Trino and Spark skip pages by them.
      assertThat(reader.readColumnIndex(claimIds)).isNotNull();
      assertThat(reader.readOffsetIndex(claimIds)).isNotNull();
    }
    assertThat(codecs(table, table.currentSnapshot().snapshotId()))
        .containsExactly(CompressionCodecName.SNAPPY);
    assertThat(compacted.splitOffsets()).hasSize(5);
    assertThat(compacted.fileSizeInBytes()).isEqualTo(Files.size(localPath(compacted.location())));
    // Its statistics are what Iceberg reads from the new footer, but for the double column: Parquet
    // writes a minimum of 0.0 as -0.0, where Iceberg's writer kept the exact bound, as it is here.
    Metrics footer =
        ParquetUtil.fileMetrics(
            table.io().newInputFile(compacted.location()), MetricsConfig.forTable(table));
    assertThat(compacted.recordCount()).isEqualTo(footer.recordCount());
    assertThat(compacted.valueCounts()).isEqualTo(footer.valueCounts());
    assertThat(compacted.nullValueCounts()).isEqualTo(footer.nullValueCounts());
    assertThat(compacted.columnSizes()).isEqualTo(footer.columnSizes());
    int riskScore = table.schema().findField("risk_score").fieldId();
    footer.lowerBounds().remove(riskScore);
    footer.upperBounds().remove(riskScore);
    assertThat(compacted.lowerBounds()).containsAllEntriesOf(footer.lowerBounds());
    assertThat(compacted.upperBounds()).containsAllEntriesOf(footer.upperBounds());
    assertThat(compacted.lowerBounds().get(riskScore))
        .isEqualTo(
            sources.stream()
                .map(file -> file.lowerBounds().get(riskScore))
                .min(
                    Comparator.comparing(
                        bound -> Conversions.<Double>fromByteBuffer(Types.DoubleType.get(), bound)))
                .orElseThrow());
    // So queries still skip the file by them.
    assertThat(plannedFiles(table, Expressions.equal("claim_id", "no such claim"))).isZero();
    assertThat(plannedFiles(table, Expressions.greaterThan("risk_score", 1.0))).isZero();
    assertThat(plannedFiles(table, Expressions.equal("claim_id", Samples.claimId(7_777)))).isOne();
  }

  @Test
  void aCopyRollsToANewFileBeforeItPassesTheTargetSize() throws IOException {
    Table table = table();
    List<DataFile> sources = appendFiles(table, 0, 5, 2_500);
    long largest = sources.stream().mapToLong(DataFile::fileSizeInBytes).max().orElseThrow();
    // Room for four of the five files, bloom filters and page indexes included.
    long target = 4 * largest + largest / 2;
    TableHygiene hygiene =
        new TableHygiene(
            table,
            new TableHygiene.Options(Duration.ofMinutes(1), 100, 16L << 20, 5, target),
            Clock.systemUTC());

    TableHygiene.Compaction compaction = hygiene.compact();

    assertThat(compaction).isEqualTo(new TableHygiene.Compaction(5, 2, 12_500, 0));
    assertThat(dataFiles(table))
        .extracting(DataFile::recordCount)
        .containsExactlyInAnyOrder(10_000L, 2_500L);
    assertThat(dataFiles(table))
        .allSatisfy(file -> assertThat(file.fileSizeInBytes()).isLessThanOrEqualTo(target));
  }

  @Test
  void filesOfAnEarlierSchemaOrOfFewRowsARowGroupAreDecodedAndWrittenAgain() throws IOException {
    Table table = table();
    appendFiles(table, 0, 3, 2_500);
    table.updateSchema().addColumn("note", Types.StringType.get()).commit();
    appendFiles(table, 7_500, 2, 2_500);
    appendFiles(table, 12_500, 2, 5);
    List<Record> before = sorted(DecisionCommitterTest.rows(table));

    TableHygiene.Compaction compaction = hygiene(table, 100).compact();

    table.refresh();
    // The two files of today's schema copied; the three of the old one and the committer's two
    // of five rows decoded into a file of their own.
    assertThat(compaction).isEqualTo(new TableHygiene.Compaction(7, 2, 12_510, 0));
    assertThat(sorted(DecisionCommitterTest.rows(table))).isEqualTo(before);
    List<Long> rowGroups = new ArrayList<>();
    for (DataFile file : dataFiles(table)) {
      try (ParquetFileReader reader =
          ParquetFileReader.open(new LocalInputFile(localPath(file.location())))) {
        reader.getFooter().getBlocks().forEach(block -> rowGroups.add(block.getRowCount()));
        assertThat(ParquetSchemaUtil.convert(reader.getFooter().getFileMetaData().getSchema()))
            .satisfies(schema -> assertThat(schema.findField("note")).isNotNull());
      }
    }
    assertThat(rowGroups).containsExactlyInAnyOrder(2_500L, 2_500L, 7_510L);
    assertThat(codecs(table, table.currentSnapshot().snapshotId()))
        .containsExactlyInAnyOrder(CompressionCodecName.SNAPPY, CompressionCodecName.ZSTD);
  }

  @Test
  void aCopyThatFailsHalfwayLeavesNoFileBehind() throws IOException {
    Table table = table();
    appendFiles(table, 0, 5, 2_500);
    List<String> planned = dataFileLocations(table);
    Files.delete(localPath(planned.get(planned.size() - 1)));

    String lost = planned.get(planned.size() - 1);
    assertThatThrownBy(() -> hygiene(table, 100).compact())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(lost.substring(lost.lastIndexOf('/') + 1));

    assertThat(fileCount(table)).isEqualTo(5);
    try (Stream<Path> onDisk = Files.walk(directory.resolve("warehouse"))) {
      assertThat(onDisk.map(path -> path.getFileName().toString()))
          .noneMatch(name -> name.startsWith(TableHygiene.COMPACTED_PREFIX));
    }
  }

  @Test
  void aPartitionSkippedForAConflictIsReportedUntilARoundCompactsIt() throws IOException {
    commitInBatches(0, 40);
    String taken = dataFileLocations(table()).get(0);
    // Another writer removes one of the files the compaction is about to replace.
    FaultyOperations faulty =
        FaultyOperations.wrap(table())
            .beforeNextCommit(() -> table().newDelete().deleteFile(taken).commit());
    TableHygiene hygiene = hygiene(faulty.table("risk.decisions_v1"), 100);

    TableHygiene.Result conflicted = hygiene.run();

    assertThat(conflicted.compaction()).isEqualTo(new TableHygiene.Compaction(0, 0, 0, 1));
    assertThat(fileCount(table())).isEqualTo(7);
    assertThat(hygiene.skippedPartitions()).isEqualTo(1);
    assertThat(hygiene.skipping())
        .contains(
            "compaction skipped 1 partition in the last round (a conflicting commit or an unknown"
                + " outcome; see the log), 1 round in a row");

    TableHygiene.Result retried = hygiene.run();

    assertThat(retried.compaction()).isEqualTo(new TableHygiene.Compaction(7, 1, 35, 0));
    assertThat(fileCount(table())).isEqualTo(1);
    assertThat(hygiene.skipping()).isEmpty();
    assertThat(hygiene.skippedPartitions()).isEqualTo(1);
  }

  @Test
  void aCompactedFileWaitsUntilTheNewSmallFilesAddUpToIt() {
    // Earlier rounds left files of 200,000 and 100,000 rows; a minute's commits wrote 60 files of
    // 1,000 rows, then one of 20,000 (a burst).
    List<DataFile> files = new ArrayList<>();
    files.add(file("compacted-1", 200_000));
    files.add(file("compacted-2", 100_000));
    for (int n = 0; n < 60; n++) {
      files.add(file("decisions-" + n, 1_000));
    }
    files.add(file("decisions-burst", 20_000));

    // Every commit's file, whatever its size; neither compacted file (more rows than the 80,000).
    assertThat(TableHygiene.tier(files))
        .hasSize(61)
        .noneMatch(file -> file.location().contains("compacted-"));

    // Once the new files hold as many rows as a compacted file, it is rewritten with them: the
    // 100,000 first (150,000 gathered), then the 200,000 (250,000 gathered).
    for (int n = 60; n < 130; n++) {
      files.add(file("decisions-" + n, 1_000));
    }
    assertThat(TableHygiene.tier(files)).hasSize(133);
  }

  @Test
  void aRoundWhoseCompactionFailsStillExpiresSnapshotsAndLeavesNoFileBehind() throws IOException {
    commitInBatches(0, 40);
    Table table = table();
    List<String> planned = dataFileLocations(table);
    // The last file the compaction reads is lost: it fails with a compacted file half written.
    Files.delete(localPath(planned.get(planned.size() - 1)));

    assertThatThrownBy(() -> hygiene(table, 1).run()).isInstanceOf(RuntimeException.class);

    table.refresh();
    assertThat(table.snapshots()).hasSize(1);
    assertThat(table.currentSnapshot().operation()).isEqualTo("append");
    try (Stream<Path> onDisk = Files.walk(directory.resolve("warehouse"))) {
      assertThat(onDisk.map(path -> path.getFileName().toString()))
          .noneMatch(name -> name.startsWith(TableHygiene.COMPACTED_PREFIX));
    }
  }

  @Test
  void aPartitionThatCannotBeCompactedDoesNotHoldBackTheOthers() throws IOException {
    // Two days, each committed as several small files.
    List<byte[]> payloads = new ArrayList<>();
    for (int n = 0; n < 40; n++) {
      Instant at = n % 2 == 0 ? DAY : DAY.plus(Duration.ofDays(1));
      payloads.add(codec.encode(Samples.full(n, at.plusSeconds(n))));
    }
    payloads.forEach(payload -> log.append(List.of(payload)).join());
    try (DecisionCommitter committer =
        new DecisionCommitter(log, table(), ONE_PER_COMMIT).start()) {
      await().atMost(Duration.ofSeconds(120)).until(() -> committer.committedSequence() == 40);
    }
    Table table = table();
    String lostDay = "2020-05-14";
    List<String> lost =
        dataFileLocations(table).stream().filter(file -> file.contains(lostDay)).toList();
    Files.delete(localPath(lost.get(0)));

    Throwable failure = catchThrowable(() -> hygiene(table, 100).compact());

    table.refresh();
    List<String> after = dataFileLocations(table);
    // The lost file's day keeps its small files; the other day is one compacted file.
    assertThat(after.stream().filter(file -> file.contains(lostDay))).hasSameSizeAs(lost);
    assertThat(after.stream().filter(file -> !file.contains(lostDay)))
        .singleElement()
        .satisfies(
            file ->
                assertThat(file.substring(file.lastIndexOf('/') + 1))
                    .startsWith(TableHygiene.COMPACTED_PREFIX));
    assertThat(failure)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith(
            "Cannot compact 1 partition of test.risk.decisions_v1 (the others' 8");
  }

  @Test
  void filesExpiryFreesStayForTheGraceThenGoAFewAtATime() throws IOException {
    commitInBatches(0, 40);
    Table table = table();
    List<String> small = dataFileLocations(table);
    MovableClock deletesClock = new MovableClock(Instant.now());
    PacedDeletes deletes =
        new PacedDeletes(
            table.io(),
            directory.resolve("expired-files.pending"),
            Duration.ofMinutes(15),
            1L << 20,
            deletesClock);
    TableHygiene hygiene =
        new TableHygiene(
            table,
            new TableHygiene.Options(Duration.ofMinutes(1), 1, 16L << 20, 5, 128L << 20),
            Clock.fixed(Instant.now().plus(Duration.ofHours(1)), ZoneOffset.UTC),
            deletes);

    TableHygiene.Result round = hygiene.run();
    // Iceberg frees the files a snapshot removed once that snapshot expires too: the compaction's.
    commitInBatches(40, 5);
    int expired = hygiene.expireSnapshots();

    // The small files compaction replaced belong to expired snapshots only, and are still there
    // for a scan that planned on one of them; the journal names them for a restart.
    assertThat(round.expiredSnapshots()).isEqualTo(8);
    assertThat(expired).isEqualTo(1);
    assertThat(small).hasSize(8).allMatch(file -> Files.exists(localPath(file)));
    assertThat(deletes.pending()).isGreaterThanOrEqualTo(8);
    assertThat(Files.readString(directory.resolve("expired-files.pending"))).contains(small.get(0));

    deletesClock.advance(Duration.ofMinutes(15));
    while (deletes.pending() > 0) {
      deletes.tick();
    }
    assertThat(small).noneMatch(file -> Files.exists(localPath(file)));
    assertThat(DecisionCommitterTest.rows(table())).hasSize(45);
  }

  @Test
  void theCommittedPositionSurvivesCompactionAndExpiry() {
    commitInBatches(0, 40);
    Table table = table();
    TableHygiene hygiene = hygiene(table, 1);

    hygiene.compact();
    hygiene.expireSnapshots();

    table.refresh();
    assertThat(table.snapshots()).hasSize(1);
    assertThat(CommittedPosition.of(table)).isEqualTo(40);
    // A restarted committer resumes after 40 instead of appending everything again.
    try (DecisionCommitter restarted = new DecisionCommitter(log, table(), ONE_PER_COMMIT)) {
      assertThat(restarted.committedSequence()).isEqualTo(40);
    }
  }

  @Test
  void expiryKeepsTheCommittedPositionWhenOtherWritersSnapshotsOutnumberTheKeptOnes() {
    commitInBatches(0, 10);
    Table table = table();
    // Another writer's snapshots without a position (a backfill, a correction), more of them than
    // expiry keeps, while the engine commits nothing.
    for (int n = 0; n < 4; n++) {
      table.newAppend().commit();
    }
    assertThat(table.currentSnapshot().summary())
        .doesNotContainKey(CommittedPosition.LAST_SEQUENCE);

    Snapshot carrier = CommittedPosition.carrier(table, table.currentSnapshot());

    hygiene(table, 2).expireSnapshots();

    table.refresh();
    assertThat(table.snapshot(carrier.snapshotId())).isNotNull();
    assertThat(CommittedPosition.of(table)).isEqualTo(10);
    // A restarted committer resumes after 10 instead of appending the ten decisions again.
    try (DecisionCommitter restarted = new DecisionCommitter(log, table(), ONE_PER_COMMIT)) {
      assertThat(restarted.committedSequence()).isEqualTo(10);
    }
  }

  @Test
  void anIdleCommitterCarriesItsPositionAboveOtherWritersSoExpiryCanDropTheirSnapshots()
      throws IOException {
    commitInBatches(0, 10);
    Table table = table();
    Snapshot buried = CommittedPosition.carrier(table, table.currentSnapshot());
    // A backfill commits on while the engine decides nothing: fewer snapshots than the committer
    // waits for first, and it leaves them be (an idle engine must not add a snapshot a minute).
    DecisionCommitter.Options checkingOften =
        ONE_PER_COMMIT.withPositionCheck(Duration.ofMillis(50));
    for (int n = 1; n < DecisionCommitter.CARRY_POSITION_ABOVE; n++) {
      table.newAppend().commit();
    }
    try (DecisionCommitter committer = new DecisionCommitter(log, table(), checkingOften).start()) {
      await().pollDelay(Duration.ofSeconds(1)).until(() -> true);
    }
    table.refresh();
    assertThat(CommittedPosition.carrier(table, table.currentSnapshot()).snapshotId())
        .isEqualTo(buried.snapshotId());

    table.newAppend().commit();
    try (DecisionCommitter committer = new DecisionCommitter(log, table(), checkingOften).start()) {
      await()
          .atMost(Duration.ofSeconds(120))
          .until(
              () -> {
                Table now = table();
                return CommittedPosition.carrier(now, now.currentSnapshot()).snapshotId()
                    != buried.snapshotId();
              });
    }

    table.refresh();
    assertThat(table.currentSnapshot().summary())
        .containsEntry(CommittedPosition.LAST_SEQUENCE, "10");
    assertThat(table.currentSnapshot().addedDataFiles(table.io())).isEmpty();
    // Before, expiry kept the history down to the buried carrier: the 20 other snapshots, and one
    // more with every commit of the backfill.
    hygiene(table, 2).expireSnapshots();
    table.refresh();
    assertThat(table.snapshots()).hasSize(2);
    assertThat(DecisionCommitterTest.rows(table)).hasSize(10);
    try (DecisionCommitter restarted = new DecisionCommitter(log, table(), ONE_PER_COMMIT)) {
      assertThat(restarted.committedSequence()).isEqualTo(10);
    }
  }

  @Test
  void hygieneCompactsBesideACommitterThatGoesOnCommitting() throws IOException {
    TableHygiene.Options options =
        new TableHygiene.Options(Duration.ZERO, 2, 16L << 20, 3, 128L << 20);
    AtomicBoolean committedMeanwhile = new AtomicBoolean();
    // The waits only guard against a hang (a busy two-core machine takes a while for each commit).
    try (DecisionCommitter committer =
        new DecisionCommitter(log, table(), ONE_PER_COMMIT).start()) {
      append(0, 12);
      await().atMost(Duration.ofSeconds(120)).until(() -> committer.committedSequence() == 12);
      // The round's compaction is about to commit: twelve more decisions are made durable, and
      // the committer must commit them all while the round waits. Then the rewrite lands on a
      // table that moved on.
      FaultyOperations hygieneOperations =
          FaultyOperations.wrap(table())
              .beforeNextCommit(
                  () -> {
                    append(12, 12);
                    await()
                        .atMost(Duration.ofSeconds(120))
                        .until(() -> committer.committedSequence() == 24);
                    committedMeanwhile.set(true);
                  });
      try (TableHygiene hygiene =
          new TableHygiene(hygieneOperations.table("risk.decisions_v1"), options)
              .start(Duration.ofMillis(100))) {
        await().atMost(Duration.ofSeconds(120)).until(() -> hygiene.rounds() >= 1);
        assertThat(committedMeanwhile).isTrue();
        TableHygiene.Compaction compaction = hygiene.lastResult().orElseThrow().compaction();
        assertThat(compaction.skippedPartitions()).isZero();
        assertThat(compaction.rewrittenFiles()).isGreaterThanOrEqualTo(3);
        assertThat(compaction.rows()).isEqualTo(12);
        assertThat(hygiene.problem()).isEmpty();
      }
    }

    Table table = table();
    List<Record> rows = sorted(DecisionCommitterTest.rows(table));
    assertThat(rows).hasSize(24);
    assertThat(rows).extracting(row -> (String) row.getField("claim_id")).doesNotHaveDuplicates();
    // The rewrite carries the position it read (12), yet the position is the appends' 24.
    assertThat(CommittedPosition.of(table)).isEqualTo(24);
    try (DecisionCommitter restarted = new DecisionCommitter(log, table(), ONE_PER_COMMIT)) {
      assertThat(restarted.committedSequence()).isEqualTo(24);
    }
  }

  @Test
  void anErrorInAScheduledRoundIsReportedByHealth() {
    TableHygiene.Options options =
        new TableHygiene.Options(Duration.ZERO, 2, 16L << 20, 3, 128L << 20);
    try (DecisionCommitter committer =
        new DecisionCommitter(log, table(), ONE_PER_COMMIT).start()) {
      // At most five a commit: three small files or more.
      append(0, 12);
      await().atMost(Duration.ofSeconds(120)).until(() -> committer.committedSequence() == 12);
    }
    // Compaction reads the small files back, and the heap is too small for it.
    FaultyOperations faulty =
        FaultyOperations.wrap(table())
            .failDataFileReadsWith(new OutOfMemoryError("Java heap space"));
    try (TableHygiene hygiene =
        new TableHygiene(faulty.table("risk.decisions_v1"), options)
            .start(Duration.ofMillis(100))) {
      // Before: the Error went past the round, and the problem stayed empty.
      await()
          .atMost(Duration.ofSeconds(120))
          .until(hygiene::problem, problem -> problem.isPresent());
      assertThat(hygiene.problem()).contains("java.lang.OutOfMemoryError: Java heap space");
    }
  }

  @Test
  void aRoundReadsTheTablesManifestsOnThreadsOfItsOwnAtIdlePriority() throws IOException {
    OptionalInt callers = BackgroundPriority.currentNice();
    assertThat(callers).as("this test reads nice values from /proc (Linux)").isPresent();
    // Eight commits, eight manifests: Iceberg plans the compaction and the expiry in parallel.
    commitInBatches(0, 40);
    Map<String, OptionalInt> before = LinuxThreads.named("hygiene-iceberg");

    try (TableHygiene hygiene = hygiene(table(), 1)) {
      TableHygiene.Result result = hygiene.run();

      assertThat(result.compaction().rewrittenFiles()).isEqualTo(8);
      assertThat(result.expiredSnapshots()).isPositive();
      Map<String, OptionalInt> started = LinuxThreads.startedSince(before, "hygiene-iceberg");
      // Iceberg's own worker threads keep the priority of whichever thread started them.
      assertThat(started)
          .isNotEmpty()
          .allSatisfy(
              (thread, nice) -> assertThat(nice).hasValue(Math.max(callers.getAsInt(), 19)));
    }
  }

  private static DataFile file(String name, long rows) {
    return DataFiles.builder(PartitionSpec.unpartitioned())
        .withPath("/warehouse/risk/decisions_v1/data/" + name + "-0a1b.parquet")
        .withFormat(FileFormat.PARQUET)
        .withFileSizeInBytes(rows * 100)
        .withRecordCount(rows)
        .build();
  }

  private TableHygiene hygiene(Table table, int keep) {
    TableHygiene.Options options =
        new TableHygiene.Options(Duration.ofMinutes(1), keep, 16L << 20, 5, 128L << 20);
    // A clock an hour ahead: every snapshot is old enough to expire.
    return new TableHygiene(
        table, options, Clock.fixed(Instant.now().plus(Duration.ofHours(1)), ZoneOffset.UTC));
  }

  private void commitInBatches(int from, int count) {
    append(from, count);
    try (DecisionCommitter committer =
        new DecisionCommitter(log, table(), ONE_PER_COMMIT).start()) {
      await()
          .atMost(Duration.ofSeconds(120))
          .until(() -> committer.committedSequence() == from + count);
    }
  }

  private void append(int from, int count) {
    List<byte[]> payloads = new ArrayList<>();
    for (int n = from; n < from + count; n++) {
      // Every third with its optional fields null and no reasons: compaction moves those too.
      Instant at = DAY.plusSeconds(n);
      payloads.add(codec.encode(n % 3 == 2 ? Samples.minimal(n, at) : Samples.full(n, at)));
    }
    // One append per record: batches of 5 need the records to be durable one group at a time.
    payloads.forEach(payload -> log.append(List.of(payload)).join());
  }

  /**
   * Appends {@code files} data files of {@code rows} decisions each, written as the committer
   * writes a busy second's batch, one commit each; half of them with their optional fields null.
   */
  private static List<DataFile> appendFiles(Table table, int from, int files, int rows) {
    List<DataFile> appended = new ArrayList<>();
    for (int file = 0; file < files; file++) {
      int first = from + file * rows;
      List<AssessedClaim> claims = new ArrayList<>(rows);
      for (int n = first; n < first + rows; n++) {
        Instant at = DAY.plusMillis(n);
        claims.add(n % 2 == 0 ? Samples.full(n, at) : Samples.minimal(n, at));
      }
      AppendFiles append = table.newAppend();
      TableFiles.ofDecisions(table, "decisions-" + first, first, claims)
          .forEach(
              written -> {
                append.appendFile(written);
                appended.add(written);
              });
      append.commit();
    }
    table.refresh();
    return appended;
  }

  private static List<DataFile> dataFiles(Table table) throws IOException {
    List<DataFile> files = new ArrayList<>();
    try (CloseableIterable<FileScanTask> tasks = table.newScan().includeColumnStats().planFiles()) {
      tasks.forEach(task -> files.add(task.file().copy()));
    }
    return files;
  }

  private static DataFile singleDataFile(Table table) throws IOException {
    List<DataFile> files = dataFiles(table);
    assertThat(files).hasSize(1);
    return files.get(0);
  }

  private static int plannedFiles(Table table, Expression filter) throws IOException {
    try (CloseableIterable<FileScanTask> tasks = table.newScan().filter(filter).planFiles()) {
      return count(tasks);
    }
  }

  private Table table() {
    return catalog.loadTable(TableIdentifier.parse("risk.decisions_v1"));
  }

  private static List<Snapshot> history(Table table) {
    List<Snapshot> snapshots = new ArrayList<>();
    table.snapshots().forEach(snapshots::add);
    snapshots.sort(Comparator.comparingLong(Snapshot::sequenceNumber));
    return snapshots;
  }

  private static long count(Table table, long snapshotId) throws IOException {
    long rows = 0;
    try (CloseableIterable<Record> records =
        IcebergGenerics.read(table).useSnapshot(snapshotId).build()) {
      for (Record ignored : records) {
        rows++;
      }
    }
    return rows;
  }

  private static int count(Iterable<?> items) {
    int count = 0;
    for (Object ignored : items) {
      count++;
    }
    return count;
  }

  /** The table's data files in the order a scan plans them, as compaction reads them. */
  private static List<String> dataFileLocations(Table table) throws IOException {
    List<String> locations = new ArrayList<>();
    try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
      tasks.forEach(task -> locations.add(task.file().location()));
    }
    return locations;
  }

  private static Path localPath(String location) {
    return location.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location);
  }

  /** The Parquet codecs of the data files in {@code snapshotId} of the table, over every column. */
  private static Set<CompressionCodecName> codecs(Table table, Long snapshotId) {
    Set<CompressionCodecName> codecs = EnumSet.noneOf(CompressionCodecName.class);
    try (var tasks = table.newScan().useSnapshot(snapshotId).planFiles()) {
      for (FileScanTask task : tasks) {
        try (ParquetFileReader reader =
            ParquetFileReader.open(new LocalInputFile(localPath(task.file().location())))) {
          reader.getFooter().getBlocks().stream()
              .flatMap(block -> block.getColumns().stream())
              .forEach(column -> codecs.add(column.getCodec()));
        }
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return codecs;
  }

  private static int fileCount(Table table) {
    table.refresh();
    int files = 0;
    try (var tasks = table.newScan().planFiles()) {
      for (var ignored : tasks) {
        files++;
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return files;
  }

  private static List<Record> sorted(List<Record> rows) {
    List<Record> copy = new ArrayList<>(rows);
    copy.sort(Comparator.comparing(row -> (String) row.getField("claim_id")));
    return copy;
  }
}
