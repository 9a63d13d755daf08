package io.insightmesh.decisions.table;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.iceberg.Table;
import org.apache.iceberg.jdbc.JdbcCatalog;

/**
 * A rough probe of profile loading, not a test: writes {@code rows} synthetic profiles into a
 * temporary warehouse, tags them, loads the release {@code rounds} times and prints rows/s and the
 * heap retained per profile (measured after a GC, so approximate).
 *
 * <p>Run with {@code java -Xmx4g -cp <test classpath>
 * io.insightmesh.decisions.table.ProfileLoadBenchmark [rows] [rounds]}.
 */
public final class ProfileLoadBenchmark {
  private ProfileLoadBenchmark() {}

  /**
   * Runs the probe.
   *
   * @param args rows (1,000,000), rounds (3)
   */
  public static void main(String[] args) throws Exception {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    Path directory = Files.createTempDirectory("profile-load-bench");
    try (JdbcCatalog catalog = TestCatalogs.open(directory)) {
      Table table = ProfileFixtures.createTable(catalog);
      long written = System.nanoTime();
      for (int from = 0; from < rows; from += 250_000) {
        ProfileFixtures.append(table, from, Math.min(250_000, rows - from), 250_000);
      }
      System.out.printf("wrote %,d rows in %.1f s%n", rows, (System.nanoTime() - written) / 1e9);
      table.manageSnapshots().createTag("v1.0.0", table.currentSnapshot().snapshotId()).commit();
      ProfileLoader loader = new ProfileLoader(catalog);
      ProfileSnapshot kept = null;
      for (int round = 0; round < rounds; round++) {
        kept = null;
        long before = usedAfterGc();
        long started = System.nanoTime();
        kept = loader.load("v1.0.0");
        double seconds = (System.nanoTime() - started) / 1e9;
        long retained = usedAfterGc() - before;
        System.out.printf(
            "round %d: %,d profiles in %.2f s = %,.0f rows/s; ~%d bytes per profile%n",
            round, kept.size(), seconds, kept.size() / seconds, retained / kept.size());
      }
      System.out.println(kept);
    }
  }

  private static long usedAfterGc() {
    Runtime runtime = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return runtime.totalMemory() - runtime.freeMemory();
  }
}
