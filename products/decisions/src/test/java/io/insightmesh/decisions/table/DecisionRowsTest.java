package io.insightmesh.decisions.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.insightmesh.contracts.risk.Decision;
import io.insightmesh.contracts.spec.ProductDescriptor;
import io.insightmesh.decisions.record.AssessedClaim;
import io.insightmesh.decisions.record.AssessedClaimCodec;
import io.insightmesh.decisions.record.Samples;
import io.insightmesh.decisions.record.UndecodableRecordException;
import io.insightmesh.sdk.publish.ProductTables;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The committer's rows: decisions from the log's payloads into the table's files, and back. */
class DecisionRowsTest {
  private static final Instant DAY_ONE = Instant.parse("2020-05-13T23:59:59.999999Z");
  private static final Instant DAY_TWO = Instant.parse("2020-05-14T00:00:00.000001Z");

  @TempDir Path directory;

  private final AssessedClaimCodec codec = new AssessedClaimCodec();

  @Test
  void everyLoggedDecisionReadsBackFromTheTableAsItWasDecided() throws Exception {
    try (JdbcCatalog catalog = TestCatalogs.open(directory)) {
      Table table = DecisionTable.createOrLoad(catalog);
      // Full and minimal decisions alternate, so a reused row that kept a value would show.
      List<AssessedClaim> claims = new ArrayList<>();
      for (int n = 0; n < 40; n++) {
        Instant at = n < 20 ? DAY_ONE : DAY_TWO;
        claims.add(n % 2 == 0 ? Samples.full(n, at) : Samples.minimal(n, at));
      }
      List<byte[]> payloads = new ArrayList<>();
      claims.forEach(claim -> payloads.add(codec.encode(claim)));
      // A decision logged by a build before live features (format 1) is written without them.
      AssessedClaim older = Samples.full(40, DAY_TWO);
      payloads.add(codec.encodeWithoutLiveFeatures(older));

      List<DataFile> files = append(table, payloads);

      assertThat(files).hasSize(2).allMatch(file -> file.recordCount() > 0);
      assertThat(files.stream().mapToLong(DataFile::recordCount).sum()).isEqualTo(41);
      List<Decision> expected = new ArrayList<>();
      claims.forEach(claim -> expected.add(claim.decision()));
      older.decision().setLiveFeatures(null);
      expected.add(older.decision());
      List<Decision> read = new ArrayList<>();
      DecisionTable.readDecisions(table, read::add);
      assertThat(read).containsExactlyInAnyOrderElementsOf(expected);
    }
  }

  @Test
  void aTableOfContractOnePointZeroGetsEveryColumnItHas() throws Exception {
    try (JdbcCatalog catalog = TestCatalogs.open(directory)) {
      ProductDescriptor current = DecisionTable.product();
      Table old =
          ProductTables.createOrLoad(
              catalog,
              current.withContract("1.0.0", DecisionTableTest.decisionSchema100()),
              "1.0.0");
      AssessedClaim claim = Samples.full(1, DAY_ONE);

      append(old, List.of(codec.encode(claim)));

      assertThat(old.schema().findField("live_features")).isNull();
      List<Decision> read = new ArrayList<>();
      DecisionTable.readDecisions(old, read::add);
      claim.decision().setLiveFeatures(null);
      assertThat(read).containsExactly(claim.decision());
    }
  }

  @Test
  void aColumnTheContractDoesNotHaveStaysNull() throws Exception {
    try (JdbcCatalog catalog = TestCatalogs.open(directory)) {
      Table table = DecisionTable.createOrLoad(catalog);
      table.updateSchema().addColumn("review_note", Types.StringType.get()).commit();
      AssessedClaim claim = Samples.full(2, DAY_TWO);

      append(table, List.of(codec.encode(claim)));

      try (CloseableIterable<Record> rows = IcebergGenerics.read(table).build()) {
        List<Record> read = new ArrayList<>();
        rows.forEach(read::add);
        assertThat(read)
            .singleElement()
            .satisfies(
                row -> {
                  assertThat(row.getField("review_note")).isNull();
                  assertThat(row.getField("claim_id")).isEqualTo(Samples.claimId(2));
                  assertThat(row.getField("decision")).isEqualTo("FLAG");
                  assertThat(DecisionRecords.fromRow(row)).isEqualTo(claim.decision());
                });
      }
    }
  }

  @Test
  void aPayloadThatIsNotADecisionIsRefusedNamingItsSequence() throws Exception {
    try (JdbcCatalog catalog = TestCatalogs.open(directory)) {
      Table table = DecisionTable.createOrLoad(catalog);
      DecisionRows rows = new DecisionRows(table.schema());

      assertThatThrownBy(() -> rows.fromLog(12, new byte[] {7, 1, 2}))
          .isInstanceOf(UndecodableRecordException.class)
          .hasMessageContaining("at sequence 12");
    }
  }

  /** Writes the payloads' rows as the committer does, commits the files and returns them. */
  private static List<DataFile> append(Table table, List<byte[]> payloads) {
    List<DataFile> files = TableFiles.ofLogged(table, "decisions-0", 0, payloads);
    AppendFiles append = table.newAppend();
    files.forEach(append::appendFile);
    append.commit();
    return files;
  }
}
