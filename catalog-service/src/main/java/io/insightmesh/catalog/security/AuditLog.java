package io.insightmesh.catalog.security;

import io.insightmesh.catalog.store.CatalogStore;
import io.insightmesh.catalog.store.StoreException;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * The append-only record of every write, grant and denial. Entries name principals, actions and
 * targets (tables, products, principals), never data values, so no PII reaches it.
 */
@ApplicationScoped
public class AuditLog {
  private static final int MAX_TEXT = 1024;

  /** Whether the action was carried out or refused. */
  public enum Outcome {
    ALLOWED,
    DENIED,
    FAILED
  }

  /** One audit entry. */
  public record Entry(
      long id,
      OffsetDateTime at,
      String requestId,
      String principal,
      String action,
      String target,
      Outcome outcome,
      String detail) {}

  private static final Logger LOG = Logger.getLogger(AuditLog.class);

  private final DataSource dataSource;
  private final MeterRegistry metrics;

  public AuditLog(CatalogStore store, MeterRegistry metrics) {
    this.dataSource = store.dataSource();
    this.metrics = metrics;
  }

  /**
   * Records an entry for something that has happened and stands whatever the store says: a write
   * made, a refusal given. An entry the store refuses goes to the service's log instead, at ERROR,
   * and is counted in {@code mesh.catalog.audit.unrecorded}, for an operator to copy into the
   * record once the store is healthy.
   */
  public void recordOrKeepInLog(
      String requestId,
      String principal,
      String action,
      String target,
      Outcome outcome,
      String detail) {
    try {
      record(requestId, principal, action, target, outcome, detail);
    } catch (RuntimeException e) {
      metrics.counter("mesh.catalog.audit.unrecorded", "action", action).increment();
      LOG.errorf(
          e,
          "Audit entry not stored, kept here: request %s, principal %s, %s %s, %s",
          requestId,
          principal,
          action,
          target,
          outcome);
    }
  }

  public void record(
      String requestId,
      String principal,
      String action,
      String target,
      Outcome outcome,
      String detail) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO audit_log (at, request_id, principal, action, target, outcome, detail) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      insert.setObject(1, OffsetDateTime.now(ZoneOffset.UTC));
      insert.setString(2, truncate(requestId, 64));
      insert.setString(3, truncate(principal, 255));
      insert.setString(4, truncate(action, 64));
      insert.setString(5, truncate(target, MAX_TEXT));
      insert.setString(6, outcome.name());
      insert.setString(7, detail == null ? null : truncate(detail, MAX_TEXT));
      insert.executeUpdate();
    } catch (SQLException e) {
      throw new StoreException("Cannot write the audit log", e);
    }
  }

  /** The newest entries first, optionally only one principal's. */
  public List<Entry> recent(String principal, int limit) {
    String sql =
        "SELECT id, at, request_id, principal, action, target, outcome, detail FROM audit_log "
            + (principal == null ? "" : "WHERE principal = ? ")
            + "ORDER BY id DESC LIMIT ?";
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query = connection.prepareStatement(sql)) {
      int index = 1;
      if (principal != null) {
        query.setString(index++, principal);
      }
      query.setInt(index, limit);
      List<Entry> entries = new ArrayList<>();
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          entries.add(
              new Entry(
                  rows.getLong(1),
                  rows.getObject(2, OffsetDateTime.class),
                  rows.getString(3),
                  rows.getString(4),
                  rows.getString(5),
                  rows.getString(6),
                  Outcome.valueOf(rows.getString(7)),
                  rows.getString(8)));
        }
      }
      return entries;
    } catch (SQLException e) {
      throw new StoreException("Cannot read the audit log", e);
    }
  }

  private static String truncate(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max);
  }
}
