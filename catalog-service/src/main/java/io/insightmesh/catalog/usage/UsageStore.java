package io.insightmesh.catalog.usage;

import static java.util.Objects.requireNonNull;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/** Where reads of products are kept: one row per product and run, never a query's text. */
interface UsageStore {

  /** Stores the uses, each once: a use whose product and run are stored already is skipped. */
  void record(List<ProductUse> uses);

  /** Reads of one product counted at {@code now}: in total and since the two window starts. */
  record Counts(long total, long sinceDay, long sinceMonth) {}

  /** One consumer's reads of a product. */
  record ConsumerCounts(
      Consumer consumer, Counts counts, OffsetDateTime firstUsedAt, OffsetDateTime lastUsedAt) {
    public ConsumerCounts {
      requireNonNull(consumer, "consumer is null");
      requireNonNull(counts, "counts is null");
      requireNonNull(firstUsedAt, "firstUsedAt is null");
      requireNonNull(lastUsedAt, "lastUsedAt is null");
    }
  }

  /**
   * The product's reads: totals, the number of distinct consumers, and the {@code limit} consumers
   * with the most reads (ties by kind and name).
   */
  record Summary(
      Counts counts,
      long consumerCount,
      Optional<OffsetDateTime> lastUsedAt,
      List<ConsumerCounts> consumers) {
    public Summary {
      requireNonNull(counts, "counts is null");
      requireNonNull(lastUsedAt, "lastUsedAt is null");
      consumers = List.copyOf(consumers);
    }
  }

  Summary summary(String productId, OffsetDateTime dayStart, OffsetDateTime monthStart, int limit);
}
