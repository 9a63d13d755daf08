package io.insightmesh.decisions.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.insightmesh.decisions.log.DecisionLog;
import io.insightmesh.decisions.record.AssessedClaimCodec;
import io.insightmesh.decisions.record.Samples;
import io.insightmesh.decisions.table.DecisionCommitter;
import io.insightmesh.decisions.table.DecisionRelease;
import io.insightmesh.decisions.table.DecisionTable;
import io.insightmesh.decisions.table.RecordingRegistry;
import io.insightmesh.decisions.table.ReleaseCadence;
import io.insightmesh.decisions.table.TestCatalogs;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.exceptions.ServiceUnavailableException;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableWorkersTest {
  @TempDir Path directory;

  private TableWorkers.Settings settings(Duration hygieneInterval) {
    return new TableWorkers.Settings(
        DecisionCommitter.Options.defaults().withCommitInterval(Duration.ofMillis(50)),
        hygieneInterval,
        directory.resolve("expired-files.pending"),
        Duration.ofMinutes(15),
        new ReleaseCadence(Duration.ofHours(1), 1_000_000),
        Duration.ofHours(1));
  }

  private JdbcCatalog catalog;
  private DecisionLog log;

  @BeforeEach
  void open() {
    catalog = TestCatalogs.open(directory);
    DecisionTable.createOrLoad(catalog);
    log = DecisionLog.open(directory.resolve("log"), DecisionLog.Options.defaults());
  }

  @AfterEach
  void close() throws IOException {
    log.close();
    catalog.close();
  }

  @Test
  void aCatalogFailingWhileTheWorkersArePreparedLeavesNoCommitterBehindForTheRetry() {
    AssessedClaimCodec codec = new AssessedClaimCodec();
    List<byte[]> decisions = new ArrayList<>();
    for (int n = 0; n < 40; n++) {
      decisions.add(codec.encode(Samples.full(n, Instant.now())));
    }
    log.append(decisions).join();
    long committersBefore = runningCommitters();
    RecordingRegistry registry = new RecordingRegistry();

    // The link loaded the committer's table; the catalog answers one more load, then fails.
    Catalog hiccup = new FailingLoads(catalog, 1);
    assertThatThrownBy(
            () -> TableWorkers.start(hiccup, table(), log, settings(Duration.ofHours(1)), registry))
        .isInstanceOf(ServiceUnavailableException.class);
    assertThat(runningCommitters()).isEqualTo(committersBefore);

    // The link's retry two seconds later.
    try (TableWorkers workers =
        TableWorkers.start(catalog, table(), log, settings(Duration.ofHours(1)), registry)) {
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> workers.committer().committedSequence() == 40);
      assertThat(runningCommitters()).isEqualTo(committersBefore + 1);
    }
    assertThat(claimIds()).hasSize(40).doesNotHaveDuplicates();
    // Closing cut the final release: every decision acknowledged before shutdown is in it.
    assertThat(registry.recorded).singleElement().extracting(DecisionRelease::rows).isEqualTo(40L);
  }

  @Test
  void aWorkerThatCannotStartStopsTheCommitterStartedBeforeIt() {
    long committersBefore = runningCommitters();
    // Hygiene refuses to start after the committer started, where a thread the process has no
    // room for would fail (CatalogLink refuses this interval earlier; the failure point is the
    // same).
    TableWorkers.Settings failing = settings(Duration.ofSeconds(-1));

    assertThatThrownBy(
            () -> TableWorkers.start(catalog, table(), log, failing, new RecordingRegistry()))
        .isInstanceOf(IllegalArgumentException.class);

    // The link's retry would otherwise start a second committer on the same log.
    await().atMost(Duration.ofSeconds(30)).until(() -> runningCommitters() == committersBefore);
  }

  private Table table() {
    return catalog.loadTable(TableIdentifier.parse(DecisionTable.product().table()));
  }

  private List<String> claimIds() {
    List<String> ids = new ArrayList<>();
    try (CloseableIterable<Record> rows = IcebergGenerics.read(table()).build()) {
      rows.forEach(row -> ids.add((String) row.getField("claim_id")));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return ids;
  }

  private static long runningCommitters() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> thread.isAlive() && thread.getName().equals("decision-committer"))
        .count();
  }

  /** A real catalog that answers 503 to every load after the first {@code loads}. */
  private static final class FailingLoads implements Catalog {
    private final Catalog catalog;
    private final AtomicInteger loadsLeft;

    FailingLoads(Catalog catalog, int loads) {
      this.catalog = catalog;
      this.loadsLeft = new AtomicInteger(loads);
    }

    @Override
    public Table loadTable(TableIdentifier identifier) {
      if (loadsLeft.getAndDecrement() <= 0) {
        throw new ServiceUnavailableException("Service unavailable: the catalog answered 503");
      }
      return catalog.loadTable(identifier);
    }

    @Override
    public List<TableIdentifier> listTables(Namespace namespace) {
      return catalog.listTables(namespace);
    }

    @Override
    public boolean dropTable(TableIdentifier identifier, boolean purge) {
      return catalog.dropTable(identifier, purge);
    }

    @Override
    public void renameTable(TableIdentifier from, TableIdentifier to) {
      catalog.renameTable(from, to);
    }
  }
}
