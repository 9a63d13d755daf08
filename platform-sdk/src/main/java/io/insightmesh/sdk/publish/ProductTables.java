package io.insightmesh.sdk.publish;

import static java.util.Objects.requireNonNull;

import io.insightmesh.contracts.spec.ProductDescriptor;
import java.util.HashMap;
import java.util.Map;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.UpdateSchema;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.types.TypeUtil;
import org.apache.iceberg.types.Types;

/**
 * Creates or evolves a product's Iceberg table from its descriptor, without Spark: the schema its
 * contract implies, its partitioning, and the properties the catalog checks on every commit. Used
 * by {@link Publisher} and by services that write a product directly (the scoring engine's
 * decisions).
 */
public final class ProductTables {
  private ProductTables() {}

  /**
   * Returns the product's table of the current major version, creating its namespace and table if
   * missing and evolving it in place (MINOR and PATCH contract changes: union by name, field ids
   * stay stable) when the contract has grown, and setting any missing product properties.
   *
   * @param catalog the catalog to use; if it supports namespaces, a missing one is created
   * @param product the product
   * @param contractVersion the contract version the table carries as {@code mesh.contract.version}
   * @return the table, freshly loaded
   */
  public static Table createOrLoad(
      Catalog catalog, ProductDescriptor product, String contractVersion) {
    requireNonNull(catalog, "catalog is null");
    requireNonNull(product, "product is null");
    requireNonNull(contractVersion, "contractVersion is null");
    TableIdentifier id = TableIdentifier.parse(product.table());
    if (catalog instanceof SupportsNamespaces namespaces
        && !namespaces.namespaceExists(Namespace.of(product.domain()))) {
      namespaces.createNamespace(Namespace.of(product.domain()));
    }
    Schema contractSchema = TableLayout.schema(product);
    Map<String, String> properties = TableLayout.properties(product, contractVersion);
    if (!catalog.tableExists(id)) {
      return catalog
          .buildTable(id, contractSchema)
          .withPartitionSpec(TableLayout.partitioning(product, contractSchema))
          .withProperties(properties)
          .create();
    }
    Table table = catalog.loadTable(id);
    if (!table.schema().sameSchema(TypeUtil.reassignOrRefreshIds(contractSchema, table.schema()))) {
      // MINOR and PATCH releases evolve in place; field ids of existing columns stay stable.
      UpdateSchema update = table.updateSchema().unionByNameWith(contractSchema);
      for (Types.NestedField field : contractSchema.columns()) {
        if (field.isOptional()
            && table.schema().findField(field.name()) != null
            && table.schema().findField(field.name()).isRequired()) {
          update.makeColumnOptional(field.name());
        }
      }
      update.commit();
    }
    Map<String, String> missing = new HashMap<>();
    properties.forEach(
        (key, value) -> {
          if (!value.equals(table.properties().get(key))) {
            missing.put(key, value);
          }
        });
    if (!missing.isEmpty()) {
      var update = table.updateProperties();
      missing.forEach(update::set);
      update.commit();
    }
    return catalog.loadTable(id);
  }

  /** The Iceberg schema of the product's contract, with the field ids a new table gets. */
  public static Schema schema(ProductDescriptor product) {
    return TableLayout.schema(requireNonNull(product, "product is null"));
  }
}
