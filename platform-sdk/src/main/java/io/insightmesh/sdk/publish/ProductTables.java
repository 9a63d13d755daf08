package io.insightmesh.sdk.publish;

import static java.util.Objects.requireNonNull;

import io.insightmesh.contracts.spec.ProductDescriptor;
import java.util.HashMap;
import java.util.Map;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.UpdateSchema;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.LocationProvider;
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
   * <p>The schema evolved is the one the table's data was written with ({@code main}'s snapshot),
   * not whatever schema the table has now: a publish that evolved the table and then failed, or
   * died, leaves columns no data has and the contract may no longer name. They are dropped; every
   * column {@code main}'s data was written with stays, with its field id. A table without data on
   * {@code main} is exactly its contract, partitioned as the product says.
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
    evolve(table, product, contractSchema);
    table.refresh();
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

  /**
   * Makes the table's current schema the union of the schema its released data was written with and
   * {@code contract}, in one commit: the catalog holds the table to the product's contract on every
   * schema change, so the schema cannot pass through the released one on the way.
   */
  private static void evolve(Table table, ProductDescriptor product, Schema contract) {
    for (int attempt = 1; ; attempt++) {
      TableOperations operations = ((HasTableOperations) table).operations();
      TableMetadata base = operations.refresh();
      TableMetadata.Builder evolved = TableMetadata.buildFrom(base);
      if (base.currentSnapshot() == null) {
        // No data: the table becomes its contract, partitioned as the product says (a renamed
        // partition column would otherwise leave the spec pointing at a dropped one).
        int[] lastColumnId = {base.lastColumnId()};
        Schema target = TypeUtil.assignFreshIds(contract, base.schema(), () -> ++lastColumnId[0]);
        if (base.schema().sameSchema(target)) {
          return;
        }
        evolved
            .setCurrentSchema(target, lastColumnId[0])
            .setDefaultPartitionSpec(TableLayout.partitioning(product, target));
      } else {
        TableMetadata target = evolved(base, contract);
        if (base.schema().sameSchema(target.schema())) {
          return;
        }
        evolved.setCurrentSchema(target.schema(), target.lastColumnId());
      }
      try {
        operations.commit(base, evolved.build());
        return;
      } catch (CommitFailedException e) {
        // Another writer changed the table since it was read: evolve what it left.
        if (attempt == EVOLVE_ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  private static final int EVOLVE_ATTEMPTS = 4;

  /**
   * The table's metadata with the schema a publish of {@code contract} gives it: Iceberg's own
   * union by name, applied in memory to the schema {@code main}'s snapshot was written with (its
   * schema update works on a table's current schema only).
   */
  private static TableMetadata evolved(TableMetadata base, Schema contract) {
    Integer releasedId = base.currentSnapshot().schemaId();
    Schema released =
        releasedId == null || !base.schemasById().containsKey(releasedId)
            ? base.schema()
            : base.schemasById().get(releasedId);
    Scratch scratch =
        new Scratch(TableMetadata.buildFrom(base).setCurrentSchema(released.schemaId()).build());
    UpdateSchema update = new BaseTable(scratch, "evolve").updateSchema().unionByNameWith(contract);
    for (Types.NestedField field : contract.columns()) {
      Types.NestedField existing = released.findField(field.name());
      if (field.isOptional() && existing != null && existing.isRequired()) {
        update.makeColumnOptional(field.name());
      }
    }
    update.commit();
    return scratch.current();
  }

  /** Table operations on metadata held in memory, for computing a schema update. */
  private static final class Scratch implements TableOperations {
    private TableMetadata current;

    Scratch(TableMetadata current) {
      this.current = current;
    }

    @Override
    public TableMetadata current() {
      return current;
    }

    @Override
    public TableMetadata refresh() {
      return current;
    }

    @Override
    public void commit(TableMetadata base, TableMetadata metadata) {
      if (base != current) {
        throw new CommitFailedException("Scratch metadata changed");
      }
      current = metadata;
    }

    @Override
    public FileIO io() {
      throw new UnsupportedOperationException("A schema update reads no files");
    }

    @Override
    public String metadataFileLocation(String fileName) {
      throw new UnsupportedOperationException("A schema update writes no files");
    }

    @Override
    public LocationProvider locationProvider() {
      throw new UnsupportedOperationException("A schema update writes no files");
    }
  }

  /** The Iceberg schema of the product's contract, with the field ids a new table gets. */
  public static Schema schema(ProductDescriptor product) {
    return TableLayout.schema(requireNonNull(product, "product is null"));
  }
}
