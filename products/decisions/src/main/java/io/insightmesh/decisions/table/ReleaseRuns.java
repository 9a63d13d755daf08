package io.insightmesh.decisions.table;

import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;

/**
 * Run numbers of data-only releases: version {@code <contract>+<run>}, tag {@code
 * v<contract>+<run>}. The table's tags and the registry are the only memory: the next run is one
 * past the highest either holds, so a restart, even after {@code kill -9}, never reuses one.
 */
final class ReleaseRuns {
  private ReleaseRuns() {}

  /** The run of {@code version} if it is a data-only release of {@code contractVersion}. */
  static OptionalLong run(String version, String contractVersion) {
    String prefix = contractVersion + "+";
    if (!version.startsWith(prefix)) {
      return OptionalLong.empty();
    }
    String run = version.substring(prefix.length());
    if (run.isEmpty() || run.length() > 18 || !run.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(Long.parseLong(run));
  }

  /** The version of run {@code run} under {@code contractVersion}. */
  static String version(String contractVersion, long run) {
    return contractVersion + "+" + run;
  }

  /** The tagged runs of {@code contractVersion} in {@code table}, by run, with their snapshots. */
  static TreeMap<Long, Long> tagged(Table table, String contractVersion) {
    TreeMap<Long, Long> runs = new TreeMap<>();
    for (Map.Entry<String, SnapshotRef> ref : table.refs().entrySet()) {
      if (ref.getValue().isTag() && ref.getKey().startsWith("v")) {
        run(ref.getKey().substring(1), contractVersion)
            .ifPresent(run -> runs.put(run, ref.getValue().snapshotId()));
      }
    }
    return runs;
  }

  /** One past the highest run the table's tags or the registry's newest release hold. */
  static long next(Table table, String contractVersion, OptionalLong registered) {
    TreeMap<Long, Long> tagged = tagged(table, contractVersion);
    long highest = tagged.isEmpty() ? 0 : tagged.lastKey();
    return Math.max(highest, registered.orElse(0)) + 1;
  }
}
