package io.insightmesh.catalog.usage;

import java.util.List;

/**
 * Who reads a product and how often: runs (Trino queries, pipeline runs) that completed having read
 * it, in total, in the last 24 hours and in the last 30 days, counted at {@code asOf}.
 *
 * @param consumers the consumers with the most reads, at most 200; {@code null} unless the caller
 *     owns the product's domain or is an admin, since who ran which queries is the owners' to see
 * @param consumersTruncated whether more consumers read the product than {@code consumers} lists
 */
public record ProductUsage(
    String product,
    String asOf,
    Queries queries,
    long consumerCount,
    String lastUsedAt,
    List<ConsumerUsage> consumers,
    Boolean consumersTruncated) {

  /** Read counts. */
  public record Queries(long total, long last24Hours, long last30Days) {}

  /** One consumer's reads. */
  public record ConsumerUsage(
      Consumer.Kind kind, String name, Queries queries, String firstUsedAt, String lastUsedAt) {}
}
