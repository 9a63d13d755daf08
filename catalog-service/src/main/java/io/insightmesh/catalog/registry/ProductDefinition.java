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
}
