package io.insightmesh.catalog.registry;

/**
 * Where a product is in its life: {@code ACTIVE} → {@code DEPRECATED} → {@code RETIRED}, never
 * back. A deprecated product still serves its readers while they move to its successor.
 */
public enum ProductStatus {
  ACTIVE,
  DEPRECATED,
  RETIRED
}
