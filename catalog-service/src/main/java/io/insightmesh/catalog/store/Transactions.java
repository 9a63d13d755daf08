package io.insightmesh.catalog.store;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * One database transaction around a piece of JDBC work, for the stores that need several
 * statements.
 */
public final class Transactions {
  private Transactions() {}

  /** JDBC work on the transaction's connection. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  /**
   * Runs {@code work} on a connection of {@code dataSource} in one transaction: committed if it
   * returns, rolled back if it throws; the connection goes back to the pool as it came.
   */
  public static <T> T inTransaction(DataSource dataSource, Work<T> work) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      boolean autoCommit = connection.getAutoCommit();
      connection.setAutoCommit(false);
      try {
        T result = work.run(connection);
        connection.commit();
        return result;
      } catch (Throwable e) {
        // Whatever it was: restoring auto-commit below would otherwise commit the work half done.
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(autoCommit);
      }
    }
  }
}
