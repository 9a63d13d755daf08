package io.insightmesh.decisions.table;

import io.insightmesh.decisions.record.AssessedClaimCodec;
import io.insightmesh.decisions.record.Samples;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Table;
import org.apache.iceberg.jdbc.JdbcCatalog;

/**
 * A CPU probe of the decision committer's data files, not a test: turns batches of {@code rows}
 * logged decisions (the test samples, each with a claim id of its own, as the decision log holds
 * them) into table rows, writes them into a {@link RecordFiles.Appender} and closes its files, as
 * the committer does once a commit interval, and prints the thread CPU time per row and the files'
 * size per row, and the bytes it allocated per row (the garbage the engine's young collections
 * meet). Thread CPU time, so a busy machine inflates it less than wall time; the first half of the
 * batches warm the JIT up and are not counted.
 *
 * <p>Run with {@code java -Xmx2g -cp <test classpath>
 * io.insightmesh.decisions.table.CommitFileCpuProbe [rows] [batches] [table properties:
 * key=value,...]}, the properties to compare Parquet writer settings, e.g. {@code
 * write.parquet.compression-codec=snappy}.
 */
public final class CommitFileCpuProbe {
  private CommitFileCpuProbe() {}

  public static void main(String[] args) throws Exception {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 6_300;
    int batches = args.length > 1 ? Integer.parseInt(args[1]) : 40;
    Path directory = Files.createTempDirectory("commit-file-cpu-probe");
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long threadId = Thread.currentThread().getId();
    try (JdbcCatalog catalog = TestCatalogs.open(directory)) {
      Table table = DecisionTable.createOrLoad(catalog);
      TestCatalogs.setProperties(table, args.length > 2 ? args[2] : null);
      DecisionRows records = new DecisionRows(table.schema());
      AssessedClaimCodec codec = new AssessedClaimCodec();
      Instant start = Instant.parse("2026-11-30T07:00:00Z");
      long cpu = 0;
      long allocated = 0;
      long bytes = 0;
      long measured = 0;
      for (int batch = 0; batch < batches; batch++) {
        List<byte[]> logged = new ArrayList<>(rows);
        for (int n = batch * rows; n < (batch + 1) * rows; n++) {
          Instant at = start.plusMillis(n / 7);
          logged.add(codec.encode(n % 2 == 0 ? Samples.full(n, at) : Samples.minimal(n, at)));
        }
        long before = threads.getCurrentThreadCpuTime();
        long allocatedBefore = threads.getThreadAllocatedBytes(threadId);
        RecordFiles.Appender appender = new RecordFiles.Appender(table, "probe-" + batch);
        for (int i = 0; i < logged.size(); i++) {
          appender.write(records.fromLog(batch * rows + i, logged.get(i)));
        }
        List<DataFile> files = appender.finish();
        long used = threads.getCurrentThreadCpuTime() - before;
        long garbage = threads.getThreadAllocatedBytes(threadId) - allocatedBefore;
        if (batch >= batches / 2) {
          cpu += used;
          allocated += garbage;
          measured += rows;
          bytes += files.stream().mapToLong(DataFile::fileSizeInBytes).sum();
        }
      }
      System.out.printf(
          "%s: %.2f µs of CPU and %,.0f bytes allocated a row over %,d rows; files %.0f bytes a"
              + " row%n",
          args.length > 2 ? args[2] : "table defaults",
          cpu / 1_000.0 / measured,
          allocated / (double) measured,
          measured,
          bytes / (double) measured);
    }
  }
}
