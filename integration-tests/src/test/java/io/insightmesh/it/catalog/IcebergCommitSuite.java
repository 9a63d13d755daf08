package io.insightmesh.it.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.insightmesh.it.harness.CatalogClients;
import io.insightmesh.it.harness.CatalogServer;
import io.insightmesh.it.harness.IcebergMessages;
import io.insightmesh.it.harness.TableWatch;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Commits as real clients see them: concurrent committers lose nothing, a conflict is a 409,
 * multi-table transactions are all-or-nothing, load-table answers ETags and 304s, and mutations
 * replay under an Idempotency-Key instead of applying twice.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class IcebergCommitSuite {
  private static final String P = CatalogClients.ICEBERG_PATH;
  static final Namespace RISK = Namespace.of("risk");
  static final Schema SCHEMA =
      new Schema(Types.NestedField.required(1, "id", Types.LongType.get()));

  private CatalogServer server;
  private RESTCatalog owner;
  private String token;

  abstract CatalogServer server();

  @BeforeAll
  void start() {
    server = server();
    owner = CatalogClients.iceberg(server, "risk-team");
    if (!owner.namespaceExists(RISK)) {
      owner.createNamespace(RISK);
    }
    token = server.token("risk-team");
  }

  @AfterAll
  void stop() throws Exception {
    owner.close();
  }

  @Test
  void concurrentCommittersLoseNoCommit() throws Exception {
    TableIdentifier id = TableIdentifier.of(RISK, "concurrent_appends");
    owner.createTable(
        id,
        SCHEMA,
        PartitionSpec.unpartitioned(),
        Map.of(
            TableProperties.COMMIT_NUM_RETRIES,
            "100",
            TableProperties.COMMIT_MIN_RETRY_WAIT_MS,
            "5",
            TableProperties.COMMIT_MAX_RETRY_WAIT_MS,
            "50"));
    int writers = 6;
    int commitsEach = 8;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> results = new ArrayList<>();
    for (int writer = 0; writer < writers; writer++) {
      int w = writer;
      results.add(
          pool.submit(
              () -> {
                try (RESTCatalog client = CatalogClients.iceberg(server, "risk-team")) {
                  Table table = client.loadTable(id);
                  go.await();
                  for (int commit = 0; commit < commitsEach; commit++) {
                    table.newFastAppend().appendFile(file(table, "w" + w + "-c" + commit)).commit();
                  }
                }
                return null;
              }));
    }
    go.countDown();
    for (Future<?> result : results) {
      result.get(5, TimeUnit.MINUTES);
    }
    pool.shutdown();

    Table table = owner.loadTable(id);
    Set<String> files =
        StreamSupport.stream(table.newScan().planFiles().spliterator(), false)
            .map(task -> task.file().location())
            .collect(Collectors.toSet());
    assertThat(files).hasSize(writers * commitsEach);
    assertThat(StreamSupport.stream(table.snapshots().spliterator(), false).count())
        .isEqualTo(writers * commitsEach);
  }

  @Test
  void conflictingCommitIsA409() {
    TableIdentifier id = TableIdentifier.of(RISK, "cas");
    Table table = owner.createTable(id, SCHEMA);
    String uuid = table.uuid().toString();
    String body =
        "{\"requirements\":[{\"type\":\"assert-table-uuid\",\"uuid\":\""
            + uuid
            + "\"},{\"type\":\"assert-last-assigned-field-id\",\"last-assigned-field-id\":1}],"
            + "\"updates\":[{\"action\":\"add-schema\",\"schema\":{\"type\":\"struct\",\"schema-id\":1,"
            + "\"fields\":[{\"id\":1,\"name\":\"id\",\"required\":true,\"type\":\"long\"},"
            + "{\"id\":2,\"name\":\"%s\",\"required\":false,\"type\":\"string\"}]},"
            + "\"last-column-id\":2},{\"action\":\"set-current-schema\",\"schema-id\":-1}]}";

    HttpResponse<String> first = commit("cas", String.format(body, "first"));
    HttpResponse<String> second = commit("cas", String.format(body, "second"));

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(second.statusCode()).isEqualTo(409);
    assertThat(second.body()).contains("CommitFailedException").contains("last assigned field id");
    assertThat(owner.loadTable(id).schema().findField("first")).isNotNull();
    assertThat(owner.loadTable(id).schema().findField("second")).isNull();
  }

  @Test
  void transactionIsAllOrNothing() {
    Table left = owner.createTable(TableIdentifier.of(RISK, "tx_left"), SCHEMA);
    Table right = owner.createTable(TableIdentifier.of(RISK, "tx_right"), SCHEMA);

    HttpResponse<String> refused =
        CatalogClients.send(
            server,
            "POST",
            P + "/transactions/commit",
            "{\"table-changes\":["
                + change("tx_left", left.uuid().toString(), "release", "v1")
                + ","
                + change("tx_right", "00000000-0000-0000-0000-000000000000", "release", "v1")
                + "]}",
            token);
    assertThat(refused.statusCode()).isEqualTo(409);
    assertThat(owner.loadTable(TableIdentifier.of(RISK, "tx_left")).properties())
        .doesNotContainKey("release");

    HttpResponse<String> committed =
        CatalogClients.send(
            server,
            "POST",
            P + "/transactions/commit",
            "{\"table-changes\":["
                + change("tx_left", left.uuid().toString(), "release", "v2")
                + ","
                + change("tx_right", right.uuid().toString(), "release", "v2")
                + "]}",
            token);
    assertThat(committed.statusCode()).isEqualTo(204);
    assertThat(owner.loadTable(TableIdentifier.of(RISK, "tx_left")).properties())
        .containsEntry("release", "v2");
    assertThat(owner.loadTable(TableIdentifier.of(RISK, "tx_right")).properties())
        .containsEntry("release", "v2");
  }

  @Test
  void loadTableAnswersEtagAndNotModified() {
    TableIdentifier id = TableIdentifier.of(RISK, "etag");
    owner.createTable(id, SCHEMA);
    String path = P + "/namespaces/risk/tables/etag";

    HttpResponse<String> first = CatalogClients.send(server, "GET", path, null, token);
    String etag = first.headers().firstValue("ETag").orElseThrow();
    HttpResponse<String> unchanged =
        CatalogClients.send(server, "GET", path, null, token, Map.of("If-None-Match", etag));
    assertThat(unchanged.statusCode()).isEqualTo(304);
    assertThat(unchanged.body()).isEmpty();

    owner.loadTable(id).updateProperties().set("changed", "yes").commit();
    HttpResponse<String> changed =
        CatalogClients.send(server, "GET", path, null, token, Map.of("If-None-Match", etag));
    assertThat(changed.statusCode()).isEqualTo(200);
    assertThat(changed.headers().firstValue("ETag")).get().isNotEqualTo(etag);
    assertThat(changed.body()).contains("\"changed\":\"yes\"");
  }

  @Test
  void aWatchWithTheEtagSeesEachNewSnapshotOnce() {
    TableIdentifier id = TableIdentifier.of(RISK, "watched");
    owner.createTable(id, SCHEMA);
    TableWatch watch = new TableWatch(server, id, token);

    assertThat(watch.changed()).get().satisfies(m -> assertThat(m.snapshots()).isEmpty());
    assertThat(watch.changed()).isEmpty();

    Table table = owner.loadTable(id);
    table.newAppend().appendFile(file(table, "w1")).commit();
    long appended = table.currentSnapshot().snapshotId();
    assertThat(watch.changed())
        .get()
        .satisfies(m -> assertThat(m.currentSnapshot().snapshotId()).isEqualTo(appended));
    assertThat(watch.changed()).isEmpty();
  }

  @Test
  void idempotencyKeyReplaysInsteadOfApplyingTwice() {
    String body =
        IcebergMessages.json(
            org.apache.iceberg.rest.requests.CreateTableRequest.builder()
                .withName("idempotent")
                .withSchema(SCHEMA)
                .build());
    Map<String, String> key = Map.of("Idempotency-Key", "create-idempotent-1");
    String path = P + "/namespaces/risk/tables";

    HttpResponse<String> first = CatalogClients.send(server, "POST", path, body, token, key);
    HttpResponse<String> replay = CatalogClients.send(server, "POST", path, body, token, key);
    HttpResponse<String> withoutKey = CatalogClients.send(server, "POST", path, body, token);

    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
    assertThat(replay.statusCode()).isEqualTo(200);
    assertThat(replay.body()).isEqualTo(first.body());
    assertThat(withoutKey.statusCode()).isEqualTo(409);
    assertThat(owner.listTables(RISK)).filteredOn(t -> t.name().equals("idempotent")).hasSize(1);

    HttpResponse<String> reused =
        CatalogClients.send(
            server, "POST", path, body.replace("idempotent", "other_table"), token, key);
    assertThat(reused.statusCode()).isEqualTo(400);
    assertThat(reused.body()).contains("Idempotency-Key").contains("different request");
    assertThat(owner.tableExists(TableIdentifier.of(RISK, "other_table"))).isFalse();
  }

  private HttpResponse<String> commit(String table, String body) {
    return CatalogClients.send(server, "POST", P + "/namespaces/risk/tables/" + table, body, token);
  }

  private static String change(String table, String uuid, String key, String value) {
    return "{\"identifier\":{\"namespace\":[\"risk\"],\"name\":\""
        + table
        + "\"},\"requirements\":[{\"type\":\"assert-table-uuid\",\"uuid\":\""
        + uuid
        + "\"}],\"updates\":[{\"action\":\"set-properties\",\"updates\":{\""
        + key
        + "\":\""
        + value
        + "\"}}]}";
  }

  static DataFile file(Table table, String name) {
    return DataFiles.builder(table.spec())
        .withPath(table.location() + "/data/" + name + ".parquet")
        .withFileSizeInBytes(100)
        .withRecordCount(1)
        .build();
  }
}
