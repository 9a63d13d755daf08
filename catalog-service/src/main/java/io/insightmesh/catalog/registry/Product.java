package io.insightmesh.catalog.registry;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * A registered data product: its definition, the field names last read from its Iceberg table's
 * schema, and where it is in its lifecycle.
 *
 * @param tableFields the names of the Iceberg table's fields, nested ones dotted ({@code
 *     address.postcode}), as of the last registration, update or release; empty while the table
 *     does not exist
 */
public record Product(
    ProductDefinition definition,
    List<String> tableFields,
    ProductStatus status,
    Optional<Deprecation> deprecation,
    Optional<Change> retirement,
    Change created,
    Change updated) {
  public Product {
    requireNonNull(definition, "definition is null");
    tableFields = List.copyOf(requireNonNull(tableFields, "tableFields is null"));
    requireNonNull(status, "status is null");
    requireNonNull(deprecation, "deprecation is null");
    requireNonNull(retirement, "retirement is null");
    requireNonNull(created, "created is null");
    requireNonNull(updated, "updated is null");
  }

  public ProductId id() {
    return definition.id();
  }
}
