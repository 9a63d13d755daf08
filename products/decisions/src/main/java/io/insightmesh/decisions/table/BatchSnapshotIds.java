package io.insightmesh.decisions.table;

import org.apache.iceberg.BaseTable;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.metrics.LoggingMetricsReporter;

/**
 * The committer's table operations: every attempt to commit one batch gives its snapshot the same
 * id.
 *
 * <p>An attempt whose outcome is unknown may still land after the committer looked for it and did
 * not find it (a catalog still applying the request when the client gave up). The next attempt,
 * built on the table without it, then meets it as a conflict, and Iceberg's own retry would apply
 * the batch's files again on top of it: every decision of the batch twice. With the same snapshot
 * id Iceberg finds the snapshot in the table instead and takes the retry for a move of {@code main}
 * to it: nothing to commit while {@code main} is still there. If another writer (compaction) has
 * committed on top meanwhile, that move would be a rollback dropping the other writer's snapshot,
 * so {@link #commit} refuses it, and the committer's reconciliation finds the batch.
 *
 * <p>Only the committer's thread uses it.
 */
final class BatchSnapshotIds extends ForwardingTableOperations {
  private long batchSnapshotId = -1;
  private long batchFirst = -1;

  private BatchSnapshotIds(TableOperations delegate) {
    super(delegate);
  }

  /**
   * {@code table} with operations of this kind under it.
   *
   * @throws IllegalArgumentException if {@code table} does not expose its operations (a catalog's
   *     table always does)
   */
  static Table wrap(Table table) {
    if (!(table instanceof HasTableOperations operations)) {
      throw new IllegalArgumentException(
          "Cannot commit to " + table.name() + ": its operations are not exposed");
    }
    BatchSnapshotIds ids = new BatchSnapshotIds(operations.operations());
    return new BaseTable(
        ids,
        table.name(),
        table instanceof BaseTable base ? base.reporter() : LoggingMetricsReporter.instance());
  }

  /** The operations under a table {@link #wrap} made. */
  static BatchSnapshotIds of(Table table) {
    return (BatchSnapshotIds) ((HasTableOperations) table).operations();
  }

  /**
   * The batch's snapshot is in the table already, and {@code main} has moved from it: an earlier
   * attempt landed, and this commit could only move {@code main} back to it (another writer
   * committed on top of it) or forward again (an operator rolled it back). A {@link
   * ValidationException}, so Iceberg does not retry it.
   */
  static final class EarlierAttemptLanded extends ValidationException {
    private EarlierAttemptLanded(long snapshotId) {
      super(
          "Cannot commit snapshot %s again: an earlier attempt of this batch landed and main has"
              + " moved from it since",
          snapshotId);
    }
  }

  /**
   * The table already holds log sequences of the batch: another committer's commit of them landed,
   * one a process that died with it unknown had sent (its snapshot id is not this batch's, so
   * {@link EarlierAttemptLanded} cannot see it). A {@link ValidationException}, so Iceberg does not
   * apply the batch's files on top of it.
   */
  static final class BatchInTable extends ValidationException {
    private BatchInTable(long first, long committed) {
      super(
          "Cannot commit log sequences from %s: the table holds sequences up to %s already",
          first, committed);
    }
  }

  /**
   * @throws EarlierAttemptLanded if the batch's snapshot is in the table already
   * @throws BatchInTable if the table holds the batch's first sequence already
   */
  @Override
  public void commit(TableMetadata base, TableMetadata metadata) {
    if (batchSnapshotId >= 0 && base != null && base.snapshot(batchSnapshotId) != null) {
      throw new EarlierAttemptLanded(batchSnapshotId);
    }
    // Checked on every attempt, Iceberg's own retries included: each is built on the table as it
    // is then, which may hold a commit landed since the committer read its position.
    if (batchFirst > 0 && base != null) {
      long committed = CommittedPosition.of(base);
      if (committed >= batchFirst) {
        throw new BatchInTable(batchFirst, committed);
      }
    }
    super.commit(base, metadata);
  }

  /** Starts a batch of log sequences from {@code first}: its attempts share one new snapshot id. */
  void startBatch(long first) {
    batchSnapshotId = super.newSnapshotId();
    batchFirst = first;
  }

  /** Starts a commit that appends no log sequences (a carried position). */
  void startPositionCommit() {
    batchSnapshotId = super.newSnapshotId();
    batchFirst = -1;
  }

  /**
   * The batch's snapshot id, unless the table holds a snapshot of that id already: then a new one,
   * which the batch's later attempts share. A new append of the batch meets its own snapshot only
   * when reconciliation did not find it on {@code main}, which an operator rolled back past it: the
   * batch is committed again as a new snapshot. (Iceberg asks for ids until it gets one the table
   * does not hold; the same id again would keep it asking for ever.)
   */
  @Override
  public long newSnapshotId() {
    if (batchSnapshotId < 0) {
      return super.newSnapshotId();
    }
    TableMetadata current = current();
    if (current != null && current.snapshot(batchSnapshotId) != null) {
      batchSnapshotId = super.newSnapshotId();
    }
    return batchSnapshotId;
  }
}
