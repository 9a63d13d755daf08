package io.insightmesh.catalog.store;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the metadata store answers: without it no request can be served. */
@Readiness
@ApplicationScoped
public class StoreHealthCheck implements HealthCheck {
  private final CatalogStore store;

  public StoreHealthCheck(CatalogStore store) {
    this.store = store;
  }

  @Override
  public HealthCheckResponse call() {
    try (Connection connection = store.dataSource().getConnection()) {
      boolean valid = connection.isValid(2);
      return HealthCheckResponse.named("metadata-store")
          .status(valid)
          .withData("kind", store.kind())
          .build();
    } catch (SQLException e) {
      return HealthCheckResponse.named("metadata-store")
          .down()
          .withData("kind", store.kind())
          .withData("error", e.getClass().getSimpleName())
          .build();
    }
  }
}
