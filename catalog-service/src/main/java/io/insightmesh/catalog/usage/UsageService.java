package io.insightmesh.catalog.usage;

import io.insightmesh.catalog.registry.Product;
import io.insightmesh.catalog.registry.ProductRegistry;
import io.insightmesh.catalog.security.Authorizer;
import io.insightmesh.catalog.security.Caller;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * Product usage (issue 6): records which consumer read which product from the lineage events the
 * catalog ingests (Trino's OpenLineage listener reports every query, SELECT included; pipelines
 * report their runs), and answers who uses a product and how often.
 */
@ApplicationScoped
public class UsageService {
  static final int MAX_CONSUMERS = 200;
  private static final Duration DAY = Duration.ofHours(24);
  private static final Duration MONTH = Duration.ofDays(30);

  private final UsageStore store;
  private final TrinoQueryUsers trinoUsers;
  private final ProductRegistry registry;
  private final Authorizer authorizer;
  private final MeterRegistry metrics;

  UsageService(
      UsageStore store,
      TrinoQueryUsers trinoUsers,
      ProductRegistry registry,
      Authorizer authorizer,
      MeterRegistry metrics) {
    this.store = store;
    this.trinoUsers = trinoUsers;
    this.registry = registry;
    this.authorizer = authorizer;
    this.metrics = metrics;
  }

  /**
   * The consumer behind a Trino query: its user when the configured coordinator still knows the
   * query, else the Trino server ({@code jobNamespace}).
   */
  public Consumer trinoConsumer(String jobNamespace, String queryId) {
    Optional<String> user = trinoUsers.userOf(jobNamespace, queryId);
    metrics
        .counter(
            "mesh.catalog.usage.trino-lookups", "outcome", user.isPresent() ? "user" : "server")
        .increment();
    return user.map(Consumer::trinoUser).orElseGet(() -> Consumer.trino(jobNamespace));
  }

  /**
   * Records reads found in lineage events the caller was allowed to send; each product and run
   * counts once, however often its events are sent.
   */
  public void record(List<ProductUse> uses) {
    store.record(uses);
    metrics.counter("mesh.catalog.usage.reads").increment(uses.size());
  }

  /**
   * Who reads {@code productId} and how often. Every reader of the catalog sees the counts; the
   * consumers are listed to the product's domain owner and admins only.
   *
   * @throws io.insightmesh.catalog.registry.NoSuchProductException if it is not registered
   * @throws IllegalArgumentException if {@code productId} is not a product id
   */
  public ProductUsage usage(String productId) {
    Product product = registry.get(productId);
    Caller caller = authorizer.checkRead("read usage of", product.id().toString());
    boolean listsConsumers = caller.isAdmin() || caller.ownsDomain(product.id().domain());
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
    UsageStore.Summary summary =
        store.summary(
            product.id().toString(),
            now.minus(DAY),
            now.minus(MONTH),
            listsConsumers ? MAX_CONSUMERS : 0);
    List<ProductUsage.ConsumerUsage> consumers =
        listsConsumers
            ? summary.consumers().stream()
                .map(
                    consumer ->
                        new ProductUsage.ConsumerUsage(
                            consumer.consumer().kind(),
                            consumer.consumer().name(),
                            queries(consumer.counts()),
                            timestamp(consumer.firstUsedAt()),
                            timestamp(consumer.lastUsedAt())))
                .toList()
            : null;
    return new ProductUsage(
        product.id().toString(),
        timestamp(now),
        queries(summary.counts()),
        summary.consumerCount(),
        summary.lastUsedAt().map(UsageService::timestamp).orElse(null),
        consumers,
        listsConsumers ? summary.consumerCount() > consumers.size() : null);
  }

  private static ProductUsage.Queries queries(UsageStore.Counts counts) {
    return new ProductUsage.Queries(counts.total(), counts.sinceDay(), counts.sinceMonth());
  }

  private static String timestamp(OffsetDateTime at) {
    return DateTimeFormatter.ISO_INSTANT.format(at);
  }
}
