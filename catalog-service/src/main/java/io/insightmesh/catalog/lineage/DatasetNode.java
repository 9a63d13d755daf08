package io.insightmesh.catalog.lineage;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A dataset as the lineage graph names it (DESIGN.md §4): a registered product ({@code
 * claims.claims}), a table of this catalog that no product claims ({@code table:claims.tmp_v1}), or
 * a dataset outside the catalog, kept under the producer's {@code <namespace>:<name>}.
 *
 * @param key the node's name in the graph; its node id is {@code dataset:<key>}
 * @param namespace the OpenLineage namespace stored events give the dataset
 * @param name the OpenLineage name stored events give the dataset
 * @param table the catalog table, lower case, for products and tables
 * @param product the product id, for products
 */
public record DatasetNode(
    String key,
    Kind kind,
    String namespace,
    String name,
    Optional<String> table,
    Optional<String> product) {
  /** What a dataset node stands for. */
  public enum Kind {
    PRODUCT,
    TABLE,
    EXTERNAL
  }

  public DatasetNode {
    requireNonNull(key, "key is null");
    requireNonNull(kind, "kind is null");
    requireNonNull(namespace, "namespace is null");
    requireNonNull(name, "name is null");
    requireNonNull(table, "table is null");
    requireNonNull(product, "product is null");
  }

  /** The node id in the graph API: {@code dataset:<key>}. */
  public String nodeId() {
    return "dataset:" + key;
  }

  static DatasetNode product(String productId, Optional<String> table) {
    return new DatasetNode(
        productId, Kind.PRODUCT, DatasetNames.NAMESPACE, productId, table, Optional.of(productId));
  }

  static DatasetNode table(String table) {
    String key = DatasetNames.TABLE_PREFIX + table;
    return new DatasetNode(
        key, Kind.TABLE, DatasetNames.NAMESPACE, key, Optional.of(table), Optional.empty());
  }

  static DatasetNode external(String namespace, String name) {
    return new DatasetNode(
        namespace + ":" + name, Kind.EXTERNAL, namespace, name, Optional.empty(), Optional.empty());
  }
}
