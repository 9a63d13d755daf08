package io.insightmesh.decisions.table;

import static org.assertj.core.api.Assertions.assertThat;

import io.insightmesh.decisions.record.AssessedClaim;
import io.insightmesh.decisions.record.Samples;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Table;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.parquet.column.values.bloomfilter.BloomFilter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.api.Binary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordFilesTest {
  private static final Instant DAY = Instant.parse("2020-05-13T10:00:00Z");

  @TempDir Path directory;

  @Test
  void aCommitsFileKeepsAClaimIdBloomFilterSizedForABatch() throws Exception {
    int rows = 20_000;
    List<AssessedClaim> claims = new ArrayList<>(rows);
    for (int n = 0; n < rows; n++) {
      claims.add(Samples.full(n, DAY.plusMillis(n)));
    }
    try (JdbcCatalog catalog = TestCatalogs.open(directory)) {
      Table table = DecisionTable.createOrLoad(catalog);

      List<DataFile> files = TableFiles.ofDecisions(table, "decisions-0", 0, claims);

      assertThat(files).hasSize(1);
      BloomFilter claimIds = claimIdBloomFilter(files.get(0));
      assertThat(claimIds.getBitsetSize()).isEqualTo(RecordFiles.OPEN_FILE_BLOOM_FILTER_BYTES);
      // No claim of the file is ever skipped, and a lookup of another is skipped 99 times in 100.
      for (int n = 0; n < rows; n++) {
        assertThat(mightContain(claimIds, Samples.claimId(n))).isTrue();
      }
      int falsePositives = 0;
      for (int n = rows; n < rows + 10_000; n++) {
        falsePositives += mightContain(claimIds, Samples.claimId(n)) ? 1 : 0;
      }
      assertThat(falsePositives).isLessThanOrEqualTo(100);
    }
  }

  private static boolean mightContain(BloomFilter filter, String claimId) {
    return filter.findHash(filter.hash(Binary.fromString(claimId)));
  }

  private static BloomFilter claimIdBloomFilter(DataFile file) throws IOException {
    String location = file.location();
    Path path = location.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location);
    try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(path))) {
      ColumnChunkMetaData claimId =
          reader.getFooter().getBlocks().get(0).getColumns().stream()
              .filter(column -> column.getPath().toDotString().equals("claim_id"))
              .findFirst()
              .orElseThrow();
      return reader.readBloomFilter(claimId);
    }
  }
}
