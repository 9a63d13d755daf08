package io.insightmesh.decisions.table;

import io.insightmesh.decisions.record.AssessedClaimCodec;
import io.insightmesh.decisions.record.Samples;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Table;
import org.apache.iceberg.jdbc.JdbcCatalog;

/**
 * A memory probe of the decision committer's open batch, not a test: writes {@code rows} decisions
 * (the test samples, each with a claim id of its own) into a {@link RecordFiles.Appender} as the
 * committer does between two commits, and prints the live heap the open files hold per row (what
 * every young pause during the batch's second finds alive and copies), then the data file's size.
 * Deterministic, unlike pause figures on a busy machine.
 *
 * <p>Run with {@code java -Xmx3g -cp <test classpath>
 * io.insightmesh.decisions.table.OpenBatchHeapProbe [rows] [table properties: key=value,...]}, the
 * properties to compare Parquet writer settings.
 */
public final class OpenBatchHeapProbe {
  private OpenBatchHeapProbe() {}

  public static void main(String[] args) throws Exception {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 6_300;
    Path directory = Files.createTempDirectory("open-batch-heap-probe");
    try (JdbcCatalog catalog = TestCatalogs.open(directory)) {
      Table table = DecisionTable.createOrLoad(catalog);
      TestCatalogs.setProperties(table, args.length > 1 ? args[1] : null);
      DecisionRows records = new DecisionRows(table.schema());
      Instant start = Instant.parse("2026-11-30T07:00:00Z");
      // Warm-up: classes and the writer's own first allocations are not per row.
      write(table, records, start, rows / 10, 0).close();
      RecordFiles.Appender appender = write(table, records, start, rows, rows);
      long after = liveHeap();
      List<DataFile> files = appender.finish();
      appender = null;
      // Measured against the heap once the files are closed, so that whatever else the writes
      // left behind (caches, the catalog's state) does not count.
      long before = liveHeap();
      long fileBytes = files.stream().mapToLong(DataFile::fileSizeInBytes).sum();
      System.out.printf(
          "open batch of %,d rows holds %,d bytes: %.0f bytes per row; the data file is %,d"
              + " bytes (%.0f per row)%n",
          rows,
          after - before,
          (after - before) / (double) rows,
          fileBytes,
          fileBytes / (double) rows);
    }
  }

  private static RecordFiles.Appender write(
      Table table, DecisionRows records, Instant start, int rows, int from) {
    AssessedClaimCodec codec = new AssessedClaimCodec();
    RecordFiles.Appender appender = new RecordFiles.Appender(table, "probe-" + from);
    for (int n = from; n < from + rows; n++) {
      Instant at = start.plusMillis(n / 7);
      appender.write(
          records.fromLog(
              n, codec.encode(n % 2 == 0 ? Samples.full(n, at) : Samples.minimal(n, at))));
    }
    return appender;
  }

  private static long liveHeap() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
