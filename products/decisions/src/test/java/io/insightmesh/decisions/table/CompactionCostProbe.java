package io.insightmesh.decisions.table;

import io.insightmesh.decisions.record.AssessedClaim;
import io.insightmesh.decisions.record.Samples;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.Table;
import org.apache.iceberg.jdbc.JdbcCatalog;

/**
 * A cost probe of table hygiene's compaction, not a test: each round appends {@code files} data
 * files of {@code rows} decisions each, written as the committer writes them (an {@link
 * RecordFiles.Appender} a commit), then compacts on this thread and prints the thread's CPU time
 * and the bytes it allocated per row moved, and at the end the bytes a row the table's files take.
 * Allocation is what matters in the engine: compaction runs at idle priority, but its garbage is
 * collected by young pauses that stop the answers, in a heap holding millions of claims. The first
 * half of the rounds warm the JIT up and are not counted in the summary.
 *
 * <p>Run with {@code java -Xmx2g -cp <test classpath>
 * io.insightmesh.decisions.table.CompactionCostProbe [rows] [files] [rounds]}.
 */
public final class CompactionCostProbe {
  private CompactionCostProbe() {}

  public static void main(String[] args) throws Exception {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 6_300;
    int files = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 12;
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    Path directory = Files.createTempDirectory("compaction-cost-probe");
    try (JdbcCatalog catalog = TestCatalogs.open(directory)) {
      Table table = DecisionTable.createOrLoad(catalog);
      TableHygiene hygiene = new TableHygiene(table, TableHygiene.Options.defaults());
      Instant start = Instant.parse("2026-11-30T07:00:00Z");
      long cpu = 0;
      long allocated = 0;
      long moved = 0;
      int next = 0;
      for (int round = 0; round < rounds; round++) {
        for (int file = 0; file < files; file++) {
          List<AssessedClaim> claims = new ArrayList<>(rows);
          for (int n = next; n < next + rows; n++) {
            claims.add(
                n % 2 == 0 ? Samples.full(n, start.plusMillis(n / 7)) : Samples.minimal(n, start));
          }
          AppendFiles append = table.newAppend();
          TableFiles.ofDecisions(table, "probe-" + next, next, claims).forEach(append::appendFile);
          append.commit();
          next += rows;
        }
        long threadId = Thread.currentThread().getId();
        long cpuBefore = threads.getCurrentThreadCpuTime();
        long allocatedBefore = threads.getThreadAllocatedBytes(threadId);
        TableHygiene.Compaction compaction = hygiene.compact();
        long roundCpu = threads.getCurrentThreadCpuTime() - cpuBefore;
        long roundAllocated = threads.getThreadAllocatedBytes(threadId) - allocatedBefore;
        System.out.printf(
            "round %d: %,d rows from %d files into %d: %.2f µs of CPU and %,.0f bytes allocated a"
                + " row%n",
            round,
            compaction.rows(),
            compaction.rewrittenFiles(),
            compaction.addedFiles(),
            roundCpu / 1_000.0 / Math.max(1, compaction.rows()),
            roundAllocated / (double) Math.max(1, compaction.rows()));
        if (round >= rounds / 2) {
          cpu += roundCpu;
          allocated += roundAllocated;
          moved += compaction.rows();
        }
      }
      System.out.printf(
          "rounds %d to %d: %,d rows moved, %.2f µs of CPU and %,.0f bytes allocated a row%n",
          rounds / 2, rounds - 1, moved, cpu / 1_000.0 / moved, allocated / (double) moved);
      table.refresh();
      Map<String, String> summary = table.currentSnapshot().summary();
      System.out.printf(
          "the table holds %s rows in %s data files, %.1f bytes a row%n",
          summary.get("total-records"),
          summary.get("total-data-files"),
          Double.parseDouble(summary.get("total-files-size"))
              / Double.parseDouble(summary.get("total-records")));
    }
  }
}
