package io.insightmesh.it.analytics;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.insightmesh.it.harness.Engines;
import io.insightmesh.it.harness.ServiceProcess;
import io.insightmesh.it.harness.Stores;
import io.insightmesh.it.harness.TrinoServer;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * When Trino cannot ask the policy service, it answers no query at all: not the masked data, not
 * the clear data, not even {@code SELECT 1}. The catalog and its Iceberg REST API stay up; only the
 * policy endpoint Trino is configured with answers nothing, as when the policy service is stopped.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TrinoPolicyFailClosedIT {
  private TrinoServer trino;

  @BeforeAll
  void startTrinoWithThePolicyServiceDown() {
    Path directory = Stores.workDirectory().resolve("engines").resolve("trino-policy-down");
    Stores.deleteRecursively(directory);
    trino =
        TrinoServer.start(
            directory,
            Engines.catalog(),
            URI.create("http://127.0.0.1:" + ServiceProcess.freePort() + "/api/v1/policy/trino"));
  }

  @AfterAll
  void stop() {
    trino.close();
  }

  @Test
  void everyQueryFailsForEveryone() {
    for (String principal : List.of("analyst", "pii-analyst", "admin", "claims-team")) {
      for (String sql :
          List.of(
              "SELECT 1",
              "SELECT nino FROM mesh.claims.claims_v1",
              "SHOW TABLES FROM mesh.claims",
              "SELECT * FROM system.runtime.queries")) {
        assertThatThrownBy(
                () -> {
                  try (Connection connection = trino.connection(principal);
                      Statement statement = connection.createStatement()) {
                    statement.executeQuery(sql).next();
                  }
                })
            .as("%s: %s", principal, sql)
            .isInstanceOf(java.sql.SQLException.class)
            .hasMessageNotContaining("AA0000");
      }
    }
  }
}
