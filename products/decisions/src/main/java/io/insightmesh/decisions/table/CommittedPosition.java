package io.insightmesh.decisions.table;

import java.util.function.LongFunction;
import org.apache.iceberg.DataOperations;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;

/**
 * Where the table says the decision log is committed: the snapshot summary properties every
 * committer append carries, read back from the main branch's history.
 */
final class CommittedPosition {
  /** The first log sequence an append holds. */
  static final String FIRST_SEQUENCE = "mesh.decisions.first-sequence";

  /** The last log sequence an append holds; compactions copy the value they read. */
  static final String LAST_SEQUENCE = "mesh.decisions.last-sequence";

  /**
   * The identity of the log whose sequences the position counts ({@link
   * io.insightmesh.decisions.log.DecisionLog#identity()}); carried with the position.
   */
  static final String LOG_ID = "mesh.decisions.log-id";

  private CommittedPosition() {}

  /**
   * The highest log sequence the table's main branch holds, 0 if none: walks the current snapshot's
   * ancestry and stops at the first append carrying {@link #LAST_SEQUENCE}. Compaction snapshots
   * carry the value they read too (so the position survives the expiry of the appends below them),
   * but a compaction retried onto newer appends would carry a stale one, so the walk takes the
   * maximum and goes on past them to an append.
   *
   * @throws IllegalStateException if a snapshot carries a value that is not a sequence
   */
  static long of(Table table) {
    return of(table, table.currentSnapshot());
  }

  /** The highest log sequence held as of {@code snapshot} (null: the empty table), 0 if none. */
  static long of(Table table, Snapshot start) {
    return carried(table, carrier(table, start));
  }

  /**
   * The highest log sequence {@code metadata}'s main branch holds, 0 if none: what a commit built
   * on it would find committed.
   */
  static long of(TableMetadata metadata) {
    String name = metadata.location();
    Snapshot carrier = carrier(name, metadata.currentSnapshot(), metadata::snapshot);
    return carrier == null ? 0 : parse(name, carrier, carrier.summary().get(LAST_SEQUENCE));
  }

  /**
   * The identity of the log the position as of {@code start} counts in, empty if no snapshot
   * carries a position or the one that does names no log (written before logs had identities).
   */
  static java.util.Optional<String> logId(Table table, Snapshot start) {
    Snapshot carrier = carrier(table, start);
    return java.util.Optional.ofNullable(carrier == null ? null : carrier.summary().get(LOG_ID));
  }

  /** The position a {@link #carrier} carries; 0 for none (null). */
  static long carried(Table table, Snapshot carrier) {
    return carrier == null ? 0 : parse(table.name(), carrier, carrier.summary().get(LAST_SEQUENCE));
  }

  /**
   * The youngest snapshot in {@code start}'s ancestry that carries the position {@link #of(Table,
   * Snapshot)} reads, null if none does. Expiry must keep it: with it gone, the position would read
   * lower, and a restarted committer would append again what the table holds.
   */
  static Snapshot carrier(Table table, Snapshot start) {
    return carrier(table.name(), start, table::snapshot);
  }

  private static Snapshot carrier(String table, Snapshot start, LongFunction<Snapshot> snapshots) {
    Snapshot carrier = null;
    long committed = -1;
    Snapshot snapshot = start;
    while (snapshot != null) {
      String value = snapshot.summary().get(LAST_SEQUENCE);
      if (value != null) {
        long sequence = parse(table, snapshot, value);
        if (sequence > committed) {
          committed = sequence;
          carrier = snapshot;
        }
        if (!DataOperations.REPLACE.equals(snapshot.operation())) {
          return carrier;
        }
      }
      Long parent = snapshot.parentId();
      snapshot = parent == null ? null : snapshots.apply(parent);
    }
    return carrier;
  }

  private static long parse(String table, Snapshot snapshot, String value) {
    try {
      long sequence = Long.parseLong(value);
      if (sequence >= 0) {
        return sequence;
      }
    } catch (NumberFormatException e) {
      // Reported below with the table and snapshot.
    }
    throw new IllegalStateException(
        "Invalid "
            + LAST_SEQUENCE
            + " '"
            + value
            + "' in snapshot "
            + snapshot.snapshotId()
            + " of "
            + table
            + ": must be a non-negative log sequence");
  }
}
