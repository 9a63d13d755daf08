package io.insightmesh.catalog.iceberg;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import javax.sql.DataSource;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.jdbc.JdbcCatalog;

/**
 * Iceberg's JDBC catalog with table operations that read each metadata file once. Metadata files
 * are immutable, so a parsed {@link TableMetadata} is cached by its location: a load is one indexed
 * pointer lookup, and a commit parses nothing it already knows. The pointers it read last are kept
 * briefly too ({@link RecentPointers}), and forgotten on every write of a pointer through it.
 */
final class MeshJdbcCatalog extends JdbcCatalog {
  private final DataSource dataSource;
  private final FileIO io;
  private final RecentPointers pointers = new RecentPointers();
  private final Cache<String, TableMetadata> metadata;

  /** With parsed metadata kept within an eighth of the heap. */
  MeshJdbcCatalog(DataSource dataSource, FileIO io) {
    this(dataSource, io, Runtime.getRuntime().maxMemory() / 8);
  }

  /**
   * With parsed metadata kept within about {@code metadataBytes}. Every commit leaves a version,
   * and each version of a tagged table holds every snapshot its tags keep: the scoring engine's
   * table, committed every second and tagged at each release, filled a 512 MB catalog within a few
   * hundred releases when versions were bounded by their snapshot count alone.
   */
  MeshJdbcCatalog(DataSource dataSource, FileIO io, long metadataBytes) {
    this.dataSource = dataSource;
    this.io = io;
    this.metadata =
        Caffeine.newBuilder()
            .maximumWeight(metadataBytes)
            .<String, TableMetadata>weigher((location, table) -> approximateBytes(table))
            .expireAfterAccess(Duration.ofMinutes(30))
            .build();
  }

  /**
   * About what a parsed metadata file holds on the heap: a snapshot with its summary map takes a
   * few kilobytes, a ref or log entry a hundred bytes or so. An overestimate only keeps fewer.
   */
  static int approximateBytes(TableMetadata table) {
    long entries = table.refs().size() + table.snapshotLog().size() + table.previousFiles().size();
    long bytes = 8_192L + 3_072L * table.snapshots().size() + 128L * entries;
    return (int) Math.min(Integer.MAX_VALUE, bytes);
  }

  /** The estimated bytes of parsed metadata kept now. */
  long cachedMetadataBytes() {
    metadata.cleanUp();
    return metadata.policy().eviction().orElseThrow().weightedSize().orElseThrow();
  }

  RecentPointers pointers() {
    return pointers;
  }

  @Override
  protected TableOperations newTableOps(TableIdentifier identifier) {
    return new CachedJdbcTableOperations(
        IcebergCatalogs.CATALOG_NAME,
        identifier,
        dataSource,
        io,
        metadata,
        pointers,
        this::namespaceExists);
  }

  @Override
  public boolean dropTable(TableIdentifier identifier, boolean purge) {
    try {
      return super.dropTable(identifier, purge);
    } finally {
      pointers.changed();
    }
  }

  @Override
  public void renameTable(TableIdentifier from, TableIdentifier to) {
    try {
      super.renameTable(from, to);
    } finally {
      pointers.changed();
    }
  }

  @Override
  public boolean dropView(TableIdentifier identifier) {
    try {
      return super.dropView(identifier);
    } finally {
      pointers.changed();
    }
  }

  @Override
  public void renameView(TableIdentifier from, TableIdentifier to) {
    try {
      super.renameView(from, to);
    } finally {
      pointers.changed();
    }
  }
}
