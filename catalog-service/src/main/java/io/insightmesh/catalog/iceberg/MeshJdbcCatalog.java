package io.insightmesh.catalog.iceberg;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableMetadataParser;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.exceptions.NotFoundException;
import org.apache.iceberg.exceptions.RuntimeIOException;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.jboss.logging.Logger;

/**
 * Iceberg's JDBC catalog with table operations that read each metadata file once. Metadata files
 * are immutable, so a parsed {@link TableMetadata} is cached by its location: a load is one indexed
 * pointer lookup, and a commit parses nothing it already knows. The pointers it read last are kept
 * briefly too ({@link RecentPointers}), and forgotten on every write of a pointer through it.
 */
final class MeshJdbcCatalog extends JdbcCatalog {
  private static final Logger LOG = Logger.getLogger(MeshJdbcCatalog.class);
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

  /**
   * Operations whose deletes stay inside the table's namespace directory: after a commit Iceberg
   * deletes the metadata files that dropped out of the table's metadata-log, if the table asks for
   * it, and that log is whatever the registered metadata file said.
   */
  @Override
  protected TableOperations newTableOps(TableIdentifier identifier) {
    return new CachedJdbcTableOperations(
        IcebergCatalogs.CATALOG_NAME,
        identifier,
        dataSource,
        new NamespaceFileIO(io, namespaceDirectory(identifier), identifier),
        metadata,
        pointers,
        this::namespaceExists);
  }

  /**
   * Drops the table; a purge then deletes only the files its metadata names under the table's own
   * location, and only when that location is inside its namespace's directory. Iceberg's purge
   * deletes every file the metadata names, and a client writes the metadata: a statistics path, a
   * manifest list or a registered file could name another domain's data or the catalog's own
   * database. What is left outside is logged, not deleted.
   *
   * <p>The table is dropped only while it still points at the metadata the purge read: renamed and
   * created again in between, the name would drop the new table and the files read would be the
   * renamed table's. A table that moved is refused (409); the client purges again.
   */
  @Override
  public boolean dropTable(TableIdentifier identifier, boolean purge) {
    try {
      if (!purge) {
        return super.dropTable(identifier, false);
      }
      CachedJdbcTableOperations ops = (CachedJdbcTableOperations) newTableOps(identifier);
      TableMetadata last;
      try {
        last = ops.current();
      } catch (NotFoundException e) {
        // Its metadata file is gone: nothing to lead to its files, the name alone is dropped.
        return super.dropTable(identifier, false);
      }
      if (last == null) {
        return false;
      }
      if (!ops.dropAt(last.metadataFileLocation())) {
        if (tableExists(identifier)) {
          throw new CommitFailedException(
              "Cannot purge %s: it was changed while being purged, and none of its files were"
                  + " deleted; purge it again",
              identifier);
        }
        return false;
      }
      purgeOwnFiles(identifier, last);
      return true;
    } finally {
      pointers.changed();
    }
  }

  private void purgeOwnFiles(TableIdentifier identifier, TableMetadata last) {
    String own = last.location();
    if (!namespaceDirectory(identifier).contains(own)) {
      LOG.warnf(
          "Purged table %s: its location %s is outside its namespace's directory, so none of its"
              + " files were deleted",
          identifier, own);
      return;
    }
    OwnFiles files = new OwnFiles(io, new WarehouseLocations(own));
    try {
      CatalogUtil.dropTableData(files, last);
    } catch (RuntimeException e) {
      // The table is dropped; files its metadata could not lead to stay behind.
      LOG.warnf(
          "Purged table %s: some of its files were not deleted (%s)", identifier, e.toString());
    }
    if (files.skipped() > 0) {
      LOG.warnf(
          "Purged table %s: %d files its metadata named outside its location %s were left",
          identifier, files.skipped(), own);
    }
  }

  /**
   * Registers a metadata file as a table only if the table's location, the file itself and every
   * file it names are inside the namespace's directory: another domain's table, registered in the
   * caller's namespace, would be the caller's to read unmasked and to purge; and a metadata-log
   * naming another domain's metadata or the catalog's own database, with the table asking for old
   * metadata files to be deleted after a commit, had the catalog delete them at the next commit.
   */
  @Override
  public Table registerTable(TableIdentifier identifier, String metadataFileLocation) {
    return registerTable(identifier, metadataFileLocation, metadata -> {});
  }

  /** Registers a metadata file as a table once {@code check} accepts what the file describes. */
  Table registerTable(
      TableIdentifier identifier, String metadataFileLocation, Consumer<TableMetadata> check) {
    TableMetadata registered;
    try {
      registered = TableMetadataParser.read(io, metadataFileLocation);
    } catch (NotFoundException e) {
      throw new IllegalArgumentException(
          "Invalid metadata-location: no file at " + metadataFileLocation, e);
    } catch (RuntimeIOException | IllegalArgumentException e) {
      // The file is there but is not table metadata (or not readable as such): the request's
      // fault, not the catalog's, and its content is not echoed.
      throw new IllegalArgumentException(
          "Invalid metadata-location: "
              + metadataFileLocation
              + " is not a readable Iceberg table metadata file",
          e);
    }
    WarehouseLocations namespace = namespaceDirectory(identifier);
    if (!namespace.contains(registered.location())) {
      throw new IllegalArgumentException(
          "Invalid metadata-location: the table it describes is located at "
              + registered.location()
              + ", outside the directory of namespace "
              + identifier.namespace()
              + " ("
              + namespace.root()
              + "); a table can be registered only in the namespace whose directory holds it");
    }
    namespace.check("metadata-location", metadataFileLocation);
    WarehouseLocations.named("metadata-location", registered).forEach(namespace::check);
    check.accept(registered);
    try {
      return super.registerTable(identifier, metadataFileLocation);
    } finally {
      pointers.changed();
    }
  }

  /** Where the catalog puts the tables of {@code identifier}'s namespace. */
  private WarehouseLocations namespaceDirectory(TableIdentifier identifier) {
    String table = defaultWarehouseLocation(identifier);
    return WarehouseLocations.namespace(
        table.substring(0, table.lastIndexOf('/')), identifier.namespace().toString());
  }

  /** The catalog's files, as a purge may touch them: under one location only. */
  private static final class OwnFiles implements FileIO {
    private final FileIO files;
    private final WarehouseLocations own;
    private final java.util.concurrent.atomic.AtomicLong skipped =
        new java.util.concurrent.atomic.AtomicLong();

    OwnFiles(FileIO files, WarehouseLocations own) {
      this.files = files;
      this.own = own;
    }

    long skipped() {
      return skipped.get();
    }

    @Override
    public InputFile newInputFile(String path) {
      if (!own.contains(path)) {
        skipped.incrementAndGet();
        throw new NotFoundException("Not read in a purge: %s is outside the table", path);
      }
      return files.newInputFile(path);
    }

    @Override
    public OutputFile newOutputFile(String path) {
      throw new UnsupportedOperationException("A purge writes no file");
    }

    @Override
    public void deleteFile(String path) {
      if (own.contains(path)) {
        files.deleteFile(path);
      } else {
        skipped.incrementAndGet();
      }
    }

    @Override
    public Map<String, String> properties() {
      return files.properties();
    }

    @Override
    public void close() {
      // The catalog's own file IO outlives a purge.
    }
  }

  @Override
  public void renameTable(TableIdentifier from, TableIdentifier to) {
    renameTable(from, to, metadata -> {});
  }

  /**
   * Renames the table once {@code check} accepts what it is, and only while it still is that: a
   * commit landing between the check and the rename would otherwise arrive under the new name
   * unchecked (a product's contract gate passed on the table as it was). Changed in between, the
   * rename is refused (409) and nothing is renamed; the client renames again.
   */
  void renameTable(TableIdentifier from, TableIdentifier to, Consumer<TableMetadata> check) {
    if (from.equals(to)) {
      return;
    }
    try {
      CachedJdbcTableOperations ops = (CachedJdbcTableOperations) newTableOps(from);
      TableMetadata current = ops.current();
      if (current == null) {
        throw new NoSuchTableException("Table does not exist: %s", from);
      }
      if (!namespaceExists(to.namespace())) {
        throw new NoSuchNamespaceException("Namespace does not exist: %s", to.namespace());
      }
      if (viewExists(to)) {
        throw new AlreadyExistsException("Cannot rename %s to %s. View already exists", from, to);
      }
      if (tableExists(to)) {
        throw new AlreadyExistsException("Table already exists: %s", to);
      }
      check.accept(current);
      if (!ops.renameAt(to, current.metadataFileLocation())) {
        if (tableExists(from)) {
          throw new CommitFailedException(
              "Cannot rename %s: it was changed while being renamed, and nothing was renamed;"
                  + " rename it again",
              from);
        }
        throw new NoSuchTableException("Table does not exist: %s", from);
      }
      LOG.infof("Renamed table %s to %s", from, to);
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
