package io.insightmesh.decisions.table;

import io.insightmesh.contracts.risk.Decision;
import io.insightmesh.decisions.record.Samples;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Table;
import org.apache.iceberg.jdbc.JdbcCatalog;

/**
 * A CPU probe of the decision committer's data files, not a test: writes batches of {@code rows}
 * decisions (the test samples, each with a claim id of its own) into a {@link RecordFiles.Appender}
 * and closes its files, as the committer does once a commit interval, and prints the thread CPU
 * time per row and the files' size per row. Thread CPU time, so a busy machine inflates it less
 * than wall time; the first half of the batches warm the JIT up and are not counted.
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
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    try (JdbcCatalog catalog = TestCatalogs.open(directory)) {
      Table table = DecisionTable.createOrLoad(catalog);
      TestCatalogs.setProperties(table, args.length > 2 ? args[2] : null);
      DecisionRecords records = new DecisionRecords(table.schema());
      Instant start = Instant.parse("2026-11-30T07:00:00Z");
      long cpu = 0;
      long bytes = 0;
      long measured = 0;
      for (int batch = 0; batch < batches; batch++) {
        List<Decision> decisions = new ArrayList<>(rows);
        for (int n = batch * rows; n < (batch + 1) * rows; n++) {
          Instant at = start.plusMillis(n / 7);
          decisions.add((n % 2 == 0 ? Samples.full(n, at) : Samples.minimal(n, at)).decision());
        }
        long before = threads.getCurrentThreadCpuTime();
        RecordFiles.Appender appender = new RecordFiles.Appender(table, "probe-" + batch);
        for (Decision decision : decisions) {
          appender.write(records.toRow(decision));
        }
        List<DataFile> files = appender.finish();
        long used = threads.getCurrentThreadCpuTime() - before;
        if (batch >= batches / 2) {
          cpu += used;
          measured += rows;
          bytes += files.stream().mapToLong(DataFile::fileSizeInBytes).sum();
        }
      }
      System.out.printf(
          "%s: %.2f µs of CPU a row over %,d rows; files %.0f bytes a row%n",
          args.length > 2 ? args[2] : "table defaults",
          cpu / 1_000.0 / measured,
          measured,
          bytes / (double) measured);
    }
  }
}
