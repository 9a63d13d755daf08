package io.insightmesh.decisions.table;

import static java.util.Objects.requireNonNull;

import io.insightmesh.contracts.risk.Decision;
import io.insightmesh.contracts.spec.ProductDescriptor;
import io.insightmesh.contracts.spec.ProductDescriptors;
import io.insightmesh.sdk.publish.CatalogConnection;
import io.insightmesh.sdk.publish.ProductTables;
import io.insightmesh.sdk.publish.RegistryClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.rest.RESTCatalog;

/**
 * The {@code risk.decisions} product's Iceberg table ({@code risk.decisions_v1}): created from the
 * contract shipped in the contracts module, with the layout every product table has.
 */
public final class DecisionTable {
  /** The product's identity. */
  public static final String PRODUCT_ID = "risk.decisions";

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(60);

  private DecisionTable() {}

  /** The product's descriptor, as shipped in the contracts module. */
  public static ProductDescriptor product() {
    return ProductDescriptors.builtIn(PRODUCT_ID);
  }

  /**
   * A REST catalog client signed in as the connection's principal (the scoring engine's). A {@code
   * file:} warehouse is read and written through {@link LocalFileIO}, without Hadoop's local file
   * system; an {@code s3://} warehouse is reached through S3FileIO with the settings of the
   * catalog's {@code /v1/config} ({@link WarehouseFileIO}). The caller closes it.
   */
  public static RESTCatalog connect(CatalogConnection connection) {
    requireNonNull(connection, "connection is null");
    Map<String, String> properties = new LinkedHashMap<>(connection.icebergProperties());
    properties.put(CatalogProperties.FILE_IO_IMPL, WarehouseFileIO.class.getName());
    // Iceberg's HTTP client waits for an answer forever by default: a catalog that stalls would
    // hold the committer (and the engine's shutdown) with it. A commit that times out is an
    // unknown outcome, which the committer reconciles.
    properties.put("rest.client.connection-timeout-ms", Long.toString(CONNECT_TIMEOUT.toMillis()));
    properties.put("rest.client.socket-timeout-ms", Long.toString(ANSWER_TIMEOUT.toMillis()));
    RESTCatalog catalog = new RESTCatalog();
    catalog.setConf(new Configuration());
    catalog.initialize("scoring-engine", properties);
    return catalog;
  }

  /**
   * Registers the product and its contract version in the catalog registry if they are missing (so
   * the catalog's contract gate accepts the table), then creates or loads the table.
   *
   * @throws io.insightmesh.sdk.publish.PublishException if the registry refuses the registration
   */
  public static Table createOrLoad(Catalog catalog, RegistryClient registry) {
    requireNonNull(registry, "registry is null");
    ProductDescriptor product = product();
    registry.register(product, product.version());
    return createOrLoad(catalog, product);
  }

  /**
   * Creates or loads the table without touching a registry: for catalogs that have none (tests,
   * embedded tools).
   */
  public static Table createOrLoad(Catalog catalog) {
    return createOrLoad(catalog, product());
  }

  private static Table createOrLoad(Catalog catalog, ProductDescriptor product) {
    requireNonNull(catalog, "catalog is null");
    return ProductTables.createOrLoad(catalog, product, product.version());
  }

  /**
   * Why {@code log} cannot be committed into {@code table}, if it cannot: another log filled the
   * table (this one replaced it, or a volume was lost), or the table holds sequences this log never
   * made durable or has since given to other decisions (it was cut at a damaged frame when it was
   * reopened, {@link io.insightmesh.decisions.log.DecisionLog#matchableSequence()}). Either way
   * this log's sequences repeat numbers the table holds with other decisions, and a committer would
   * skip them once the log grew past them. If it can, the log is told so ({@link
   * io.insightmesh.decisions.log.DecisionLog#tableMatched()}). The one judgement both the committer
   * (which refuses to start) and the engine's catalog link (which holds claims) make.
   *
   * @throws java.io.UncheckedIOException if the log cannot record the match
   */
  public static java.util.Optional<String> matchLog(
      org.apache.iceberg.Table table, io.insightmesh.decisions.log.DecisionLog log) {
    long committed = CommittedPosition.of(table);
    java.util.Optional<String> filledBy = CommittedPosition.logId(table, table.currentSnapshot());
    if (filledBy.isPresent() && !filledBy.get().equals(log.identity())) {
      return java.util.Optional.of(
          "the table "
              + table.name()
              + " holds decision log sequences up to "
              + committed
              + " of log "
              + filledBy.get()
              + ", not of this log "
              + log.identity()
              + " in "
              + log.directory());
    }
    long durable = log.durableSequence();
    long matchable = log.matchableSequence();
    if (committed > matchable) {
      String held =
          "the table " + table.name() + " holds decision log sequences up to " + committed;
      return java.util.Optional.of(
          matchable == durable
              ? held + " but the log in " + log.directory() + " is durable only up to " + durable
              : held
                  + " but the log in "
                  + log.directory()
                  + " was durable only up to "
                  + matchable
                  + " when it was reopened: its sequences "
                  + (matchable + 1)
                  + " to "
                  + committed
                  + " are other decisions than the table's");
    }
    log.tableMatched();
    return java.util.Optional.empty();
  }

  /**
   * Every decision committed to {@code table}'s current snapshot, in no particular order, handed to
   * {@code consumer} on this thread: what a restarted engine must remember once the log no longer
   * holds them.
   */
  public static long readDecisions(
      org.apache.iceberg.Table table, java.util.function.Consumer<Decision> consumer) {
    return readDecisions(table, decision -> decision, consumer, count -> {});
  }

  /**
   * As {@link #readDecisions(org.apache.iceberg.Table, java.util.function.Consumer)}, each decision
   * first made into what {@code consumer} takes by {@code prepare}, on a thread of its own (the
   * table's files are decoded on a thread for each core, {@link CommittedDecisions}), and {@code
   * progress} told how many so far every thousand or so.
   *
   * @throws java.io.UncheckedIOException if the table cannot be read
   */
  public static <T> long readDecisions(
      org.apache.iceberg.Table table,
      java.util.function.Function<Decision, ? extends T> prepare,
      java.util.function.Consumer<? super T> consumer,
      java.util.function.LongConsumer progress) {
    return new CommittedDecisions(table, Runtime.getRuntime().availableProcessors())
        .read(prepare, consumer, progress);
  }

  /**
   * How many decisions {@code table}'s current snapshot holds, or -1 if its summary does not say.
   */
  public static long committedDecisions(org.apache.iceberg.Table table) {
    return CommittedDecisions.expected(table);
  }
}
