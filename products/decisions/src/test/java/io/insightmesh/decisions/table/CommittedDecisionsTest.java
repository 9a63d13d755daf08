package io.insightmesh.decisions.table;

import static org.assertj.core.api.Assertions.assertThat;

import io.insightmesh.contracts.risk.Decision;
import io.insightmesh.decisions.record.AssessedClaim;
import io.insightmesh.decisions.record.Samples;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.deletes.PositionDelete;
import org.apache.iceberg.deletes.PositionDeleteWriter;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.iceberg.parquet.Parquet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restart's read of the decisions table: every committed decision exactly once, handed over on
 * the calling thread, however the files are shared out among readers; and a decision a delete file
 * removed stays removed.
 */
class CommittedDecisionsTest {
  private static final Instant DAY_ONE = Instant.parse("2020-05-13T08:00:00Z");

  @TempDir Path directory;

  @Test
  void filesReadOnSeveralThreadsGiveEveryDecisionOnceOnTheCallingThread() {
    try (JdbcCatalog catalog = TestCatalogs.open(directory)) {
      Table table = DecisionTable.createOrLoad(catalog);
      List<Decision> expected = new ArrayList<>();
      // Six files over three days, decisions of both shapes, so readers meet several partitions.
      for (int file = 0; file < 6; file++) {
        List<AssessedClaim> claims = new ArrayList<>();
        for (int n = file * 300; n < (file + 1) * 300; n++) {
          Instant at = DAY_ONE.plus(Duration.ofDays(file % 3)).plusSeconds(n);
          claims.add(n % 2 == 0 ? Samples.full(n, at) : Samples.minimal(n, at));
        }
        claims.forEach(claim -> expected.add(claim.decision()));
        append(table, TableFiles.ofDecisions(table, "decisions-" + file, file * 300L, claims));
      }
      Thread caller = Thread.currentThread();
      Set<Thread> readers = ConcurrentHashMap.newKeySet();
      Set<Thread> consumers = new HashSet<>();
      List<Decision> read = new ArrayList<>();
      List<Long> progress = new ArrayList<>();

      long count =
          new CommittedDecisions(table, 3)
              .read(
                  decision -> {
                    readers.add(Thread.currentThread());
                    return decision;
                  },
                  decision -> {
                    consumers.add(Thread.currentThread());
                    read.add(decision);
                  },
                  progress::add);

      assertThat(count).isEqualTo(1_800);
      assertThat(read).containsExactlyInAnyOrderElementsOf(expected);
      assertThat(consumers).containsExactly(caller);
      // Shared out: the files were read, and the decisions made, on threads of their own.
      assertThat(readers).hasSizeGreaterThan(1).doesNotContain(caller);
      assertThat(progress).isSorted().last().isEqualTo(1_800L);
      assertThat(CommittedDecisions.expected(table)).isEqualTo(1_800);
    }
  }

  @Test
  void aFileSplitAtItsRowGroupsGivesEachOfItsDecisionsOnce() {
    try (JdbcCatalog catalog = TestCatalogs.open(directory)) {
      Table table = DecisionTable.createOrLoad(catalog);
      table.updateProperties().set(TableProperties.PARQUET_ROW_GROUP_SIZE_BYTES, "4096").commit();
      List<AssessedClaim> claims = new ArrayList<>();
      for (int n = 0; n < 3_000; n++) {
        claims.add(Samples.full(n, DAY_ONE.plusSeconds(n)));
      }
      List<DataFile> files = TableFiles.ofDecisions(table, "decisions-0", 0, claims);
      append(table, files);
      assertThat(files)
          .singleElement()
          .satisfies(file -> assertThat(file.splitOffsets()).hasSizeGreaterThan(4));

      List<Decision> read = new ArrayList<>();
      long count =
          new CommittedDecisions(table, 2, 4096).read(decision -> decision, read::add, n -> {});

      assertThat(count).isEqualTo(3_000);
      assertThat(read)
          .containsExactlyInAnyOrderElementsOf(
              claims.stream().map(AssessedClaim::decision).toList());
    }
  }

  @Test
  void aDecisionADeleteFileRemovedIsNotTakenBack() throws IOException {
    try (JdbcCatalog catalog = TestCatalogs.open(directory)) {
      Table table = DecisionTable.createOrLoad(catalog);
      List<AssessedClaim> first = List.of(Samples.full(0, DAY_ONE), Samples.full(1, DAY_ONE));
      List<AssessedClaim> second = List.of(Samples.full(2, DAY_ONE), Samples.full(3, DAY_ONE));
      DataFile purged = TableFiles.ofDecisions(table, "decisions-0", 0, first).get(0);
      append(table, List.of(purged));
      append(table, TableFiles.ofDecisions(table, "decisions-1", 2, second));
      // A correction made with Spark, say: the file's second row (claim 1) deleted by position.
      PositionDeleteWriter<Object> deletes =
          Parquet.writeDeletes(
                  table
                      .io()
                      .newOutputFile(table.locationProvider().newDataLocation("deletes.parquet")))
              .setAll(table.properties())
              .withSpec(table.spec())
              .withPartition(purged.partition())
              .overwrite()
              .buildPositionWriter();
      try (deletes) {
        deletes.write(PositionDelete.create().set(purged.location(), 1, null));
      }
      DeleteFile deleteFile = deletes.toDeleteFile();
      table.newRowDelta().addDeletes(deleteFile).commit();

      List<Decision> read = new ArrayList<>();
      new CommittedDecisions(table, 2).read(decision -> decision, read::add, n -> {});

      assertThat(read)
          .extracting(Decision::getClaimId)
          .containsExactlyInAnyOrder(Samples.claimId(0), Samples.claimId(2), Samples.claimId(3));
    }
  }

  private static void append(Table table, List<DataFile> files) {
    AppendFiles append = table.newAppend();
    files.forEach(append::appendFile);
    append.commit();
  }
}
