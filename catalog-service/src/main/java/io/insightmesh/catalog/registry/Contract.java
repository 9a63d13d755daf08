package io.insightmesh.catalog.registry;

import static java.util.Objects.requireNonNull;

/** One stored contract version of a product: the Avro schema text, exactly as registered. */
public record Contract(ProductId product, ContractVersion version, String schema, Change created) {
  public Contract {
    requireNonNull(product, "product is null");
    requireNonNull(version, "version is null");
    requireNonNull(schema, "schema is null");
    requireNonNull(created, "created is null");
  }
}
