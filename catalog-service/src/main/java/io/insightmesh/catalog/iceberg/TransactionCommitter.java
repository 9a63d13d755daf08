package io.insightmesh.catalog.iceberg;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.MetadataUpdate;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableMetadataParser;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.UpdateRequirement;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.iceberg.rest.requests.CommitTransactionRequest;
import org.apache.iceberg.rest.requests.UpdateTableRequest;

/**
 * Commits a multi-table transaction atomically: every table's new metadata is written first, then
 * all pointers are swapped in one database transaction, each only if it still points where the
 * client's requirements were checked. Either every table moves or none does, and a transaction that
 * moves none leaves none of the metadata files it wrote.
 */
final class TransactionCommitter {
  private final JdbcCatalog catalog;
  private final DataSource dataSource;
  private final RecentPointers pointers;

  TransactionCommitter(JdbcCatalog catalog, DataSource dataSource, RecentPointers pointers) {
    this.catalog = catalog;
    this.dataSource = dataSource;
    this.pointers = pointers;
  }

  /**
   * A table's new metadata file, written but not yet pointed at, and the table's own FileIO: each
   * table's deletes are confined to its namespace's directory ({@link NamespaceFileIO}), so a file
   * staged for one namespace cannot be discarded through another's.
   */
  private record Staged(
      TableIdentifier identifier, TableMetadata base, String newLocation, FileIO io) {}

  void commit(CommitTransactionRequest request) {
    List<Staged> staged = new ArrayList<>();
    try {
      stage(request, staged);
    } catch (RuntimeException e) {
      // A later table's requirement or update refused the transaction: nothing will point at the
      // files already written for the tables before it.
      discard(staged);
      throw e;
    }
    if (staged.isEmpty()) {
      return;
    }
    try {
      swapAll(staged);
    } finally {
      pointers.changed();
    }
  }

  private void stage(CommitTransactionRequest request, List<Staged> staged) {
    for (UpdateTableRequest change : request.tableChanges()) {
      TableIdentifier identifier = change.identifier();
      if (!(catalog.loadTable(identifier) instanceof BaseTable table)) {
        throw new NoSuchTableException("Table does not exist: %s", identifier);
      }
      TableOperations operations = table.operations();
      FileIO io = operations.io();
      TableMetadata base = operations.current();
      for (UpdateRequirement requirement : change.requirements()) {
        requirement.validate(base);
      }
      TableMetadata.Builder builder = TableMetadata.buildFrom(base);
      for (MetadataUpdate update : change.updates()) {
        update.applyTo(builder);
      }
      TableMetadata updated = builder.build();
      if (updated.changes().isEmpty()) {
        continue;
      }
      String location = newMetadataLocation(base, updated);
      TableMetadataParser.overwrite(updated, io.newOutputFile(location));
      staged.add(new Staged(identifier, base, location, io));
    }
  }

  private void swapAll(List<Staged> staged) {
    Connection connection;
    try {
      connection = dataSource.getConnection();
    } catch (SQLException e) {
      discard(staged);
      throw new CommitFailedException(e, "Cannot reach the metadata store: %s", e.getMessage());
    }
    try (connection) {
      connection.setAutoCommit(false);
      try (PreparedStatement swap = connection.prepareStatement(CachedJdbcTableOperations.SWAP)) {
        for (Staged table : staged) {
          swap.setString(1, table.newLocation());
          swap.setString(2, table.base().metadataFileLocation());
          swap.setString(3, IcebergCatalogs.CATALOG_NAME);
          swap.setString(4, String.join(".", table.identifier().namespace().levels()));
          swap.setString(5, table.identifier().name());
          swap.setString(6, table.base().metadataFileLocation());
          if (swap.executeUpdate() != 1) {
            connection.rollback();
            discard(staged);
            throw new CommitFailedException(
                "Cannot commit transaction: table %s was changed concurrently; no table was"
                    + " changed",
                table.identifier());
          }
        }
      } catch (SQLException e) {
        connection.rollback();
        discard(staged);
        throw new CommitFailedException(e, "Cannot commit transaction: %s", e.getMessage());
      }
      try {
        connection.commit();
      } catch (SQLException e) {
        // The database may or may not have applied the swaps: keep every file, let the client
        // reconcile by reloading the tables.
        throw new CommitStateUnknownException(e);
      }
    } catch (SQLException e) {
      throw new CommitStateUnknownException(e);
    }
  }

  private static void discard(List<Staged> staged) {
    for (Staged table : staged) {
      try {
        table.io().deleteFile(table.newLocation());
      } catch (RuntimeException ignored) {
        // An orphaned metadata file is harmless; the pointer never referenced it.
      }
    }
  }

  private static String newMetadataLocation(TableMetadata base, TableMetadata updated) {
    String directory =
        updated
            .properties()
            .getOrDefault(
                TableProperties.WRITE_METADATA_LOCATION, updated.location() + "/metadata");
    int version = parseVersion(base.metadataFileLocation()) + 1;
    return String.format(
        Locale.ROOT, "%s/%05d-%s.metadata.json", stripSlash(directory), version, UUID.randomUUID());
  }

  private static int parseVersion(String location) {
    if (location == null) {
      return -1;
    }
    String file = location.substring(location.lastIndexOf('/') + 1);
    int dash = file.indexOf('-');
    try {
      return dash > 0 ? Integer.parseInt(file.substring(0, dash)) : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static String stripSlash(String directory) {
    return directory.endsWith("/") ? directory.substring(0, directory.length() - 1) : directory;
  }
}
