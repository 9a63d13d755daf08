package io.insightmesh.it.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.insightmesh.it.harness.CatalogClients;
import io.insightmesh.it.harness.CatalogServer;
import io.insightmesh.it.harness.IcebergMessages;
import io.insightmesh.it.harness.Stores;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.rest.requests.CreateTableRequest;
import org.junit.jupiter.api.Test;

class IcebergCommitOnPostgresIT extends IcebergCommitSuite {
  @Override
  CatalogServer server() {
    return Stores.catalog(Stores.Kind.POSTGRESQL);
  }

  /**
   * The audit log refuses a commit's entry after the commit has landed (here a check constraint on
   * one table's entries, as a full disk or a damaged audit table would): Iceberg's own client sees
   * its appends succeed, each once, and the entries are in the service's log. Answered 503, the
   * client reported a commit that had landed as of unknown outcome.
   */
  @Test
  void aCommitWhoseAuditEntryTheStoreRefusesLandsOnce() throws Exception {
    CatalogServer server = server();
    TableIdentifier id = TableIdentifier.of(RISK, "audit_refused");
    try (RESTCatalog client = CatalogClients.iceberg(server, "risk-team");
        Connection database = Stores.postgresCatalogDatabase()) {
      Table table = client.createTable(id, SCHEMA);
      execute(
          database,
          "ALTER TABLE audit_log ADD CONSTRAINT refuses_audit_refused"
              + " CHECK (target <> 'table risk.audit_refused') NOT VALID");
      try {
        table.newAppend().appendFile(file(table, "first")).commit();
        table.newAppend().appendFile(file(table, "second")).commit();
      } finally {
        execute(database, "ALTER TABLE audit_log DROP CONSTRAINT refuses_audit_refused");
      }

      Table committed = client.loadTable(id);
      assertThat(
              StreamSupport.stream(committed.newScan().planFiles().spliterator(), false)
                  .map(task -> task.file().location()))
          .containsExactlyInAnyOrder(
              table.location() + "/data/first.parquet", table.location() + "/data/second.parquet");
      assertThat(committed.snapshots()).hasSize(2);
      assertThat(Files.readString(server.log()))
          .as("the entries the store refused, in the service's log")
          .contains("Audit entry not stored, kept here")
          .contains("table.commit table risk.audit_refused, ALLOWED");
      assertThat(
              CatalogClients.counter(
                  server, "mesh_catalog_audit_unrecorded_total", "action=\"table.commit\""))
          .as("commits whose audit entry only the log holds")
          .isEqualTo(2.0);
    }
  }

  /**
   * The store refuses to keep the answer of a change sent with an {@code Idempotency-Key} after the
   * change is made: the client is answered what happened (the table it created), not a 503 that
   * would have it send the change again.
   */
  @Test
  void aChangeWhoseIdempotencyKeyTheStoreRefusesIsAnsweredAsMade() throws Exception {
    CatalogServer server = server();
    String body =
        IcebergMessages.json(
            CreateTableRequest.builder().withName("key_refused").withSchema(SCHEMA).build());
    HttpResponse<String> created;
    try (Connection database = Stores.postgresCatalogDatabase()) {
      // The key is reserved before the change runs (a pending row, status 0); the store refuses
      // only the answer stored after it.
      execute(
          database,
          "ALTER TABLE idempotency_keys ADD CONSTRAINT refuses_key"
              + " CHECK (idempotency_key <> 'refused-key' OR status = 0) NOT VALID");
      try {
        created = createUnderRefusedKey(server, body);
      } finally {
        execute(database, "ALTER TABLE idempotency_keys DROP CONSTRAINT refuses_key");
      }
    }

    assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
    assertThat(created.body()).contains("\"metadata-location\"");
    try (RESTCatalog client = CatalogClients.iceberg(server, "risk-team")) {
      assertThat(client.tableExists(TableIdentifier.of(RISK, "key_refused"))).isTrue();
    }
    // Its answer unstored, a resend under the key is told so, and nothing runs again.
    HttpResponse<String> resent = createUnderRefusedKey(server, body);
    assertThat(resent.statusCode()).as(resent.body()).isEqualTo(503);
    assertThat(resent.body()).contains("has no answer yet");
  }

  private static HttpResponse<String> createUnderRefusedKey(CatalogServer server, String body) {
    return CatalogClients.send(
        server,
        "POST",
        CatalogClients.ICEBERG_PATH + "/namespaces/risk/tables",
        body,
        server.token("risk-team"),
        Map.of("Idempotency-Key", "refused-key"));
  }

  private static void execute(Connection database, String sql) throws SQLException {
    try (Statement statement = database.createStatement()) {
      statement.execute(sql);
    }
  }
}
