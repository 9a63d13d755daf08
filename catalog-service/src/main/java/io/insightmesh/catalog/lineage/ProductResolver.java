package io.insightmesh.catalog.lineage;

import java.util.Optional;

/** Finds the registered product a catalog table belongs to. */
interface ProductResolver {
  /**
   * The id of the product whose {@code icebergTable} is {@code table} ({@code <namespace>.<table>},
   * lower case).
   *
   * @return empty if no registered product names the table
   */
  Optional<String> productOf(String table);

  /** Whether {@code productId} ({@code <domain>.<name>}) is registered. */
  boolean isProduct(String productId);
}
