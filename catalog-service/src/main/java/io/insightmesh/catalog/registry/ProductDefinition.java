package io.insightmesh.catalog.registry;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * What a domain team declares about its product: everything a registration or update sets. The
 * lifecycle and the release history are kept apart, in {@link Product} and {@link Release}.
 */
public record ProductDefinition(
    ProductId id,
    Owner owner,
    String description,
    List<String> tags,
    Classification classification,
    Duration freshnessSla,
    ContractVersion contractVersion,
    TableIdentifier icebergTable,
    List<ProductField> fields) {
  public ProductDefinition {
    requireNonNull(id, "id is null");
    requireNonNull(owner, "owner is null");
    requireNonNull(description, "description is null");
    tags = List.copyOf(requireNonNull(tags, "tags is null"));
    requireNonNull(classification, "classification is null");
    requireNonNull(freshnessSla, "freshnessSla is null");
    requireNonNull(contractVersion, "contractVersion is null");
    requireNonNull(icebergTable, "icebergTable is null");
    fields = List.copyOf(requireNonNull(fields, "fields is null"));
  }

  /**
   * The table holding the product's data under contracts of {@code major}: the registered table for
   * the contract's own major, {@code <domain>.<name>_v<major>} for the others. A MAJOR change moves
   * the product to a new table; the old one keeps its releases and tags until retired.
   */
  public TableIdentifier tableOfMajor(int major) {
    return contractVersion.major() == major
        ? icebergTable
        : new ProductTable(id, major).identifier();
  }
}
