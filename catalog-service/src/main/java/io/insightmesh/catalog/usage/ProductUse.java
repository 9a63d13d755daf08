package io.insightmesh.catalog.usage;

import static java.util.Objects.requireNonNull;

import java.time.OffsetDateTime;

/**
 * One read of a product: a run (a Trino query, a pipeline run) that completed having read it. A run
 * reads a product once, however often its plan touches the product's table.
 *
 * @param productId the product read, {@code <domain>.<product>}
 * @param runId the OpenLineage run id of the query or job run
 * @param consumer who read it
 * @param usedAt when the run completed, as its producer reported
 */
public record ProductUse(String productId, String runId, Consumer consumer, OffsetDateTime usedAt) {
  public ProductUse {
    requireNonNull(productId, "productId is null");
    requireNonNull(runId, "runId is null");
    requireNonNull(consumer, "consumer is null");
    requireNonNull(usedAt, "usedAt is null");
  }
}
