package io.insightmesh.catalog.usage;

import io.insightmesh.catalog.store.CatalogStore;
import io.insightmesh.catalog.store.StoreException;
import io.insightmesh.catalog.store.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Product reads in table {@code product_usage} of the metadata store (H2 or PostgreSQL), one row
 * per product and run. Counting rows keeps every window exact; an index on (product, time) keeps a
 * product's summary a range scan.
 */
@ApplicationScoped
class JdbcUsageStore implements UsageStore {
  private final DataSource dataSource;

  JdbcUsageStore(CatalogStore store) {
    this.dataSource = store.dataSource();
  }

  @Override
  public void record(List<ProductUse> uses) {
    if (uses.isEmpty()) {
      return;
    }
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    try {
      Transactions.inTransaction(
          dataSource,
          connection -> {
            try (PreparedStatement insert =
                connection.prepareStatement(
                    "INSERT INTO product_usage (product_id, run_id, consumer_kind, consumer,"
                        + " used_at, recorded_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
              for (ProductUse use : uses) {
                insert.setString(1, use.productId());
                insert.setString(2, use.runId());
                insert.setString(3, use.consumer().kind().name());
                insert.setString(4, use.consumer().name());
                insert.setObject(5, use.usedAt());
                insert.setObject(6, now);
                insert.executeUpdate();
              }
            }
            return null;
          });
    } catch (SQLException e) {
      throw new StoreException("Cannot record product usage", e);
    }
  }

  @Override
  public Summary summary(
      String productId, OffsetDateTime dayStart, OffsetDateTime monthStart, int limit) {
    try (Connection connection = dataSource.getConnection()) {
      Counts counts;
      long consumerCount;
      Optional<OffsetDateTime> lastUsedAt;
      try (PreparedStatement query =
          connection.prepareStatement(
              "SELECT COUNT(*),"
                  + " COALESCE(SUM(CASE WHEN used_at >= ? THEN 1 ELSE 0 END), 0),"
                  + " COALESCE(SUM(CASE WHEN used_at >= ? THEN 1 ELSE 0 END), 0),"
                  + " COUNT(DISTINCT consumer_kind || ':' || consumer), MAX(used_at)"
                  + " FROM product_usage WHERE product_id = ?")) {
        query.setObject(1, dayStart);
        query.setObject(2, monthStart);
        query.setString(3, productId);
        try (ResultSet rows = query.executeQuery()) {
          rows.next();
          counts = new Counts(rows.getLong(1), rows.getLong(2), rows.getLong(3));
          consumerCount = rows.getLong(4);
          lastUsedAt = Optional.ofNullable(rows.getObject(5, OffsetDateTime.class));
        }
      }
      List<ConsumerCounts> consumers = new ArrayList<>();
      try (PreparedStatement query =
          connection.prepareStatement(
              "SELECT consumer_kind, consumer, COUNT(*),"
                  + " COALESCE(SUM(CASE WHEN used_at >= ? THEN 1 ELSE 0 END), 0),"
                  + " COALESCE(SUM(CASE WHEN used_at >= ? THEN 1 ELSE 0 END), 0),"
                  + " MIN(used_at), MAX(used_at)"
                  + " FROM product_usage WHERE product_id = ?"
                  + " GROUP BY consumer_kind, consumer"
                  + " ORDER BY COUNT(*) DESC, consumer_kind, consumer LIMIT ?")) {
        query.setObject(1, dayStart);
        query.setObject(2, monthStart);
        query.setString(3, productId);
        query.setInt(4, limit);
        try (ResultSet rows = query.executeQuery()) {
          while (rows.next()) {
            consumers.add(
                new ConsumerCounts(
                    new Consumer(Consumer.Kind.valueOf(rows.getString(1)), rows.getString(2)),
                    new Counts(rows.getLong(3), rows.getLong(4), rows.getLong(5)),
                    rows.getObject(6, OffsetDateTime.class),
                    rows.getObject(7, OffsetDateTime.class)));
          }
        }
      }
      return new Summary(counts, consumerCount, lastUsedAt, consumers);
    } catch (SQLException e) {
      throw new StoreException("Cannot read the usage of " + productId, e);
    }
  }
}
