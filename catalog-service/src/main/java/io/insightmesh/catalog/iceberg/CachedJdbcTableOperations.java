package io.insightmesh.catalog.iceberg;

import com.github.benmanes.caffeine.cache.Cache;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.apache.iceberg.BaseMetastoreTableOperations;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableMetadataParser;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.exceptions.ServiceUnavailableException;
import org.apache.iceberg.io.FileIO;

/**
 * A table's pointer in Iceberg's JDBC catalog schema (V1), committed by compare-and-swap in the
 * database, with parsed metadata shared through a cache keyed by the (immutable) metadata file.
 */
final class CachedJdbcTableOperations extends BaseMetastoreTableOperations {
  private static final String LOAD =
      "SELECT metadata_location FROM iceberg_tables WHERE catalog_name = ? AND table_namespace = ?"
          + " AND table_name = ? AND (iceberg_type = 'TABLE' OR iceberg_type IS NULL)";
  private static final String KIND =
      "SELECT iceberg_type FROM iceberg_tables WHERE catalog_name = ? AND table_namespace = ?"
          + " AND table_name = ?";
  private static final String INSERT =
      "INSERT INTO iceberg_tables (catalog_name, table_namespace, table_name, metadata_location,"
          + " previous_metadata_location, iceberg_type) VALUES (?, ?, ?, ?, NULL, 'TABLE')";

  /** The compare-and-swap of a table's pointer; also used for multi-table transactions. */
  static final String SWAP =
      "UPDATE iceberg_tables SET metadata_location = ?, previous_metadata_location = ?"
          + " WHERE catalog_name = ? AND table_namespace = ? AND table_name = ?"
          + " AND metadata_location = ? AND (iceberg_type = 'TABLE' OR iceberg_type IS NULL)";

  /** Drops the table only while it still points at the metadata a purge read. */
  private static final String DROP_AT =
      "DELETE FROM iceberg_tables WHERE catalog_name = ? AND table_namespace = ?"
          + " AND table_name = ? AND metadata_location = ?"
          + " AND (iceberg_type = 'TABLE' OR iceberg_type IS NULL)";

  /** Renames the table only while it still points at the metadata a contract check read. */
  private static final String RENAME_AT =
      "UPDATE iceberg_tables SET table_namespace = ?, table_name = ? WHERE catalog_name = ?"
          + " AND table_namespace = ? AND table_name = ? AND metadata_location = ?"
          + " AND (iceberg_type = 'TABLE' OR iceberg_type IS NULL)";

  /** The longest metadata location the store holds (Iceberg's schema: VARCHAR(1000)). */
  static final int MAX_METADATA_LOCATION_LENGTH = 1_000;

  private final String catalogName;
  private final TableIdentifier identifier;
  private final String namespace;
  private final DataSource dataSource;
  private final FileIO io;
  private final Cache<String, TableMetadata> cache;
  private final RecentPointers pointers;
  private final Predicate<Namespace> namespaceExists;

  /** What the running commit swapped the pointer to, once it has. */
  private TableMetadata committed;

  CachedJdbcTableOperations(
      String catalogName,
      TableIdentifier identifier,
      DataSource dataSource,
      FileIO io,
      Cache<String, TableMetadata> cache,
      RecentPointers pointers,
      Predicate<Namespace> namespaceExists) {
    this.catalogName = catalogName;
    this.identifier = identifier;
    this.namespace = String.join(".", identifier.namespace().levels());
    this.dataSource = dataSource;
    this.io = io;
    this.cache = cache;
    this.pointers = pointers;
    this.namespaceExists = namespaceExists;
  }

  @Override
  public FileIO io() {
    return io;
  }

  @Override
  protected String tableName() {
    return catalogName + "." + identifier;
  }

  @Override
  protected void doRefresh() {
    String location = pointer();
    if (location == null) {
      if (currentMetadataLocation() != null) {
        throw new NoSuchTableException("Table does not exist: %s", identifier);
      }
      disableRefresh();
      return;
    }
    refreshFromMetadataLocation(location, null, 2, this::metadata);
  }

  /**
   * Commits, then keeps what was committed as the table's current metadata. Iceberg would read the
   * pointer back from the store for the next {@link #current()}, with which Iceberg's REST handlers
   * answer a commit, a create or a register: a store failing that read (a pool exhausted,
   * PostgreSQL failing over) answered 503 for a change that was made, and the change went
   * unaudited.
   */
  @Override
  public void commit(TableMetadata base, TableMetadata metadata) {
    committed = null;
    super.commit(base, metadata);
    TableMetadata current = committed;
    if (current != null) {
      committed = null;
      refreshFromMetadataLocation(current.metadataFileLocation(), null, 0, location -> current);
    }
  }

  private void deleteIfWritten(boolean wrote, String location) {
    if (wrote) {
      io.deleteFile(location);
    }
  }

  @Override
  protected void doCommit(TableMetadata base, TableMetadata metadata) {
    boolean create = base == null;
    if (create && !namespaceExists.test(identifier.namespace())) {
      throw new NoSuchNamespaceException("Namespace does not exist: %s", identifier.namespace());
    }
    String newLocation = writeNewMetadataIfRequired(create, metadata);
    // A registered table arrives with its metadata file: nothing was written here, and that file
    // may be another table's current one (register over a view's name, a racing register), so
    // it must never be cleaned up as this commit's own.
    boolean wrote = !(create && newLocation.equals(metadata.metadataFileLocation()));
    if (newLocation.length() > MAX_METADATA_LOCATION_LENGTH) {
      // The store would refuse it as a data error, which Iceberg answers for a create as "created
      // concurrently" and for a commit by trying again.
      deleteIfWritten(wrote, newLocation);
      throw new IllegalArgumentException(
          "Invalid "
              + (wrote ? "location" : "metadata-location")
              + ": the table's metadata file would be named by a location of "
              + newLocation.length()
              + " characters, longer than the "
              + MAX_METADATA_LOCATION_LENGTH
              + " characters the metadata store holds");
    }
    Connection connection;
    try {
      connection = dataSource.getConnection();
    } catch (SQLException e) {
      // No statement was sent (a pool that timed out says so without a SQLSTATE).
      deleteIfWritten(wrote, newLocation);
      if (create) {
        // Iceberg answers a create's CommitFailedException as "created concurrently".
        throw new ServiceUnavailableException(
            e, "Cannot create %s: cannot reach the metadata store: %s", identifier, e.getMessage());
      }
      throw new CommitFailedException(
          e, "Cannot commit %s: cannot reach the metadata store: %s", identifier, e.getMessage());
    }
    boolean swapped;
    try (connection) {
      swapped = create ? insert(connection, newLocation) : swap(connection, base, newLocation);
    } catch (SQLException e) {
      pointers.changed();
      if (isConstraintViolation(e)) {
        deleteIfWritten(wrote, newLocation);
        throw new AlreadyExistsException(
            "%s already exists: %s", isView() ? "View with same name" : "Table", identifier);
      }
      if (!knownNotApplied(e)) {
        // The statement may have been applied: the outcome is unknown, keep the file.
        throw new CommitStateUnknownException(e);
      }
      deleteIfWritten(wrote, newLocation);
      if (create) {
        throw new ServiceUnavailableException(
            e, "Cannot create %s: the metadata store refused it: %s", identifier, e.getMessage());
      }
      throw new CommitFailedException(e, "Cannot commit %s: %s", identifier, e.getMessage());
    }
    pointers.changed();
    if (!swapped) {
      deleteIfWritten(wrote, newLocation);
      throw new CommitFailedException(
          "Cannot commit %s: the table was changed by another commit", identifier);
    }
    committed =
        TableMetadata.buildFrom(metadata)
            .discardChanges()
            .withMetadataLocation(newLocation)
            .build();
    cache.put(newLocation, committed);
  }

  private TableMetadata metadata(String location) {
    return cache.get(location, key -> TableMetadataParser.read(io, key));
  }

  private String pointer() {
    long generation = pointers.generation();
    String location;
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query = connection.prepareStatement(LOAD)) {
      query.setString(1, catalogName);
      query.setString(2, namespace);
      query.setString(3, identifier.name());
      try (ResultSet row = query.executeQuery()) {
        location = row.next() ? row.getString(1) : null;
      }
    } catch (SQLException e) {
      throw new ServiceUnavailableException(
          e, "Cannot read the pointer of %s from the metadata store", identifier);
    }
    if (location != null) {
      pointers.readTable(identifier, location, generation);
    }
    return location;
  }

  /**
   * Drops the table if its pointer is still {@code metadataLocation}; false if it moved or is gone.
   */
  boolean dropAt(String metadataLocation) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement drop = connection.prepareStatement(DROP_AT)) {
      drop.setString(1, catalogName);
      drop.setString(2, namespace);
      drop.setString(3, identifier.name());
      drop.setString(4, metadataLocation);
      return drop.executeUpdate() == 1;
    } catch (SQLException e) {
      // A failed DELETE may have reached the database: the caller must not purge on a guess.
      throw new CommitStateUnknownException(e);
    } finally {
      pointers.changed();
    }
  }

  /**
   * Gives the table the name {@code to} if it still points at {@code metadataLocation}; false if it
   * points elsewhere or is gone. A name taken meanwhile by a table or view is refused by the
   * store's key, as {@link AlreadyExistsException}.
   */
  boolean renameAt(TableIdentifier to, String metadataLocation) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement rename = connection.prepareStatement(RENAME_AT)) {
      rename.setString(1, String.join(".", to.namespace().levels()));
      rename.setString(2, to.name());
      rename.setString(3, catalogName);
      rename.setString(4, namespace);
      rename.setString(5, identifier.name());
      rename.setString(6, metadataLocation);
      return rename.executeUpdate() == 1;
    } catch (SQLException e) {
      if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
        throw new AlreadyExistsException(e, "Table already exists: %s", to);
      }
      throw new org.apache.iceberg.jdbc.UncheckedSQLException(e, "Cannot rename %s", identifier);
    } finally {
      pointers.changed();
    }
  }

  private boolean isView() {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query = connection.prepareStatement(KIND)) {
      query.setString(1, catalogName);
      query.setString(2, namespace);
      query.setString(3, identifier.name());
      try (ResultSet row = query.executeQuery()) {
        return row.next() && "VIEW".equals(row.getString(1));
      }
    } catch (SQLException e) {
      return false;
    }
  }

  private boolean insert(Connection connection, String newLocation) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
      insert.setString(1, catalogName);
      insert.setString(2, namespace);
      insert.setString(3, identifier.name());
      insert.setString(4, newLocation);
      return insert.executeUpdate() == 1;
    }
  }

  private boolean swap(Connection connection, TableMetadata base, String newLocation)
      throws SQLException {
    try (PreparedStatement swap = connection.prepareStatement(SWAP)) {
      swap.setString(1, newLocation);
      swap.setString(2, base.metadataFileLocation());
      swap.setString(3, catalogName);
      swap.setString(4, namespace);
      swap.setString(5, identifier.name());
      swap.setString(6, base.metadataFileLocation());
      return swap.executeUpdate() == 1;
    }
  }

  private static boolean isConstraintViolation(SQLException e) {
    return e.getSQLState() != null && e.getSQLState().startsWith("23");
  }

  /**
   * Whether the database says the statement was not applied: a data exception (22), a rolled-back
   * transaction (40: serialization failure, deadlock; not 40003, "statement completion unknown") or
   * a refused statement (42). Every other failure may come after the change was applied — a lost
   * connection (08), or PostgreSQL ending the session (57P01) while a committed transaction waits
   * for a synchronous standby — so it is an unknown outcome: the metadata file stays, and the
   * client reloads instead of retrying blindly.
   */
  static boolean knownNotApplied(SQLException e) {
    String state = e.getSQLState();
    return state != null
        && (state.startsWith("22")
            || (state.startsWith("40") && !state.equals("40003"))
            || state.startsWith("42"));
  }
}
