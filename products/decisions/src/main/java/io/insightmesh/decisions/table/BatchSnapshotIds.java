package io.insightmesh.decisions.table;

import org.apache.iceberg.BaseTable;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.encryption.EncryptionManager;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.LocationProvider;
import org.apache.iceberg.metrics.LoggingMetricsReporter;

/**
 * The committer's table operations: every attempt to commit one batch gives its snapshot the same
 * id.
 *
 * <p>An attempt whose outcome is unknown may still land after the committer looked for it and did
 * not find it (a catalog still applying the request when the client gave up). The next attempt,
 * built on the table without it, then meets it as a conflict, and Iceberg's own retry would apply
 * the batch's files again on top of it: every decision of the batch twice. With the same snapshot
 * id that re-apply fails instead ("Snapshot already exists"), and the committer's reconciliation
 * finds the batch committed.
 *
 * <p>Only the committer's thread uses it.
 */
final class BatchSnapshotIds implements TableOperations {
  private final TableOperations delegate;
  private long batchSnapshotId = -1;

  private BatchSnapshotIds(TableOperations delegate) {
    this.delegate = delegate;
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

  /** Starts a batch: its attempts share one new snapshot id. */
  void startBatch() {
    batchSnapshotId = delegate.newSnapshotId();
  }

  @Override
  public long newSnapshotId() {
    return batchSnapshotId < 0 ? delegate.newSnapshotId() : batchSnapshotId;
  }

  @Override
  public TableMetadata current() {
    return delegate.current();
  }

  @Override
  public TableMetadata refresh() {
    return delegate.refresh();
  }

  @Override
  public void commit(TableMetadata base, TableMetadata metadata) {
    delegate.commit(base, metadata);
  }

  @Override
  public FileIO io() {
    return delegate.io();
  }

  @Override
  public EncryptionManager encryption() {
    return delegate.encryption();
  }

  @Override
  public String metadataFileLocation(String fileName) {
    return delegate.metadataFileLocation(fileName);
  }

  @Override
  public LocationProvider locationProvider() {
    return delegate.locationProvider();
  }

  @Override
  public TableOperations temp(TableMetadata uncommittedMetadata) {
    return delegate.temp(uncommittedMetadata);
  }

  @Override
  public boolean requireStrictCleanup() {
    return delegate.requireStrictCleanup();
  }
}
