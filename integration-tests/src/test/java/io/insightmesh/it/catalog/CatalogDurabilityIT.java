package io.insightmesh.it.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.insightmesh.it.harness.CatalogClients;
import io.insightmesh.it.harness.CatalogServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

/**
 * An acknowledged commit on the embedded store survives {@code kill -9} of the service: after a
 * restart on the same data directory, every acknowledged change is there, and the seeded
 * credentials and signing key still work.
 */
class CatalogDurabilityIT {
  private static final Schema SCHEMA =
      new Schema(Types.NestedField.required(1, "id", Types.LongType.get()));

  @Test
  void acknowledgedCommitsSurviveKillMinusNine() throws Exception {
    Path data = Files.createTempDirectory("mesh-durability");
    try (CatalogServer server = CatalogServer.start("durability", data, Map.of())) {
      TableIdentifier id = TableIdentifier.of(Namespace.of("claims"), "durable");
      String acknowledgedMetadata;
      try (RESTCatalog client = CatalogClients.iceberg(server, "claims-team")) {
        client.createNamespace(Namespace.of("claims"));
        Table table = client.createTable(id, SCHEMA);
        for (int i = 0; i < 20; i++) {
          table.updateProperties().set("commit-" + i, "acknowledged").commit();
        }
        acknowledgedMetadata = client.loadTable(id).properties().get("commit-19");
      }
      assertThat(acknowledgedMetadata).isEqualTo("acknowledged");

      server.kill();
      server.restart();

      try (RESTCatalog client = CatalogClients.iceberg(server, "claims-team")) {
        Table table = client.loadTable(id);
        for (int i = 0; i < 20; i++) {
          assertThat(table.properties()).containsEntry("commit-" + i, "acknowledged");
        }
      }
    }
  }
}
