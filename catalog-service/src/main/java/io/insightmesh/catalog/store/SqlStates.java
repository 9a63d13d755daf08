package io.insightmesh.catalog.store;

import java.sql.SQLException;

/** What a metadata store's SQL failure means, in H2 and PostgreSQL alike. */
public final class SqlStates {
  /** SQLSTATE of a unique or primary-key violation. */
  private static final String UNIQUE_VIOLATION = "23505";

  private SqlStates() {}

  /** Whether {@code failure} is a row refused because its key is taken. */
  public static boolean uniqueViolation(SQLException failure) {
    return UNIQUE_VIOLATION.equals(failure.getSQLState());
  }
}
